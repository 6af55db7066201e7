"""The trainer's preview: every screen with the trainer's content, over a throwaway demo room."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from tests.support.paths import ROOT
from tests.support.widget_tree import all_widgets
from workshop.shipped import content_dir
from workshop.ui.live.preview import SessionPreview, preview_session

SPANISH = ROOT / "data" / "es"


def page_html(root: Any) -> str:
    return "\n".join(w.value for w in all_widgets(root) if isinstance(w, widgets.HTML))


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory the preview must leave empty."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("WORKSHOP_DB", raising=False)
    return folder


@pytest.fixture
def preview(workdir: Path) -> Iterator[SessionPreview]:
    built = SessionPreview.build(SPANISH, attendees=12, make_card=False)
    yield built
    built.store.close()
    shutil.rmtree(built.folder, ignore_errors=True)


def test_one_tab_per_screen_titled_from_the_content(preview: SessionPreview) -> None:
    live = preview.live
    assert preview.widget.titles == (
        live.label("join_title"),
        *(step.label for step in live.steps),
        live.label("dashboard_title"),
    )
    assert len(preview.widget.children) == len(live.steps) + 2


def test_every_exercise_shows_with_the_trainers_wording(preview: SessionPreview) -> None:
    content = preview.content
    shown = page_html(preview.widget)
    for title in (
        content.do_over.title,
        content.balance.title,
        content.impact.title,
        content.menu.title,
        content.settings.label("card_title"),
        content.settings.title,
        preview.live.label("join_title"),
    ):
        assert title in shown
    # The demo attendee shown has answered: their wheel is drawn, their answers are there.
    assert "workshop-wheel-svg" in shown


def test_the_dashboard_shows_the_demo_room(preview: SessionPreview) -> None:
    dashboard = preview.dashboard
    slide = dashboard.presenter.widget.value
    assert "data-slide='balance'" in slide
    assert "<table class='wp-heat'>" in slide
    assert preview.live.label("top_finders") in slide
    assert f"{preview.live.label('joined')}<b>12</b>" in dashboard.remote.counters.value


def test_nothing_is_written_to_the_working_directory(workdir: Path) -> None:
    built = SessionPreview.build(content_dir(), attendees=8)
    try:
        assert built.card.preview.layout.display == "block"  # drawn at once
        assert built.store.path.parent == built.folder
        assert built.folder.parent == Path(tempfile.gettempdir())
        built.dashboard.export()  # even the export button writes beside the database
        assert sorted(p.name for p in built.folder.iterdir() if p.suffix == ".xlsx")
    finally:
        built.store.close()
        shutil.rmtree(built.folder, ignore_errors=True)
    assert list(workdir.iterdir()) == []


def test_the_content_comes_from_workshop_content_by_default(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKSHOP_CONTENT", str(SPANISH))
    widget = preview_session()
    assert isinstance(widget, widgets.Tab)
    assert widget.titles[0] == "Únete a la sesión"
    assert list(workdir.iterdir()) == []


def test_content_that_does_not_validate_shows_its_problems_not_a_traceback(
    workdir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(content_dir(), broken)
    live_yaml = broken / "live.yaml"
    live_yaml.write_text(
        live_yaml.read_text(encoding="utf-8").replace("step: impact", "step: <impakt>"),
        encoding="utf-8",
    )
    widget = preview_session(broken)
    assert isinstance(widget, widgets.HTML)
    assert f"{live_yaml}:" in widget.value
    assert "names a step that does not exist" in widget.value
    assert "&lt;impakt&gt;" in widget.value and "<impakt>" not in widget.value
    assert list(workdir.iterdir()) == []
