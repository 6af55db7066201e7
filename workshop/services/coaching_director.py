"""What a director's view shows, in the content's words: for the notebook's widget view and the
server's plain page alike, so the two never say it differently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workshop.coaching.chain_svg import ChainWords, chain_svg
from workshop.coaching.director import DirectorView, ManagerLine, RepLine, Status
from workshop.coaching.model import Rep
from workshop.coaching.progress import SELF_CHECK_WINDOW
from workshop.content.coaching import CoachingContent
from workshop.services.coaching_team import director_overview
from workshop.store import Store


@dataclass(frozen=True)
class RepShown:
    name: str
    calls: str
    fixes: str
    self_checks: str
    status: Status
    status_text: str


@dataclass(frozen=True)
class ManagerShown:
    name: str
    heading: str
    status: Status
    status_text: str
    lines: tuple[str, ...]
    reps: tuple[RepShown, ...]


@dataclass(frozen=True)
class DirectorShown:
    """The director's page: a title, the window, the chain picture, a block per manager."""

    title: str
    intro: str
    window: str
    chain_title: str
    chain_legend: str
    chain: str  # an SVG, every name escaped
    managers: tuple[ManagerShown, ...]
    empty: str
    columns: tuple[str, str, str, str]


def _number(value: float, language: str) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(round(value, 1), format="#,##0.#", locale=language))


def _statuses(content: CoachingContent) -> dict[Status, str]:
    return {s: content.label(f"status_{s}") for s in ("on_track", "watch", "behind")}


def _manager_lines(line: ManagerLine, content: CoachingContent) -> tuple[str, ...]:
    label, length, language = content.label, content.call_length, content.language
    lines = [
        label(
            "cadence_line",
            value=_number(line.calls_per_rep_week or 0, language),
            target=content.calls_per_week,
        ),
        label(
            "length_line",
            minutes=_number(line.median_minutes, language),
            min=length.min,
            max=length.max,
        )
        if line.median_minutes is not None
        else label("no_length"),
    ]
    if line.one_fix_share is not None:
        lines.append(label("one_fix_line", percent=round(100 * line.one_fix_share)))
    lines.append(label("parked_line", count=line.parked))
    return tuple(lines)


def _rep(line: RepLine, content: CoachingContent, statuses: dict[Status, str]) -> RepShown:
    label = content.label
    fixes = (
        label("toward", count=line.fixes, mark=line.next_mark)
        if line.next_mark
        else str(line.fixes)
    )
    checks = line.self_checks
    return RepShown(
        name=line.rep.name,
        calls=_number(line.calls_per_week, content.language),
        fixes=fixes,
        self_checks=f"{checks.done}/{checks.window}",
        status=line.status,
        status_text=statuses[line.status],
    )


def shown(view: DirectorView, content: CoachingContent) -> DirectorShown:
    """The view in words, and the chain as a picture."""
    label = content.label
    statuses = _statuses(content)
    managers = tuple(
        ManagerShown(
            name=line.manager.name,
            heading=label("manager_team", manager=line.manager.name, count=len(line.reps)),
            status=line.status,
            status_text=statuses[line.status],
            lines=_manager_lines(line, content),
            reps=tuple(_rep(r, content, statuses) for r in line.reps),
        )
        for line in view.managers
    )
    words = ChainWords(
        label("chain_title"),
        statuses,
        lambda m: label(
            "chain_manager",
            calls=_number(m.calls_per_rep_week or 0, content.language),
            minutes=_number(m.median_minutes, content.language) if m.median_minutes else "-",
        ),
        lambda r: label(
            "chain_rep", count=r.fixes, checks=r.self_checks.done, window=r.self_checks.window
        ),
    )
    window = SELF_CHECK_WINDOW
    return DirectorShown(
        title=label("director_title"),
        intro=label("director_intro"),
        window=label("director_window", weeks=view.weeks),
        chain_title=label("chain_title"),
        chain_legend=label("chain_legend"),
        chain=chain_svg(view, words),
        managers=managers,
        empty="" if managers else label("no_managers", director=view.director.name),
        columns=(
            label("col_rep"),
            label("col_calls"),
            label("col_fixes"),
            label("col_self_checks", window=window),
        ),
    )


def director_page(
    store: Store, content: CoachingContent, director: Rep, today: date
) -> DirectorShown:
    """What `director` sees today of each manager they coach."""
    return shown(director_overview(store, content, director, today), content)
