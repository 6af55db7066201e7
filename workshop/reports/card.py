"""The one-page personal card an attendee takes home.

Two halves: `card_data` gathers everything the card shows from the saved answers (pure, no
matplotlib), and `card_figure` draws it on an A4 page. Answers are never shortened in the data;
only the drawing shortens a long answer, ending it with an ellipsis and saying so on the card.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop.content.keynote import Content
from workshop.errors import WorkshopError
from workshop.keynote import balance, reflections
from workshop.keynote.answers import Answers
from workshop.keynote.reflections import Ingredient
from workshop.reports.layout import Page, Para, TextStyle, quiet_missing_glyphs

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: A4 portrait, in inches.
PAGE_WIDTH, PAGE_HEIGHT = 8.27, 11.69
MARGIN = 0.55
GUTTER = 0.35
PNG_DPI = 150

MUTED = "#5b6773"
BAND = "#1f4e89"
STEP = "#2f6db5"

BODY = TextStyle()
LABEL = TextStyle(8.5, "bold", color=MUTED)
FIRST_STEP = TextStyle(8.5, style="italic", color=STEP)
HEADING = TextStyle(12.5, "bold", color=BAND)


# -- the data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commitment:
    """A balance finder the attendee committed to, with the category it restores."""

    category: str
    finder: str


@dataclass(frozen=True)
class DoOverEntry:
    context: str
    answer: str
    first_step: str
    nothing: bool


@dataclass(frozen=True)
class ImpactPledge:
    whom: str = ""
    channel: str = ""
    action: str = ""
    better_place: str = ""

    @property
    def empty(self) -> bool:
        return not any(s.strip() for s in (self.whom, self.channel, self.action, self.better_place))


@dataclass(frozen=True)
class CardData:
    """Everything one attendee's card shows, verbatim as saved."""

    scores: dict[str, int]
    out_of_balance: tuple[str, ...]
    finders: tuple[Commitment, ...]
    do_overs: tuple[DoOverEntry, ...]
    impact: ImpactPledge
    ingredients: tuple[Ingredient, ...]
    mantra: str


def card_data(answers: Answers, content: Content) -> CardData:
    """Gather the card from saved answers. Ratings the content no longer knows are left out."""
    known = {c.id: c.name for c in content.balance.categories}
    scores: dict[str, int] = {}
    for category_id, value in answers.ratings.items():
        if category_id not in known:
            continue  # the trainer removed this category since it was rated
        try:
            scores[category_id] = balance.check_rating(
                value, content.balance.scale, known[category_id]
            )
        except WorkshopError:
            continue  # rated on a scale the content has since changed
    result = balance.profile(scores, content.balance)
    do_overs = []
    for context in content.do_over.contexts:
        answer = answers.text("do_over", f"{context.id}.answer")
        step = answers.text("do_over", f"{context.id}.first_step")
        if answer.strip() or step.strip():
            nothing = reflections.is_nothing(answer, content.do_over.nothing_word)
            do_overs.append(DoOverEntry(context.id, answer, step, nothing))
    return CardData(
        scores=result.scores if result else {},
        out_of_balance=result.out_of_balance if result else (),
        finders=tuple(Commitment(p.detail, p.item) for p in answers.chosen("balance", "finder")),
        do_overs=tuple(do_overs),
        impact=ImpactPledge(
            whom=answers.text("impact", "whom"),
            channel=answers.text("impact", "channel"),
            action=answers.text("impact", "action"),
            better_place=answers.text("impact", "better_place"),
        ),
        ingredients=tuple(
            Ingredient(p.item, p.detail) for p in answers.chosen("menu", "ingredient")
        ),
        mantra=answers.text("menu", "mantra"),
    )


# -- the card -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardFiles:
    pdf: bytes
    png: bytes


def card_figure(data: CardData, content: Content) -> Figure:
    """The card on one A4 portrait page: header, mantra, wheel, then the four exercises."""
    from workshop.figures import new_figure

    figure = new_figure(PAGE_WIDTH, PAGE_HEIGHT)
    figure.set_facecolor("white")
    with quiet_missing_glyphs():
        _draw(Page(figure), data, content)
    return figure


def card_pdf(data: CardData, content: Content) -> bytes:
    return card_bytes(card_figure(data, content), "pdf", content)


