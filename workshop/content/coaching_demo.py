"""The demo team of ``coaching.yaml``: its people, its sample calls and its self-checks.

`workshop.coaching.demo` draws a team's six months from these samples; each sample is one
singular situation with its own fix, so no two demo calls fix the same thing.
"""

from __future__ import annotations

from workshop.content.base import unique
from workshop.content.coaching import (
    ADJUSTMENTS,
    MEDIUMS,
    Adjustment,
    DemoCall,
    DemoContent,
)
from workshop.content.reader import Map


def read_demo(doc: Map | None) -> DemoContent:
    """The demo team's people, sample calls and self-checks; each sample's fix is its own."""
    if doc is None:
        return DemoContent((), (), ())
    doc.check_keys(("reps", "calls", "self_checks", "directors", "managers", "manager_calls"))
    reps = doc.sequence("reps", min_items=1).texts()
    directors = _names(doc, "directors")
    managers = _names(doc, "managers")
    unique(doc, [*reps, *directors, *managers], "demo person", fold=True)
    calls = _calls(doc, "calls", required=True)
    manager_calls = _calls(doc, "manager_calls", required=False)
    checks = doc.sequence("self_checks", min_items=1).texts()
    return DemoContent(
        reps=tuple(text for text, _ in reps),
        calls=calls,
        self_checks=tuple(text for text, _ in checks),
        directors=tuple(text for text, _ in directors),
        managers=tuple(text for text, _ in managers),
        manager_calls=manager_calls,
    )


def _names(doc: Map, key: str) -> list[tuple[str, int]]:
    found = doc.sequence(key, required=False)
    return found.texts() if found is not None else []


def _calls(doc: Map, key: str, required: bool) -> tuple[DemoCall, ...]:
    found = doc.sequence(key, required=required, min_items=1 if required else 0)
    if found is None:
        return ()
    items = found.mappings()
    calls = tuple(_demo_call(item) for item in items)
    # A sample's fix repeated by another would show in the demo as the same thing fixed twice.
    fixes = [(c.fix, item.line_at("fix")) for c, item in zip(calls, items, strict=True)]
    unique(doc, fixes, "demo fix", fold=True)
    return calls


def _demo_call(item: Map) -> DemoCall:
    item.check_keys(
        (
            "competency",
            "medium",
            "situation",
            "knows",
            "can",
            "adjustments",
            "fix",
            "self_critique",
            "insight",
        )
    )
    medium = item.text("medium")
    if medium and medium not in MEDIUMS:
        item.error(
            item.line_at("medium"),
            f"'{item.path}.medium' expected one of {', '.join(MEDIUMS)}, got {medium!r}",
        )
    chosen: list[Adjustment] = []
    for text, line in item.sequence("adjustments", min_items=1).texts():
        match = next((a for a in ADJUSTMENTS if a == text), None)
        if match is None:
            item.error(
                line,
                f"'{item.path}.adjustments' expected some of {', '.join(ADJUSTMENTS)}, "
                f"got {text!r}",
            )
        else:
            chosen.append(match)
    return DemoCall(
        competency=item.text("competency"),
        medium=next((m for m in MEDIUMS if m == medium), "call"),
        situation=item.text("situation"),
        knows=item.boolean("knows", default=False),
        can=item.boolean("can", default=False),
        adjustments=tuple(a for a in ADJUSTMENTS if a in chosen),  # in the rules' order
        fix=item.text("fix"),
        self_critique=item.text("self_critique"),
        insight=item.text("insight"),
        line=item.line_at("competency"),
    )
