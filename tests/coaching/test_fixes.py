"""The one-fix rule, by corpus: fixes a manager types, single and several, in both languages.

Every single fix in the corpus must pass (no false refusal of a normal fix with a comma or an
"and"); every list must be refused with the same reason and count a second line would give.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.support.paths import ROOT
from workshop.coaching.fixes import NO_WORDS, check_fix, fix_items
from workshop.coaching.model import OneFixError
from workshop.content.coaching import CoachingContent
from workshop.content.coaching_files import load_coaching_content


@pytest.fixture(scope="module")
def en() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "en")


@pytest.fixture(scope="module")
def es() -> CoachingContent:
    return load_coaching_content(ROOT / "data" / "es")


SINGLE_EN = [
    "Give the range plainly, then ask what budget they have set aside.",
    "Ask who else decides before offering a demo.",
    "Let them finish, then repeat back the complaint before answering.",
    "When they ask for the price, give the range, then stop.",
    "If the buyer says 'fine', ask what fine costs them each month, and listen.",
    "Ask what 'fine, for now, at least' costs them each month, and why.",
    "Write to Ana, the owner, and mention the problem we solve.",
    "Shorten the subject line and put the date in it.",
    "Say the range - then stop talking.",
    "1. Ask who signs off before the demo.",
    "First ask who decides, then book the demo.",
    "Offer 3, 6 or 12 months, and let them choose.",
    "Pause after the price. The silence is theirs.",
    "Call back at 3.30 and confirm by email.",
    "Next time, ask for the budget before the demo.",
    "Ask, then wait.",
    "Ask about their timeline, their budget and who signs, before any demo.",
    "Answer the objection with a question, not a discount.",
    "Use their words, not ours, when you restate the problem.",
    "Don't pitch; ask.",
    "Finally, ask for the order.",
    "Also ask who signs.",
    "Say \u201cwe can, and we will\u201d once, then stop.",
    "  Propose a dated next step before hanging up.  \n",
]

MULTIPLE_EN = [
    ("1. Shorter subject line 2. Propose a date 3. Cut the attachments", 3),
    ("Shorter subject line\nPropose a date", 2),
    ("Pause after the price.\n\nAsk for the budget.", 2),
    ("- Shorter subject line - Propose a date", 2),
    ("* Ask the budget * Book the demo", 2),
    ("\u2022 Ask the budget \u2022 Propose a date \u2022 Send the summary", 3),
    ("Shorter subject line; propose a date; cut the attachments", 3),
    ("Give the range; stop talking.", 2),
    ("Ask the budget, then propose a date, and send a summary", 3),
    ("Shorter subject line, propose a date, and cut the attachments", 3),
    ("Open with the problem, ask two questions, summarise the call, and propose a date", 4),
    ("First, shorten the subject line. Second, propose a date.", 2),
    ("Propose a date. Also, cut the attachments.", 2),
    ("Ask the budget, also confirm who signs.", 2),
    ("a) Ask who signs b) Book the demo", 2),
    ("(1) Pause after the price (2) Ask for the budget", 2),
    ("1) ask who signs 2) book the demo 3) send the agenda", 3),
    ("Two things: 1. ask the budget 2. propose a date", 2),
]

SINGLE_ES = [
    "Da el rango de precio con claridad y luego pregunta qué presupuesto tienen previsto.",
    "Cuando pregunten el precio, da el rango, luego calla.",
    "Si dicen que está bien, pregunta qué les cuesta, y escucha.",
    "Pregunta cuánto les cuesta ese «bien, de momento, al menos» cada mes, y por qué.",
    "Escribe a Ana, la dueña, y menciona el problema que resolvemos.",
    "Antes de la demostración, pregunta quién firma.",
]

MULTIPLE_ES = [
    ("1. Asunto más corto 2. Propón una fecha 3. Quita los adjuntos", 3),
    ("Asunto más corto; propón una fecha; quita los adjuntos", 3),
    ("Pregunta el presupuesto, luego propón una fecha, y manda un resumen", 3),
    ("Primero, acorta el asunto. Segundo, propón una fecha.", 2),
    ("Propón una fecha. Además, quita los adjuntos.", 2),
    ("- Acorta el asunto - Propón una fecha", 2),
]


def test_the_corpus_is_large_enough() -> None:
    assert len(SINGLE_EN) + len(MULTIPLE_EN) >= 40
    assert len(SINGLE_EN) >= 20 and len(MULTIPLE_EN) >= 15


@pytest.mark.parametrize("fix", SINGLE_EN)
def test_a_single_fix_passes_verbatim(fix: str, en: CoachingContent) -> None:
    assert fix_items(fix, en.fix_words) == (fix.strip(),)
    assert check_fix(fix, en.fix_words) == fix  # kept as typed


@pytest.mark.parametrize(("fix", "count"), MULTIPLE_EN)
def test_a_list_is_refused_like_two_lines(fix: str, count: int, en: CoachingContent) -> None:
    items = fix_items(fix, en.fix_words)
    assert len(items) == count, items
    with pytest.raises(OneFixError) as raised:
        check_fix(fix, en.fix_words)
    assert raised.value.reason == "one_fix"
    assert raised.value.values == {"count": count}
    assert str(raised.value).startswith(f"one call, one fix: {count} fixes were given")
    for item in items:
        assert repr(item) in str(raised.value)  # each one named, for the manager to choose


def test_the_refusal_of_a_list_is_the_refusal_of_two_lines(en: CoachingContent) -> None:
    errors = []
    for fix in ("Ask the budget\nPropose a date", "1. Ask the budget 2. Propose a date"):
        with pytest.raises(OneFixError) as raised:
            check_fix(fix, en.fix_words)
        errors.append((raised.value.reason, raised.value.values))
    assert errors[0] == errors[1] == ("one_fix", {"count": 2})


@pytest.mark.parametrize("fix", SINGLE_ES)
def test_a_single_spanish_fix_passes(fix: str, es: CoachingContent) -> None:
    assert check_fix(fix, es.fix_words) == fix


@pytest.mark.parametrize(("fix", "count"), MULTIPLE_ES)
def test_a_spanish_list_is_refused(fix: str, count: int, es: CoachingContent) -> None:
    assert len(fix_items(fix, es.fix_words)) == count


def test_the_languages_words_matter(en: CoachingContent) -> None:
    """Without the content's conditions, a condition reads as a phrase of the list; without its
    ordinals, a spelled-out list is missed; the shapes hold whatever the words."""
    conditioned = "When they ask for the price, give the range, and stop."
    assert len(fix_items(conditioned, en.fix_words)) == 1
    assert len(fix_items(conditioned, replace(en.fix_words, conditions=()))) == 3
    worded = "First, shorten the subject line. Second, propose a date."
    assert len(fix_items(worded, NO_WORDS)) == 1
    assert len(fix_items("Ask the budget; propose a date", NO_WORDS)) == 2


@pytest.mark.parametrize("blank", ["", "   ", "\n\t\n", None, 3])
def test_no_fix_is_refused(blank: object, en: CoachingContent) -> None:
    with pytest.raises(OneFixError) as raised:
        check_fix(blank, en.fix_words)
    assert raised.value.reason == "no_fix"


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_demo_fix_is_one_fix_and_its_own(language: str) -> None:
    """The demo team draws on these samples: each must be one fix, and none the same as another,
    or a demo repeat would look like a new fix."""
    content = load_coaching_content(ROOT / "data" / language)
    fixes = [call.fix for call in content.demo.calls]
    assert len(fixes) >= 4 * len(content.competencies)
    for fix in fixes:
        assert check_fix(fix, content.fix_words) == fix
    assert len({" ".join(f.casefold().split()) for f in fixes}) == len(fixes)
    assert {call.competency for call in content.demo.calls} == {c.id for c in content.competencies}