def card_png(data: CardData, content: Content, dpi: int = PNG_DPI) -> bytes:
    return card_bytes(card_figure(data, content), "png", content, dpi)


def card_files(data: CardData, content: Content, dpi: int = PNG_DPI) -> CardFiles:
    """Both downloads from one drawing of the card."""
    figure = card_figure(data, content)
    return CardFiles(card_bytes(figure, "pdf", content), card_bytes(figure, "png", content, dpi))


def card_bytes(figure: Figure, fmt: str, content: Content, dpi: int | None = None) -> bytes:
    """A drawn card as one file: "pdf" or "png", at `dpi` (the figure's own by default)."""
    buffer = io.BytesIO()
    with quiet_missing_glyphs():
        # Never bbox_inches="tight": the page is A4 and must stay exactly that.
        figure.savefig(
            buffer,
            format=fmt,
            dpi=dpi or figure.dpi,
            facecolor="white",
            metadata={"Title": content.settings.label("card_title")},
        )
    return buffer.getvalue()


def _draw(page: Page, data: CardData, content: Content) -> None:
    label = content.settings.label
    inner = PAGE_WIDTH - 2 * MARGIN
    y = _header(page, content, inner)
    y = _mantra(page, data.mantra, content, y, inner)
    y = _balance(page, data, content, y, inner)
    bottom = PAGE_HEIGHT - MARGIN - 0.3
    half = (inner - GUTTER) / 2
    page.column(_do_over(data, content), MARGIN, y, half, bottom - y)
    page.column(
        [*_impact(data, content), *_menu(data, content)],
        MARGIN + half + GUTTER,
        y,
        half,
        bottom - y,
    )
    footer = TextStyle(7.5, color=MUTED)
    page.rule(MARGIN, bottom + 0.08, inner)
    page.text(PAGE_WIDTH - MARGIN, bottom + 0.14, content.settings.title, footer, ha="right")
    if page.truncated:
        note = TextStyle(7.5, style="italic", color=MUTED)
        page.text(
            MARGIN, bottom + 0.14, page.line(label("card_truncated"), inner - 1.5, note), note
        )


def _header(page: Page, content: Content, inner: float) -> float:
    from matplotlib.patches import Rectangle

    height = 1.1
    page.figure.add_artist(
        Rectangle(
            (0, 1 - height / PAGE_HEIGHT),
            1,
            height / PAGE_HEIGHT,
            transform=page.figure.transFigure,
            color=BAND,
        )
    )
    title = TextStyle(24, "bold", color="white")
    page.text(MARGIN, 0.3, page.line(content.settings.label("card_title"), inner, title), title)
    session = content.settings
    sub = TextStyle(10, style="italic", color="#dce6f2")
    tagline = f"{session.title} · {session.subtitle}" if session.subtitle else session.title
    page.text(MARGIN, 0.78, page.line(tagline, inner, sub), sub)
    return height + 0.25


def _mantra(page: Page, mantra: str, content: Content, y: float, inner: float) -> float:
    if not mantra.strip():
        return y
    small = TextStyle(8, color=MUTED)
    page.text(
        PAGE_WIDTH / 2, y, page.line(content.menu.mantra_prompt, inner, small), small, ha="center"
    )
    y += small.line_height + 0.04
    big = TextStyle(16, "bold", "italic", BAND)
    lines = page.wrap(f"“{mantra.strip()}”", inner - 0.6, big)
    if len(lines) > 2:
        lines = [lines[0], page.ellipsize(lines[1], inner - 0.6, big)]
        page.truncated = True
    for line in lines:
        page.text(PAGE_WIDTH / 2, y, line, big, ha="center")
        y += big.line_height
    return y + 0.15


