"""Each served page has one stand-in IPython shell, made once, whose event hooks cost nothing
(Solara made a new one, with a MagicMock, for every message a page sent)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from workshop.server import settings


@pytest.fixture
def pages() -> Iterator[list[object]]:
    import solara.server.app  # noqa: F401  (Solara patches IPython when imported)
    from solara.server import kernel, kernel_context

    settings.one_shell_per_page()
    made = [
        kernel_context.VirtualKernelContext(
            id=f"page-{n}", kernel=kernel.Kernel(), session_id=f"session-{n}"
        )
        for n in range(2)
    ]
    yield made
    for context in made:
        context.close()


def test_a_page_keeps_one_shell_and_pages_do_not_share_it(pages: list[object]) -> None:
    import IPython

    shells = []
    for context in pages:
        with context:  # type: ignore[attr-defined]
            first, again = IPython.get_ipython(), IPython.get_ipython()
            assert first is again
            assert first.kernel is context.kernel  # type: ignore[attr-defined]
            first.events.trigger("pre_execute")  # what comm does around every message
            shells.append(first)
    assert shells[0] is not shells[1]
    assert "MagicMock" not in type(shells[0].events).__name__


def test_installing_twice_changes_nothing(pages: list[object]) -> None:
    import IPython

    installed = IPython.get_ipython
    settings.one_shell_per_page()
    assert IPython.get_ipython is installed
