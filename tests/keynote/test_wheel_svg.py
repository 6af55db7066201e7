"""The SVG wheel draws what the matplotlib wheel draws, without matplotlib."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from xml.etree import ElementTree

from workshop.content.keynote import KeynoteContent
from workshop.keynote.charts import OUT_OF_BALANCE_COLOUR, PERSONAL_COLOUR, PROFESSIONAL_COLOUR
from workshop.keynote.wheel_svg import RADIUS, wheel_svg

SVG = "{http://www.w3.org/2000/svg}"


def segments(svg: str) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(svg)
    return {
        p.get("data-category", ""): p for p in root.iter(f"{SVG}path") if p.get("data-category")
    }


def test_one_filled_segment_per_rated_category_with_its_score(content: KeynoteContent) -> None:
    scores = {"career": 7, "health": 2, "family": 8}
    drawn = segments(wheel_svg(content.balance.categories, scores, content.balance.scale))
    assert {c: float(e.get("data-score", "0")) for c, e in drawn.items()} == scores


def test_a_segment_reaches_out_in_proportion_to_its_score(content: KeynoteContent) -> None:
    drawn = segments(
        wheel_svg(content.balance.categories, {"career": 4, "family": 8}, content.balance.scale)
    )

    def arc_radius(element: ElementTree.Element) -> float:
        match = re.search(r"A([\d.]+),", element.get("d", ""))
        assert match
        return float(match[1])

    assert arc_radius(drawn["family"]) == RADIUS
    assert arc_radius(drawn["career"]) == RADIUS / 2


def test_colours_follow_group_and_balance(content: KeynoteContent) -> None:
    drawn = segments(
        wheel_svg(
            content.balance.categories,
            {"career": 6, "health": 2, "family": 6},
            content.balance.scale,
            out_of_balance=["health"],
        )
    )
    assert drawn["career"].get("fill") == PROFESSIONAL_COLOUR
    assert drawn["family"].get("fill") == PERSONAL_COLOUR
    assert drawn["health"].get("fill") == OUT_OF_BALANCE_COLOUR


def test_category_names_are_escaped(content: KeynoteContent) -> None:
    hostile = replace(content.balance.categories[0], name="<script>alert(1)</script>")
    categories = (hostile, *content.balance.categories[1:])
    svg = wheel_svg(categories, {hostile.id: 5}, content.balance.scale)
    assert "<script>" not in svg
    ElementTree.fromstring(svg)  # still well-formed


def test_drawing_it_imports_no_matplotlib() -> None:
    code = (
        "import sys\n"
        "from workshop.content.keynote import load_content\n"
        "from workshop.keynote.wheel_svg import wheel_svg\n"
        "c = load_content()\n"
        "wheel_svg(c.balance.categories, {'career': 5}, c.balance.scale)\n"
        "print('matplotlib' in sys.modules, 'numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_spread_draws_a_whisker_per_rated_category_within_the_wheel(
    content: KeynoteContent,
) -> None:
    svg = wheel_svg(
        content.balance.categories,
        {"career": 7.5, "health": 2.0},
        content.balance.scale,
        spread={"career": 3.0, "health": 1.0},
    )
    root = ElementTree.fromstring(svg)
    whiskers = [line for line in root.iter(f"{SVG}line") if line.get("class") == "spread"]
    assert len(whiskers) == 2
    centre = 460 / 2
    for line in whiskers:
        for end in ("1", "2"):
            x, y = float(line.get("x" + end, "0")), float(line.get("y" + end, "0"))
            assert ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5 <= RADIUS + 0.1