def _balance(page: Page, data: CardData, content: Content, y: float, inner: float) -> float:
    """The wheel on the left; out-of-balance categories and committed finders on the right."""
    from matplotlib.projections.polar import PolarAxes

    from workshop.keynote.charts import (
        OUT_OF_BALANCE_COLOUR,
        PERSONAL_COLOUR,
        PROFESSIONAL_COLOUR,
        draw_wheel,
    )

    label = content.settings.label
    bal = content.balance
    size, pad = 2.55, 0.5
    ax = page.figure.add_axes(
        (
            (MARGIN + pad) / PAGE_WIDTH,
            1 - (y + pad + size) / PAGE_HEIGHT,
            size / PAGE_WIDTH,
            size / PAGE_HEIGHT,
        ),
        projection="polar",
    )
    assert isinstance(ax, PolarAxes)
    draw_wheel(ax, bal.categories, data.scores, bal.scale, data.out_of_balance, label_width=12)
    for tick in ax.get_xticklabels():
        tick.set_fontsize(7.5)
    row = size + 2 * pad
    legend = TextStyle(7.5, color=MUTED)
    x = MARGIN + 0.1
    for colour, name in (
        (PROFESSIONAL_COLOUR, bal.group_names["professional"]),
        (PERSONAL_COLOUR, bal.group_names["personal"]),
        (OUT_OF_BALANCE_COLOUR, label("out_of_balance")),
    ):
        page.swatch(x, y + row - 0.02, colour)
        page.text(x + 0.16, y + row - 0.03, name, legend)
        x += 0.3 + page.width(name, legend)

    left = MARGIN + (inner + GUTTER) / 2  # lines up with the right-hand column below
    paras = [Para(bal.title, HEADING, flexible=False, rule=True)]
    if not data.scores:
        paras.append(_not_answered(content))
    elif data.out_of_balance:
        flagged = ", ".join(bal.category(c).name for c in data.out_of_balance)
        warn = TextStyle(9, "bold", color=OUT_OF_BALANCE_COLOUR)
        paras.append(Para(f"{label('out_of_balance')}: {flagged}", warn, flexible=False))
    else:
        paras.append(Para(label("in_balance"), TextStyle(9, color=PERSONAL_COLOUR), False))
    if data.finders:
        paras.append(Para(label("finders_heading"), LABEL, flexible=False, gap=0.12))
        names = {c.id: c.name for c in bal.categories}
        for category_id in dict.fromkeys(f.category for f in data.finders):
            name = names.get(category_id, category_id)
            paras.append(Para(name, TextStyle(8, "bold"), False, 0.05, keep_with_next=True))
            paras.extend(
                Para(f"• {f.finder}", indent=0.1) for f in data.finders if f.category == category_id
            )
    page.column(paras, left, y, PAGE_WIDTH - MARGIN - left, row + 0.1, smallest=0.75)
    return y + row + 0.25


def _do_over(data: CardData, content: Content) -> list[Para]:
    label = content.settings.label
    do = content.do_over
    paras = [
        Para(do.title, HEADING, flexible=False, rule=True),
        Para(do.question, TextStyle(8, style="italic", color=MUTED), flexible=False),
    ]
    labels = {c.id: c.label for c in do.contexts}
    for entry in data.do_overs:
        paras.append(Para(labels.get(entry.context, entry.context), LABEL, False, gap=0.1))
        if entry.answer.strip():
            paras.append(Para(entry.answer))
        if entry.first_step.strip() and not entry.nothing:
            step = f"{label('card_first_step')}: {entry.first_step}"
            paras.append(Para(step, FIRST_STEP, indent=0.12, gap=0.03))
    if not data.do_overs:
        paras.append(_not_answered(content))
    return paras


def _impact(data: CardData, content: Content) -> list[Para]:
    impact = content.impact
    pledge = data.impact
    paras = [Para(impact.title, HEADING, flexible=False, rule=True)]
    if pledge.empty:
        return [*paras, _not_answered(content)]
    channels = {c.id: c.label for c in impact.channels}
    for prompt, answer in (
        (impact.whom_prompt, pledge.whom),
        (impact.channel_prompt, channels.get(pledge.channel, pledge.channel)),
        (impact.action_prompt, pledge.action),
        (impact.better_place_question, pledge.better_place),
    ):
        if answer.strip():
            paras += [Para(prompt, LABEL, flexible=False, gap=0.08), Para(answer)]
    return paras


def _menu(data: CardData, content: Content) -> list[Para]:
    paras = [Para(content.menu.title, HEADING, flexible=False, rule=True, gap=0.3)]
    for ingredient in data.ingredients:
        paras.append(Para(f"• {ingredient.name}", TextStyle(9, "bold"), gap=0.06))
        if ingredient.action.strip():
            paras.append(Para(ingredient.action, indent=0.14))
    if not data.ingredients:
        paras.append(_not_answered(content))
    return paras


def _not_answered(content: Content) -> Para:
    muted = TextStyle(style="italic", color=MUTED)
    return Para(content.settings.label("not_answered"), muted, flexible=False, gap=0.06)
