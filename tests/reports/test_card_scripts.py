"""Every script prints rightly, from the packaged fonts: read back from the PDF's text layer
(pdftotext) and its embedded fonts (pdffonts), never a box, a .notdef or a wrong glyph."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from workshop.content.keynote import KeynoteContent
from workshop.keynote.reflections import Ingredient
from workshop.reports import fonts
from workshop.reports.card import CardData, Commitment, DoOverEntry, ImpactPledge, card_pdf
from workshop.reports.fonts import MARKER, printable

RATINGS = {
    "career": 6,
    "performance": 7,
    "relationships_work": 6,
    "finances": 3,
    "health": 2,
    "family": 6,
    "growth": 5,
    "fun": 6,
}
#: Each script's mantra, and words the text layer must give back. Shaped scripts (Devanagari,
#: Arabic) come back from pdftotext with their clusters doubled, so for them each letter is
#: looked for; right-to-left words come back whole but in visual order.
SCRIPTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "latin": ("Café, Zoë, José, Ångström: naïve façade", ("Café,", "Ångström:", "façade")),
    "greek": ("Σκέψου θετικά, δράσε!", ("Σκέψου", "θετικά,", "δράσε!")),
    "cyrillic": ("Думай позитивно, действуй!", ("Думай", "позитивно,", "действуй!")),
    "cjk": ("前向きに考えて行動しよう 가족", ("前向きに考えて行動しよう", "가족")),
    "hebrew": ("חשוב חיובי, פעל", ("חשוב", "חיובי", "פעל")),
    "arabic": ("فكر بإيجابية", ()),
    "devanagari": ("सकारात्मक सोचो", ()),
    "emoji": ("Go ✨ 🙈 🚀 👍🏽", ("✨", "🙈", "🚀")),
}
#: Embedded font names as pdffonts lists them (less the subset tag and the face): the
#: packaged files' PostScript names, matplotlib's DejaVu Sans and nothing else.
FONT_FILES = {
    "DejaVuSans",
    "NotoSansCJKjp",
    *(p.stem.split("[")[0] for p in fonts.font_files().values()),
}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is needed to read the card's PDF: apt-get install poppler-utils")
    return found


def read(pdf: bytes, tmp_path: Path, command: str, *options: str) -> str:
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [tool(command), *options, str(path), *(["-"] if command == "pdftotext" else [])],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def card(mantra: str, content: KeynoteContent, nickname: str = "Dana") -> CardData:
    return CardData(
        scores=dict(RATINGS),
        out_of_balance=("health",),
        finders=(Commitment("health", mantra),),
        do_overs=tuple(DoOverEntry(c.id, mantra, mantra, False) for c in content.do_over.contexts),
        impact=ImpactPledge(mantra, "giving", mantra, mantra),
        ingredients=(Ingredient(mantra, mantra),),
        mantra=mantra,
        nickname=nickname,
        made_on="2025-06-12",
    )


@pytest.mark.parametrize(("mantra", "words"), SCRIPTS.values(), ids=SCRIPTS.keys())
def test_each_script_prints_from_the_packaged_fonts_with_no_missing_glyph(
    content: KeynoteContent, tmp_path: Path, mantra: str, words: tuple[str, ...]
) -> None:
    assert printable(mantra).left_out == frozenset()  # every character has a glyph
    pdf = card_pdf(card(mantra, content, nickname="Dana ✨"), content)

    text = read(pdf, tmp_path, "pdftotext")
    flat = " ".join(text.split())
    for word in words or tuple(mantra.replace(" ", "")):
        assert word in flat, word
    assert "Dana ✨" in flat
    assert "2025-06-12" in flat
    for score in ("6/8", "7/8", "3/8", "2/8", "5/8"):
        assert score in flat
    assert MARKER not in flat
    assert content.settings.label("card_unprintable") not in flat

    embedded = read(pdf, tmp_path, "pdffonts").splitlines()[2:]
    names = {line.split()[0].split("+", 1)[-1].split("-")[0] for line in embedded}
    assert names <= FONT_FILES, names - FONT_FILES  # no LastResort, nothing from the machine
    assert b".notdef" not in pdf


def test_a_script_no_font_has_is_marked_and_named_in_a_footnote(
    content: KeynoteContent, tmp_path: Path
) -> None:
    tibetan = "བཀྲ་ཤིས་བདེ་ལེགས། Think!"
    assert printable(tibetan) == fonts.Printable(f"{MARKER} Think!", frozenset({"Tibetan"}))
    flat = " ".join(read(card_pdf(card(tibetan, content), content), tmp_path, "pdftotext").split())
    assert f"“{MARKER} Think!”" in flat
    assert f"{MARKER} {content.settings.label('card_unprintable')} (Tibetan)" in flat
    assert "ཀ" not in flat


def test_without_a_shaper_right_to_left_and_indic_text_is_left_out_not_drawn_wrong(
    content: KeynoteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "can_shape", lambda: False)
    shown = printable("Hola שלום مرحبا नमस्ते 家族")
    assert shown.text == f"Hola {MARKER} {MARKER} {MARKER} 家族"
    assert shown.left_out == {"Hebrew", "Arabic", "Devanagari"}


def test_the_fonts_are_the_packaged_files_not_the_machines() -> None:
    from matplotlib import font_manager

    with fonts.card_fonts() as families:
        for family, path in fonts.font_files().items():
            assert family in families
            found = font_manager.findfont(family, fallback_to_default=False)
            assert Path(found).resolve() == path.resolve()
