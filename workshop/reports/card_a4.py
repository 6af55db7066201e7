"""The card on one A4 portrait page: the header, the mantra, the wheel, then the four exercises."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workshop.content.keynote import KeynoteContent
from workshop.reports.card_data import CardData
from workshop.reports.layout import Page, Para, TextStyle

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: A4 portrait, in inches.
PAGE_WIDTH, PAGE_HEIGHT = 8.27, 11.69
MARGIN = 0.55
GUTTER = 0.35

MUTED = "#5b6773"
BAND = "#1f4e89"
STEP = "#2f6db5"

BODY = TextStyle()
LABEL = TextStyle(8.5, "bold", color=MUTED)
FIRST_STEP = TextStyle(8.5, style="italic", color=STEP)
HEADING = TextStyle(12.5, "bold", color=BAND)
NOTE = TextStyle(7.5, style="italic", color=MUTED)
#: The tagline on the band (#dce6f2 on the band's blue reads at 7:1).
BAND_TEXT = "#dce6f2"
#: A mantra longer than this many lines, at the smallest type, is no motto: it is shortened.
MANTRA_MOST_LINES = 4


def draw_a4(figure: Figure, data: CardData, content: KeynoteContent) -> None:
    page = Page(figure)
    inner = PAGE_WIDTH - 2 * MARGIN
    y = header(page, data, content, PAGE_WIDTH, MARGIN, 1.1)
    y = mantra(
        page, data.mantra, content, y, PAGE_WIDTH, MARGIN, TextStyle(16, "bold", "italic", BAND)
    )
    y = _balance(page, data, content, y, inner)
    bottom = PAGE_HEIGHT - MARGIN - 0.42
    half = (inner - GUTTER) / 2
    # Long answers first set the columns smaller; only past that are they shortened (and the
    # card says so): a printed page cannot grow.
    page.column(do_over_paras(data, content), MARGIN, y, half, bottom - y, smallest=0.75)
    right = [*impact_paras(data, content), *menu_paras(data, content)]
    page.column(right, MARGIN + half + GUTTER, y, half, bottom - y, smallest=0.75)
    footer = TextStyle(7.5, color=MUTED)
    page.rule(MARGIN, bottom + 0.08, inner)
    page.text(PAGE_WIDTH - MARGIN, bottom + 0.14, content.settings.title, footer, ha="right")
    footnotes(page, content, MARGIN, bottom + 0.14, inner - 1.5, NOTE)


def header(
    page: Page, data: CardData, content: KeynoteContent, width: float, margin: float, height: float
) -> float:
    """The band across the top: title and tagline on the left, nickname and date on the right.

    Every word of it is kept: a long title (the Spanish one) or tagline is set smaller, and
    wraps if it must; the band grows to hold it. Returns where the band ends."""
    from matplotlib.patches import Rectangle

    scale = height / 1.1
    inner = width - 2 * margin
    side = inner * 0.3 if data.nickname or data.made_on else 0.0
    settings = content.settings
    title, title_style = page.fit(
        settings.label("card_title"), inner - side, TextStyle(24 * scale, "bold", color="white")
    )
    tagline = f"{settings.title} · {settings.subtitle}" if settings.subtitle else settings.title
    sub = TextStyle(10 * scale, style="italic", color=BAND_TEXT)
    taglines, sub = page.fit(tagline, inner - side, sub, max_lines=2, smallest=0.8)
    top = 0.24 * scale
    under_title = top + len(title) * title_style.line_height + 0.06 * scale
    band = max(height, under_title + len(taglines) * sub.line_height + 0.2 * scale)
    page.figure.add_artist(
        Rectangle(
            (0, 1 - band / page.height_in),
            1,
            band / page.height_in,
            transform=page.figure.transFigure,
            color=BAND,
        )
    )
    page.lines(margin, top, title, title_style)
    page.lines(margin, under_title, taglines, sub)
    right = width - margin
    if data.nickname:
        name, name_style = page.fit(
            data.nickname, side - 0.1, TextStyle(16 * scale, "bold", color="white"), max_lines=2
        )
        page.lines(right, top + 0.04 * scale, name, name_style, ha="right")
    if data.made_on:
        page.text(right, under_title, data.made_on, sub, ha="right")
    return band + 0.25 * scale


def mantra(
    page: Page,
    text: str,
    content: KeynoteContent,
    y: float,
    width: float,
    margin: float,
    big: TextStyle,
) -> float:
    """The mantra, centred under its prompt: on at most two lines, set smaller if it must be;
    only a mantra longer than any motto (past four lines at the smallest) is shortened, and
    the card says so."""
    if not text.strip():
        return y
    inner = width - 2 * margin
    prompt, small = page.fit(
        content.menu.mantra_prompt, inner, TextStyle(big.size / 2, color=MUTED), max_lines=2
    )
    y = page.lines(width / 2, y, prompt, small, ha="center") + 0.04
    lines, big = page.fit(f"“{text.strip()}”", inner - 0.6, big, max_lines=2, smallest=0.55)
    if len(lines) > MANTRA_MOST_LINES:
        lines = [*lines[: MANTRA_MOST_LINES - 1], page.ellipsize(lines[-1], inner - 0.6, big)]
        page.truncated = True
    return page.lines(width / 2, y, lines, big, ha="center") + 0.15


def wheel(
    page: Page, data: CardData, content: KeynoteContent, left: float, top: float, size: float
) -> None:
    """The balance wheel in a square of `size` inches, each category labelled with its score."""
    from matplotlib.projections.polar import PolarAxes

    from workshop.keynote.charts import draw_wheel

    ax = page.figure.add_axes(
        (
            left / page.width_in,
            1 - (top + size) / page.height_in,
            size / page.width_in,
            size / page.height_in,
        ),
        projection="polar",
    )
    assert isinstance(ax, PolarAxes)
    bal = content.balance
    draw_wheel(
        ax,
        bal.categories,
        data.scores,
        bal.scale,
        data.out_of_balance,
        label_width=12,
        scored=True,
        label_text=page.prepare,
        label_size=7.5 * size / 2.55,
    )


def wheel_room(data: CardData, content: KeynoteContent, size: float) -> tuple[float, float]:
    """The room the wheel's names take above and below a wheel `size` inches wide (as `wheel`
    draws it), so nothing else is laid over them."""
    from workshop.keynote.charts import label_lines, wheel_reach

    bal = content.balance
    lines = label_lines(bal.categories, data.scores, bal.scale, 12, scored=True)
    line_height = 7.5 * size / 2.55 * 1.2 / 72
    # The wheel's axes hold the rim a little inside their square (matplotlib's polar pad).
    return wheel_reach(lines, size / 2, line_height)


def legend(page: Page, content: KeynoteContent, x: float, y: float, style: TextStyle) -> None:
    from workshop.keynote.charts import (
        OUT_OF_BALANCE_COLOUR,
        PERSONAL_COLOUR,
        PROFESSIONAL_COLOUR,
    )

    bal = content.balance
    box = style.size / 68
    for colour, name in (
        (PROFESSIONAL_COLOUR, bal.group_names["professional"]),
        (PERSONAL_COLOUR, bal.group_names["personal"]),
        (OUT_OF_BALANCE_COLOUR, content.settings.label("out_of_balance")),
    ):
        page.swatch(x, y + 0.01, colour, box)
        page.text(x + box * 1.5, y, name, style)
        x += box * 2.7 + page.width(page.prepare(name), style)


def _balance(page: Page, data: CardData, content: KeynoteContent, y: float, inner: float) -> float:
    """The wheel on the left; out-of-balance categories and committed finders on the right."""
    size, pad = 2.55, 0.5
    wheel(page, data, content, MARGIN + pad, y + pad, size)
    row = size + 2 * pad
    legend(page, content, MARGIN + 0.1, y + row - 0.03, TextStyle(7.5, color=MUTED))
    left = MARGIN + (inner + GUTTER) / 2  # lines up with the right-hand column below
    paras = balance_paras(data, content)
    page.column(paras, left, y, PAGE_WIDTH - MARGIN - left, row + 0.1, smallest=0.75)
    return y + row + 0.25


def balance_paras(data: CardData, content: KeynoteContent, scale: float = 1.0) -> list[Para]:
    from workshop.keynote.charts import OUT_OF_BALANCE_TEXT, PERSONAL_COLOUR

    label = content.settings.label
    bal = content.balance
    heading = TextStyle(HEADING.size * scale, "bold", color=BAND)
    paras = [Para(bal.title, heading, flexible=False, rule=True)]
    if not data.scores:
        paras.append(not_answered(content, scale))
    elif data.out_of_balance:
        flagged = ", ".join(bal.category(c).name for c in data.out_of_balance)
        warn = TextStyle(9 * scale, "bold", color=OUT_OF_BALANCE_TEXT)
        paras.append(Para(f"{label('out_of_balance')}: {flagged}", warn, flexible=False))
    else:
        paras.append(Para(label("in_balance"), TextStyle(9 * scale, color=PERSONAL_COLOUR), False))
    if data.finders:
        small = TextStyle(LABEL.size * scale, "bold", color=MUTED)
        paras.append(Para(label("finders_heading"), small, flexible=False, gap=0.12 * scale))
        names = {c.id: c.name for c in bal.categories}
        body = TextStyle(BODY.size * scale)
        for category_id in dict.fromkeys(f.category for f in data.finders):
            name = names.get(category_id, category_id)
            bold = TextStyle(8 * scale, "bold")
            paras.append(Para(name, bold, False, 0.05 * scale, keep_with_next=True))
            paras.extend(
                Para(f"• {f.finder}", body, indent=0.1 * scale)
                for f in data.finders
                if f.category == category_id
            )
    return paras


def do_over_paras(data: CardData, content: KeynoteContent, scale: float = 1.0) -> list[Para]:
    label = content.settings.label
    do = content.do_over
    heading = TextStyle(HEADING.size * scale, "bold", color=BAND)
    paras = [
        Para(do.title, heading, flexible=False, rule=True),
        Para(do.question, TextStyle(8 * scale, style="italic", color=MUTED), flexible=False),
    ]
    if data.reflections_private:
        return [*paras, private(content, scale)]
    labels = {c.id: c.label for c in do.contexts}
    small = TextStyle(LABEL.size * scale, "bold", color=MUTED)
    step_style = TextStyle(FIRST_STEP.size * scale, style="italic", color=STEP)
    for entry in data.do_overs:
        paras.append(Para(labels.get(entry.context, entry.context), small, False, gap=0.1 * scale))
        if entry.answer.strip():
            paras.append(Para(entry.answer, TextStyle(BODY.size * scale)))
        if entry.first_step.strip() and not entry.nothing:
            step = f"{label('card_first_step')}: {entry.first_step}"
            paras.append(Para(step, step_style, indent=0.12 * scale, gap=0.03 * scale))
    if not data.do_overs:
        paras.append(not_answered(content, scale))
    return paras


def impact_paras(data: CardData, content: KeynoteContent, scale: float = 1.0) -> list[Para]:
    impact = content.impact
    pledge = data.impact
    heading = TextStyle(HEADING.size * scale, "bold", color=BAND)
    paras = [Para(impact.title, heading, flexible=False, rule=True)]
    if data.reflections_private:
        return [*paras, private(content, scale)]
    if pledge.empty:
        return [*paras, not_answered(content, scale)]
    channels = {c.id: c.label for c in impact.channels}
    small = TextStyle(LABEL.size * scale, "bold", color=MUTED)
    for prompt, answer in (
        (impact.whom_prompt, pledge.whom),
        (impact.channel_prompt, channels.get(pledge.channel, pledge.channel)),
        (impact.action_prompt, pledge.action),
        (impact.better_place_question, pledge.better_place),
    ):
        if answer.strip():
            paras += [
                Para(prompt, small, flexible=False, gap=0.08 * scale),
                Para(answer, TextStyle(BODY.size * scale)),
            ]
    return paras


def menu_paras(data: CardData, content: KeynoteContent, scale: float = 1.0) -> list[Para]:
    heading = TextStyle(HEADING.size * scale, "bold", color=BAND)
    paras = [Para(content.menu.title, heading, flexible=False, rule=True, gap=0.3 * scale)]
    for ingredient in data.ingredients:
        name = Para(f"• {ingredient.name}", TextStyle(9 * scale, "bold"), gap=0.06 * scale)
        paras.append(name)
        if ingredient.action.strip():
            paras.append(Para(ingredient.action, TextStyle(BODY.size * scale), indent=0.14 * scale))
    if not data.ingredients:
        paras.append(not_answered(content, scale))
    return paras


def not_answered(content: KeynoteContent, scale: float = 1.0) -> Para:
    muted = TextStyle(BODY.size * scale, style="italic", color=MUTED)
    return Para(content.settings.label("not_answered"), muted, flexible=False, gap=0.06 * scale)


def private(content: KeynoteContent, scale: float = 1.0) -> Para:
    muted = TextStyle(BODY.size * scale, style="italic", color=MUTED)
    return Para(content.settings.label("card_private"), muted, flexible=False, gap=0.06 * scale)


def footnotes(
    page: Page, content: KeynoteContent, x: float, y: float, width: float, style: TextStyle
) -> float:
    """What the card could not show whole: shortened answers, and scripts it cannot print.
    Returns where the notes end."""
    label = content.settings.label
    if page.left_out:
        scripts = ", ".join(sorted(page.left_out))
        note = f"[*] {label('card_unprintable')} ({scripts})"
        y = page.lines(x, y, page.wrap(note, width, style), style)
    if page.truncated:
        y = page.lines(x, y, page.wrap(label("card_truncated"), width, style), style)
    return y
