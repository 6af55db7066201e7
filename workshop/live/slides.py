"""The big screen's slides: what the room sees on the projector, as one HTML page per moment.

The slide follows the facilitator's segment by itself: the join slide (a QR code filling most
of the height, the short address, the code and the joined count) while people arrive, then the
segment's exercise with the room's results once the facilitator reveals them. Type is sized
from the screen (at least 28 px on a 1920x1080 projector; CSS container units, so a preview in a
notebook is the same slide, smaller) and every slide fits it: the main area clips rather than
scrolls, and lists are cut to what fits. Nothing on a slide is a control.

Plain strings, no widgets: `workshop.ui.live.presenter` puts them on the page. Every text an
attendee typed (the wall) is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from workshop.content.keynote import KeynoteContent
from workshop.content.live import LiveContent, Segment
from workshop.html import escape
from workshop.keynote.charts import OUT_OF_BALANCE_COLOUR
from workshop.live.figures import RoomSnapshot
from workshop.live.session import LiveSession
from workshop.live.wall import WallGroup

#: Most wall groups a slide shows (the most shared); the rest are counted.
WALL_SHOWN = 12
#: Most bars in a ranking on a slide.
TOP_SHOWN = 3

CSS = """
.workshop-presenter-page { position: fixed; inset: 0; z-index: 1000; margin: 0;
  container-type: size; background: #ffffff; }
.workshop-presenter { position: absolute; inset: 0; background: #ffffff;
  color: #1b1b1b; font-family: 'Noto Sans', 'DejaVu Sans', Arial, sans-serif;
  font-size: max(9px, min(2.6cqh, 1.46cqw)); line-height: 1.3; box-sizing: border-box;
  display: grid; grid-template-rows: auto minmax(0, 1fr) auto; padding: 2.4cqh 3cqw 1.6cqh;
  overflow: hidden; }
.workshop-presenter * { box-sizing: border-box; }
.wp-title { font-size: 1.7em; font-weight: 700; margin: 0 0 0.4em; line-height: 1.15;
  overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.wp-main { min-height: 0; min-width: 0; overflow: hidden; display: flex; gap: 3cqw; }
.wp-footer { display: flex; justify-content: space-between; gap: 2em; color: #4a4a4a;
  border-top: 2px solid #e3e3e3; padding-top: 0.4em; white-space: nowrap; overflow: hidden; }
.wp-join { align-items: center; }
.wp-qr { flex: 0 0 auto; height: 100%; display: flex; align-items: center; }
.wp-qr svg { height: min(64cqh, 46cqw); width: auto; display: block; }
.wp-join-text { min-width: 0; display: flex; flex-direction: column; gap: 0.5em; }
.wp-big { font-size: 2.2em; font-weight: 700; line-height: 1.1; overflow-wrap: anywhere; }
.wp-code { font-size: 3.6em; font-weight: 800; letter-spacing: 0.1em; white-space: nowrap;
  line-height: 1; }
.wp-joined { font-size: 2em; }
.wp-joined b { font-variant-numeric: tabular-nums; }
.wp-prompt { flex-direction: column; justify-content: center; }
.wp-question { font-size: 2.6em; font-weight: 700; line-height: 1.2; max-width: 28ch; }
.wp-note { font-size: 1.3em; color: #4a4a4a; margin-top: 1em; }
.wp-count { font-size: 1.6em; margin-top: 0.8em; }
.wp-wheel { flex: 0 0 auto; height: 100%; display: flex; align-items: flex-start; }
.wp-wheel svg { height: 100%; max-height: 100%; width: auto; max-width: 44cqw; display: block; }
.wp-column { flex: 1 1 0; min-width: 0; display: flex; flex-direction: column; gap: 0.6em;
  overflow: hidden; }
.wp-row { display: flex; gap: 2cqw; min-height: 0; }
.wp-row > div { flex: 1 1 0; min-width: 0; }
.wp-heading { font-size: 1em; font-weight: 700; margin: 0 0 0.25em; }
.wp-randomized { font-weight: 400; color: #4a4a4a; }
.wp-heat { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.wp-heat th, .wp-heat td { padding: 0.08em 0.35em; line-height: 1.25; }
.wp-heat th.wp-name { text-align: right; font-weight: 400; white-space: nowrap;
  max-width: 12em; overflow: hidden; text-overflow: ellipsis; }
.wp-heat td { text-align: center; min-width: 2em; }
.wp-bar { margin: 0.15em 0; }
.wp-bar-label { overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2;
  -webkit-box-orient: vertical; line-height: 1.2; }
.wp-bar-track { display: flex; align-items: center; gap: 0.4em; }
.wp-bar-fill { height: 0.8em; border-radius: 0.2em; }
.wp-wall { display: flex; flex-wrap: wrap; align-content: flex-start; gap: 0.5em;
  overflow: hidden; min-height: 0; }
.wp-card { border: 2px solid #c9d6ea; background: #f3f7fd; border-radius: 0.4em;
  padding: 0.25em 0.6em; max-width: min(100%, 30cqw); display: flex; align-items: baseline;
  overflow: hidden; }
.wp-card-text { min-width: 0; overflow-wrap: anywhere; unicode-bidi: isolate; overflow: hidden;
  display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; }
.wp-card b { color: #1f5fbf; margin-left: 0.4em; white-space: nowrap; }
.wp-more { align-self: center; color: #4a4a4a; }
"""


@dataclass(frozen=True)
class Screen:
    """Everything one slide shows, read at one moment."""

    session: LiveSession
    room: RoomSnapshot
    wall: Sequence[WallGroup]
    join_url: str | None
    qr_svg: str = ""


def short_address(join_url: str | None) -> str:
    """The join address as people type it: no scheme, no query (they type the code after)."""
    if not join_url:
        return ""
    parts = urlsplit(join_url)
    path = parts.path.rstrip("/")
    return f"{parts.netloc}{path}"


def qr_svg(url: str) -> str:
    """The join link as an inline SVG QR code that scales to any height."""
    import segno

    svg: str = segno.make(url, error="m").svg_inline(omitsize=True, border=2)
    return svg


def slide(content: KeynoteContent, live: LiveContent, screen: Screen) -> str:
    """The whole big screen for this moment, as HTML."""
    session = screen.session
    segment = live.agenda[session.segment] if 0 <= session.segment < len(live.agenda) else None
    if segment is None or (segment.step is None and session.segment == 0):
        title, main, kind = content.settings.title, _join(live, screen), "join"
    else:
        title, main, kind = segment.title, _exercise(content, live, screen, segment), "segment"
    step = segment.step if segment is not None and segment.step else kind
    return (
        f"<style>{CSS}</style>"
        f"<div class='workshop-presenter' data-slide='{escape(step)}'>"
        f"<div class='wp-title'>{escape(title)}</div>"
        f"{main}{_footer(live, screen, kind)}</div>"
    )


def _footer(live: LiveContent, screen: Screen, kind: str) -> str:
    label = live.label
    joined = f"{escape(label('joined'))}: <b>{screen.room.joined}</b>"
    if kind == "join" or not screen.join_url:
        return f"<div class='wp-footer'><span></span><span>{joined}</span></div>"
    join = (
        f"{escape(label('join_at'))} <b>{escape(short_address(screen.join_url))}</b> · "
        f"{escape(label('session_code'))} <b>{escape(screen.session.code)}</b>"
    )
    return f"<div class='wp-footer'><span>{join}</span><span>{joined}</span></div>"


def _join(live: LiveContent, screen: Screen) -> str:
    label = live.label
    address = short_address(screen.join_url)
    qr = f"<div class='wp-qr'>{screen.qr_svg}</div>" if screen.qr_svg else ""
    text = [f"<div class='wp-big'>{escape(label('presenter_join'))}</div>"]
    if address:
        text.append(
            f"<div>{escape(label('join_at'))}</div><div class='wp-big wp-address'>"
            f"{escape(address)}</div>"
        )
    text.append(
        f"<div>{escape(label('session_code'))}</div>"
        f"<div class='wp-code'>{escape(screen.session.code)}</div>"
        f"<div class='wp-joined'>{escape(label('joined'))}: "
        f"<b class='wp-joined-count'>{screen.room.joined}</b></div>"
    )
    return f"<div class='wp-main wp-join'>{qr}<div class='wp-join-text'>{''.join(text)}</div></div>"


def _exercise(content: KeynoteContent, live: LiveContent, screen: Screen, segment: Segment) -> str:
    step = segment.step
    if step == "do_over":
        return _prompt(live, screen, content.do_over.question, "do_over")
    if step == "impact":
        return _prompt(live, screen, content.impact.better_place_question, "impact")
    if step == "balance":
        return _balance(content, live, screen)
    if step in ("menu", "card"):
        return _menu(content, live, screen, with_ingredients=step == "menu")
    return "<div class='wp-main'></div>"


def _prompt(live: LiveContent, screen: Screen, question: str, step: str) -> str:
    """A private exercise: its question, and how many have answered (counted in batches)."""
    answered = live.label("answered_count", n=screen.room.completed.get(step, 0))
    return (
        f"<div class='wp-main wp-prompt'><div class='wp-question'>{escape(question)}</div>"
        f"<div class='wp-count'>{escape(answered)}</div></div>"
    )


def _held_back(live: LiveContent, screen: Screen, question: str, step: str) -> str | None:
    """The slide while results are hidden, or while fewer than k have answered; else None."""
    if not screen.session.revealed:
        note = live.label("results_hidden")
    elif not screen.room.visible:
        note = live.label("waiting_for_k", k=screen.room.k, n=screen.room.answered)
    else:
        return None
    answered = live.label("answered_count", n=screen.room.completed.get(step, 0))
    return (
        f"<div class='wp-main wp-prompt'><div class='wp-question'>{escape(question)}</div>"
        f"<div class='wp-count'>{escape(answered)}</div>"
        f"<div class='wp-note workshop-results-hidden'>{escape(note)}</div></div>"
    )


def _balance(content: KeynoteContent, live: LiveContent, screen: Screen) -> str:
    from workshop.keynote.wheel_svg import wheel_svg

    held = _held_back(live, screen, content.balance.title, "balance")
    if held is not None:
        return held
    room, label = screen.room, live.label
    wheel = wheel_svg(
        [content.balance.category(c) for c in room.categories],
        room.means,
        content.balance.scale,
        [c for c, _ in room.out_of_balance[:2]],
        spread=room.spreads,
        radius=88,
        label_size=15,
    )
    name = {c.id: c.name for c in content.balance.categories}
    out = _bars([(name[c], n) for c, n in room.out_of_balance[:TOP_SHOWN]], OUT_OF_BALANCE_COLOUR)
    finders = _bars([(f, n) for f, _c, n in room.top_finders[:TOP_SHOWN]], "#2f7d4f")
    return (
        f"<div class='wp-main wp-balance'><div class='wp-wheel'>{wheel}</div>"
        f"<div class='wp-column'><div class='wp-heading'>{escape(label('distribution'))}"
        f"{_randomized(live, room)}</div>"
        f"{_heatmap(content, room)}<div class='wp-row'>"
        f"<div><div class='wp-heading'>{escape(label('top_out_of_balance'))}</div>{out}</div>"
        f"<div><div class='wp-heading'>{escape(label('top_finders'))}</div>{finders}</div>"
        "</div></div></div>"
    )


def _randomized(live: LiveContent, room: RoomSnapshot) -> str:
    """Said beside the room's figures: some of the scores behind them are random, on purpose
    (`workshop.live.randomized`)."""
    if room.randomized <= 0:
        return ""
    note = live.label("randomized_note", percent=round(room.randomized * 100))
    return f" <span class='wp-randomized'>· {escape(note)}</span>"


def _heatmap(content: KeynoteContent, room: RoomSnapshot) -> str:
    scale = list(content.balance.scale.values)
    matrix = room.distribution.to_numpy().tolist()
    peak = max((max(row) for row in matrix if row), default=0) or 1
    head = "".join(f"<th>{v}</th>" for v in scale)
    rows = []
    for category_id, row in zip(room.categories, matrix, strict=True):
        cells = []
        for value in row:
            t = value / peak
            shade = _blend((247, 251, 255), (8, 48, 107), t)
            ink = "#ffffff" if t > 0.55 else "#1b1b1b"
            cells.append(f"<td style='background:{shade};color:{ink}'>{value or ''}</td>")
        name = escape(content.balance.category(category_id).name)
        rows.append(f"<tr><th class='wp-name'>{name}</th>{''.join(cells)}</tr>")
    return f"<table class='wp-heat'><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def _blend(low: tuple[int, int, int], high: tuple[int, int, int], t: float) -> str:
    r, g, b = (round(a + (z - a) * t) for a, z in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _bars(items: Sequence[tuple[str, int]], colour: str) -> str:
    peak = max((n for _, n in items), default=0) or 1
    return "".join(
        f"<div class='wp-bar'><div class='wp-bar-label'>{escape(text)}</div>"
        f"<div class='wp-bar-track'><div class='wp-bar-fill' style='background:{colour};"
        f"width:{max(3, round(85 * n / peak))}%'></div><b>{n}</b></div></div>"
        for text, n in items
    )


def _menu(
    content: KeynoteContent, live: LiveContent, screen: Screen, *, with_ingredients: bool
) -> str:
    """The menu's most chosen ingredients and the wall; the last segment shows the wall alone."""
    question = content.menu.title
    if not screen.session.revealed:
        return _held_back(live, screen, question, "menu") or ""
    label = live.label
    parts = []
    if with_ingredients and screen.room.top_ingredients:
        ingredients = _bars(list(screen.room.top_ingredients), "#1f5fbf")
        parts.append(
            f"<div style='flex:0 0 30%;min-width:0'><div class='wp-heading'>"
            f"{escape(label('top_ingredients'))}</div>{ingredients}</div>"
        )
    parts.append(
        f"<div class='wp-column'><div class='wp-heading'>{escape(label('room_wall'))}</div>"
        f"{wall_cards(screen.wall, label('wall_empty'))}</div>"
    )
    return f"<div class='wp-main wp-menu'>{''.join(parts)}</div>"


def wall_cards(groups: Sequence[WallGroup], empty: str) -> str:
    """The wall's groups as counted cards, the most shared largest; the rest counted. However
    long an entry, its card takes at most three lines of under a third of the screen's width
    (the CSS above), so no one entry covers the wall."""
    if not groups:
        return f"<div class='wp-note'>{escape(empty)}</div>"
    shown = list(groups[:WALL_SHOWN])
    peak = max(g.count for g in shown)
    cards = []
    for group in shown:
        size = 1.0 + 0.8 * (group.count - 1) / max(1, peak - 1) if peak > 1 else 1.0
        count = f"<b>&times;{group.count}</b>" if group.count > 1 else ""
        cards.append(
            f"<div class='wp-card workshop-wall-group' data-count='{group.count}' "
            f"style='font-size:{size:.2f}em'><span class='wp-card-text' dir='auto'>"
            f"{escape(group.body)}</span>{count}</div>"
        )
    rest = len(groups) - len(shown)
    more = f"<div class='wp-more'>+{rest}</div>" if rest > 0 else ""
    return f"<div class='wp-wall'>{''.join(cards)}{more}</div>"
