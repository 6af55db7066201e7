"""The Spanish content set (``data/es``): complete, valid, and shown everywhere in Spanish.

It is the proof that nothing is tied to English: its own ids, its own wording, accents in
every file, run through validation, a rehearsal room, the session report, the cards and the
screens an attendee, a facilitator and a sales manager see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
import yaml

from tests.support.paths import ROOT
from tests.support.widget_tree import all_widgets
from workshop.cli import main
from workshop.content.check import check_content
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import COACHING_FILES, load_coaching_content
from workshop.content.keynote import CONTENT_FILES, KeynoteContent, load_content
from workshop.content.live import LIVE_FILES, LiveContent, load_live_content
from workshop.content.trainer import describe
from workshop.reports.card import card_data, card_files
from workshop.reports.session_report import write_cards, write_session_report
from workshop.services.demo import fill_room
from workshop.services.live_session import start_session
from workshop.shipped import content_dir
from workshop.store import Store
from workshop.ui.coaching.calls import CallView
from workshop.ui.coaching.context import CoachingContext
from workshop.ui.coaching.picker import RepPicker
from workshop.ui.keynote.context import AttendeeContext
from workshop.ui.keynote.do_over import DoOverView
from workshop.ui.keynote.menu import MenuView
from workshop.ui.live.app import LiveApp

SPANISH = ROOT / "data" / "es"
EVERY_READER = (*CONTENT_FILES, *LIVE_FILES, *COACHING_FILES)


@pytest.fixture(scope="module")
def es() -> KeynoteContent:
    return load_content(SPANISH)


@pytest.fixture(scope="module")
def es_live() -> LiveContent:
    return load_live_content(SPANISH)


@pytest.fixture(scope="module")
def es_coaching() -> CoachingContent:
    return load_coaching_content(SPANISH)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def page_html(root: Any) -> str:
    return "\n".join(w.value for w in all_widgets(root) if isinstance(w, widgets.HTML))


# -- the set itself -------------------------------------------------------------------------


def test_workshop_validate_finds_nothing_to_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SPANISH)]) == 0
    out, err = capsys.readouterr()
    assert out == ""  # not even a style warning
    assert err == f"{SPANISH}: content is valid\n"


def test_every_reader_loads_it(
    es: KeynoteContent, es_live: LiveContent, es_coaching: CoachingContent
) -> None:
    assert check_content(SPANISH, EVERY_READER) == []
    everything = load_content(SPANISH, EVERY_READER)
    assert sorted(everything.parts) == sorted(f.name for f in EVERY_READER)
    assert everything.part("live.yaml", LiveContent) == es_live
    coaching = everything.part("coaching.yaml", CoachingContent)
    assert coaching.labels == es_coaching.labels
    assert es.settings.language == "es"
    assert es.settings.title == "Volver a hacerlo"
    assert len(es_coaching.competencies) == 21
    assert es_coaching.demo.reps[0] == "Álex"


#: Mappings keyed by ids, which a translation may rename: compared by position.
ID_KEYED = (".finders",)
#: Lists of a language's own words (the one-fix rule's): each language has as many as it needs.
WORD_LISTS = ".one_fix."


def shape(node: object, path: str = "") -> set[str]:
    """Keys and list lengths, recursively: what a translation must keep."""
    if isinstance(node, dict):
        keys = [f"#{i}" for i in range(len(node))] if path in ID_KEYED else list(node)
        return {f"{path}{{}}"} | {
            item
            for key, value in zip(keys, node.values(), strict=True)
            for item in shape(value, f"{path}.{key}")
        }
    if isinstance(node, list) and path.startswith(WORD_LISTS):
        return {f"{path}[words]"}
    if isinstance(node, list):
        return {f"{path}[{len(node)}]"} | {
            item for i, value in enumerate(node) for item in shape(value, f"{path}[{i}]")
        }
    return {f"{path}:{type(node).__name__}"}


def comments(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip().startswith("#")]


@pytest.mark.parametrize("name", sorted(p.name for p in content_dir().glob("*.yaml")))
def test_each_file_is_a_full_translation_with_its_comments(name: str) -> None:
    english, spanish = content_dir() / name, SPANISH / name
    assert spanish.exists()
    load = yaml.safe_load
    assert shape(load(spanish.read_text("utf-8"))) == shape(load(english.read_text("utf-8")))
    # Every comment the English file has, translated: as many at least, and none left as is.
    assert len(comments(spanish)) >= len(comments(english))
    assert not set(comments(spanish)) & set(comments(english))
    assert describe(spanish) != describe(english)


def test_the_set_writes_spanish_with_its_accents() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in SPANISH.glob("*.yaml"))
    for mark in "áéíóúñ¿¡«»":
        assert mark in text


# -- a rehearsal room, its report and the cards ---------------------------------------------


def test_workshop_demo_fills_a_room_from_the_spanish_categories(
    tmp_path: Path, es: KeynoteContent, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "sala.db"
    assert main(["demo", "--content", str(SPANISH), "--db", str(db), "--attendees", "25"]) == 0
    code = re.search(r"started session ([A-Z0-9]{6})", capsys.readouterr().out)
    assert code
    with Store(db) as store:
        rows = store.export_rows(code.group(1))
        assert len(rows.attendees) == 25
        rated = {category for _attendee, category, _score in rows.ratings}
        assert rated == {c.id for c in es.balance.categories}
        finders = {finder for _attendee, _category, finder in rows.finders}
        offered = {f for found in es.balance.finders.values() for f in found}
        assert finders and finders <= offered


def test_a_spanish_room_report_and_cards_render(
    tmp_path: Path, es: KeynoteContent, es_live: LiveContent
) -> None:
    with Store(tmp_path / "sala.db") as store:
        code = start_session(store, es, es_live).session.code
        fill_room(store, es, es_live, 20, code, seed=3)
        report = write_session_report(store, es, es_live, code, tmp_path / "informe.pdf")
        assert pdf_pages(report.read_bytes()) == 2
        assert write_cards(store, es, code, tmp_path / "tarjetas", workers=1) == 20
        cards = sorted((tmp_path / "tarjetas").glob("*.pdf"))
        assert len(cards) == 20 and all(pdf_pages(p.read_bytes()) == 1 for p in cards)
        first = store.export_rows(code).attendees[0]
        files = card_files(card_data(store.answers(first), es), es)
    assert files.pdf.startswith(b"%PDF") and files.png.startswith(b"\x89PNG")


# -- the screens, refusals included ---------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "pantallas.db") as opened:
        yield opened


def test_a_refused_answer_is_explained_in_spanish(es: KeynoteContent, store: Store) -> None:
    context = AttendeeContext(es, store, store.create_attendee())
    view = DoOverView(context)
    block = view.blocks["profesional"]
    block.answer.value = "é" * (context.text_limit + 3)
    assert "Demasiado largo para guardarlo" in block.message.value
    assert f"({context.text_limit + 3} / {context.text_limit})" in block.message.value
    assert "Sin guardar" in view.saver.status.value

    menu = MenuView(context)
    menu.rows["Gratitud"].check.value = True
    menu.own_name.value = "gratitud"
    assert menu.add_own() is False
    assert "Ese ingrediente ya está en tu menú. (gratitud)" in menu.message.value


def test_the_join_screen_speaks_spanish(
    es: KeynoteContent, es_live: LiveContent, store: Store
) -> None:
    app = LiveApp(store, es, es_live)
    shown = page_html(app.widget)
    assert "Únete a la sesión" in shown and "Volver a hacerlo" in shown
    assert app.join_button.description == "Entrar"
    app.code_input.value = "ZZZZZZ"
    assert not app.join()
    assert es_live.label("wrong_session") in app.join_message.value
    assert "no session" not in app.join_message.value  # the English detail stays in logs


def test_a_coaching_refusal_is_explained_in_spanish(
    es_coaching: CoachingContent, store: Store
) -> None:
    coach = CoachingContext(es_coaching, store, today=lambda: date(2026, 3, 16))
    picker = RepPicker(coach)
    picker.new_name.value = "Begoña"
    picker.add_button.click()
    picker.new_name.value = "BEGOÑA"
    picker.add_button.click()
    assert "Sin guardar: ya hay un comercial llamado Begoña" in picker.message.value

    calls = CallView(coach, picker)
    calls.situation.value = "El cliente pidió el precio enseguida."
    calls.start_button.click()
    assert "Sin guardar: elige primero la competencia." in calls.message.value
    calls.competency.value = "hablar_de_dinero"
    calls.start_button.click()
    calls.insight.value = "Di el rango y calla."
    assert calls.save_insight() is None
    assert "primero responde el comercial" in calls.message.value
    calls.rep_answer.value = "Solté la cifra con prisa."
    calls.answer_button.click()
    calls.knows.value, calls.can.value = True, False
    calls.adjustments["words"].value = True
    calls.insight_button.click()
    calls.fix.value = "1. Da el rango 2. Pregunta el presupuesto"
    calls.fix_button.click()
    assert "Esto se lee como 2 mejoras. ¿Cuál corrige esta llamada?" in calls.decision_text.value
    keep = [b.description for b in calls.keep_buttons.children]
    assert keep == ["Quedarse con: Da el rango", "Quedarse con: Pregunta el presupuesto"]
    [call] = store.calls(picker.rep.id if picker.rep else "")
    assert call.has_insight and not call.complete
