"""The big screen's slides: what the room sees on the projector, as one HTML page per moment.

The slide follows the facilitator's segment by itself: the join slide (a QR code filling most
of the height, the short address, the code and the joined count) while people arrive, then the
segment's exercise with the room's results once the facilitator reveals them, and, once the
workshop has ended, a closing slide that thanks the room over its mantras. Type is sized from
the screen (at least 28 px on a 1920x1080 projector; CSS container units, so a preview in a
notebook is the same slide, smaller). Every text people read from the back of a room wraps, or
is set smaller to fit (`workshop.live.fit`); none is cut with an ellipsis. Every text holds at
least 4.5:1 against what is behind it. Nothing on a slide is a control.

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
from workshop.live import fit
from workshop.live.figures import RoomSnapshot
from workshop.live.session import LiveSession
from workshop.live.slides_room import INGREDIENT_TINT, WALL_SHOWN, balance_main, bars, wall_cards
from workshop.live.wall import WallGroup

__all__ = ["WALL_SHOWN", "Screen", "has_room_results", "qr_svg", "short_address", "slide"]

#: The steps whose slides have room results to reveal (the others' answers are private).
ROOM_RESULTS = ("balance", "menu", "card")
#: The width of the card slide's words beside the wall, in ems.
CARD_INTRO_EM = 24.0

CSS = """
.workshop-presenter-page { position: fixed; inset: 0; z-index: 1000; margin: 0;
  container-type: size; background: #ffffff; }
.workshop-presenter { position: absolute; inset: 0; background: #ffffff;
  color: #1b1b1b; font-family: 'Noto Sans', 'DejaVu Sans', Arial, sans-serif;
  font-size: max(9px, min(2.6cqh, 1.46cqw)); line-height: 1.3; box-sizing: border-box;
  display: grid; grid-template-rows: auto minmax(0, 1fr) auto; padding: 2.4cqh 3cqw 1.6cqh;
  overflow: hidden; overflow-wrap: anywhere; }
.workshop-presenter * { box-sizing: border-box; }
.wp-title { font-size: 1.7em; font-weight: 700; margin: 0 0 0.4em; line-height: 1.15; }
.wp-main { min-height: 0; min-width: 0; overflow: hidden; display: flex; gap: 2em; }
.wp-footer { display: flex; flex-wrap: wrap; justify-content: space-between; column-gap: 2em;
  color: #3d3d3d; border-top: 2px solid #d0d0d0; padding-top: 0.4em; }
.wp-join { align-items: center; }
.wp-qr { flex: 0 0 auto; height: 100%; display: flex; align-items: center; }
.wp-qr svg { height: min(64cqh, 46cqw); width: auto; display: block; }
.wp-join-text { min-width: 0; display: flex; flex-direction: column; gap: 0.5em; }
.wp-big { font-size: 2.2em; font-weight: 700; line-height: 1.1; }
.wp-code { font-size: 3.6em; font-weight: 800; letter-spacing: 0.1em; line-height: 1; }
.wp-joined { font-size: 2em; }
.wp-joined b { font-variant-numeric: tabular-nums; }
.wp-warning { border: 3px solid #a4161a; border-radius: 0.3em; padding: 0.4em 0.6em;
  color: #1b1b1b; background: #fff4f4; }
.wp-command { display: block; font-weight: 700; margin-top: 0.2em; color: #1b1b1b;
  font-family: 'DejaVu Sans Mono', monospace, monospace; font-size: 1em; }
.wp-prompt { flex-direction: column; justify-content: center; }
.wp-question { font-size: 2.6em; font-weight: 700; line-height: 1.2; max-width: 28ch; }
.wp-message { font-size: 1.8em; line-height: 1.25; max-width: 36ch; }
.wp-note { font-size: 1.3em; color: #3d3d3d; margin-top: 1em; }
.wp-count { font-size: 1.6em; margin-top: 0.8em; }
.wp-wheel { flex: 0 0 auto; width: 33em; height: 100%; display: flex; align-items: center;
  justify-content: center; }
.wp-wheel svg { height: 100%; width: 100%; display: block; }
.wp-column { flex: 1 1 0; min-width: 0; display: flex; flex-direction: column; gap: 0.4em;
  overflow: hidden; }
.wp-heading { font-size: 1em; font-weight: 700; margin: 0.3em 0 0.1em; }
.wp-randomized { font-weight: 400; color: #3d3d3d; }
.wp-heat { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.wp-heat th, .wp-heat td { padding: 0.04em 0.3em; line-height: 1.2; }
.wp-heat th.wp-name { text-align: right; font-weight: 400; }
.wp-heat td { text-align: center; min-width: 1.6em; }
.wp-bar { display: flex; align-items: baseline; gap: 0.6em; padding: 0.1em 0.4em;
  margin: 0.15em 0; border-left: 4px solid #3d3d3d; line-height: 1.2; }
.wp-bar-label { flex: 1 1 auto; min-width: 0; }
.wp-bar b { font-variant-numeric: tabular-nums; }
.wp-wall { display: flex; flex-wrap: wrap; align-content: flex-start; align-items: center;
  gap: 0.5em; overflow: hidden; min-height: 0; }
.wp-card { border: 2px solid #9fb4d6; background: #f3f7fd; border-radius: 0.4em;
  padding: 0.25em 0.6em; max-width: 100%; line-height: 1.3; }
.wp-card b { color: #1f4e89; margin-left: 0.4em; white-space: nowrap; }
.wp-card-text { overflow-wrap: anywhere; unicode-bidi: isolate; }
.wp-card-over { max-width: min(100%, 30cqw); }
.wp-card-over .wp-card-text { display: -webkit-box; -webkit-line-clamp: 3;
  -webkit-box-orient: vertical; overflow: hidden; }
.wp-more { align-self: center; color: #3d3d3d; }
.wp-closing { flex-direction: column; }
.wp-card-intro { flex: 0 0 24em; min-width: 0; display: flex; flex-direction: column;
  justify-content: center; }
.wp-card-intro .wp-message { font-size: 1.5em; }
"""


@dataclass(frozen=True)
class Screen:
    """Everything one slide shows, read at one moment."""

    session: LiveSession
    room: RoomSnapshot
    wall: Sequence[WallGroup]
    join_url: str | None
    qr_svg: str = ""
    #: When the room is bound to this computer only: the command that serves it to phones
    #: (the join slide shows it, as the terminal does).
    loopback_hint: str = ""


def has_room_results(step: str | None) -> bool:
    """Whether a step's slide has room results to reveal: the wheel and the wall do; the
    do-over and impact answers are private (their slides count answers, nothing more)."""
    return step in ROOM_RESULTS


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
    if session.ended:
        title, kind = live.label("closing_title"), "closing"
        main = _closing(live, screen, fit.main_height_em(title))
    elif segment is None or (segment.step is None and session.segment == 0):
        title, main, kind = content.settings.title, _join(live, screen), "join"
    else:
        title, kind = segment.title, "segment"
        main = _exercise(content, live, screen, segment, fit.main_height_em(title))
    step = segment.step if kind == "segment" and segment is not None and segment.step else kind
    return (
        f"<style>{CSS}</style>"
        f"<div class='workshop-presenter' data-slide='{escape(step)}' lang="
        f"'{escape(content.settings.language)}'>"
        f"<div class='wp-title'>{escape(title)}</div>"
        f"{main}{_footer(live, screen, kind)}</div>"
    )


def _footer(live: LiveContent, screen: Screen, kind: str) -> str:
    label = live.label
    joined = f"<span>{escape(label('joined'))}: <b>{screen.room.joined}</b></span>"
    if kind == "join" or not screen.join_url:
        return f"<div class='wp-footer'><span></span>{joined}</div>"
    join = (
        f"<span>{escape(label('join_at'))} <b>{escape(short_address(screen.join_url))}</b> · "
        f"{escape(label('session_code'))} <b>{escape(screen.session.code)}</b></span>"
    )
    return f"<div class='wp-footer'>{join}{joined}</div>"


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
    if screen.loopback_hint:
        text.append(
            f"<div class='wp-warning workshop-loopback'>{escape(label('loopback_screen'))}"
            f"<span class='wp-command'>{escape(screen.loopback_hint)}</span></div>"
        )
    return f"<div class='wp-main wp-join'>{qr}<div class='wp-join-text'>{''.join(text)}</div></div>"


def _exercise(
    content: KeynoteContent, live: LiveContent, screen: Screen, segment: Segment, height: float
) -> str:
    step = segment.step
    if step == "do_over":
        return _prompt(live, screen, content.do_over.question, "do_over")
    if step == "impact":
        return _prompt(live, screen, content.impact.better_place_question, "impact")
    if step == "balance":
        held = _held_back(live, screen, content.balance.title, "balance")
        return held or balance_main(content, live, screen.room, height)
    if step == "menu":
        return _menu(content, live, screen, height)
    if step == "card":
        return _card(content, live, screen, height)
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
    elif not screen.room.visible and step == "balance":
        note = live.label("waiting_for_k", k=screen.room.k, n=screen.room.answered)
    else:
        return None
    answered = live.label("answered_count", n=screen.room.completed.get(step, 0))
    return (
        f"<div class='wp-main wp-prompt'><div class='wp-question'>{escape(question)}</div>"
        f"<div class='wp-count'>{escape(answered)}</div>"
        f"<div class='wp-note workshop-results-hidden'>{escape(note)}</div></div>"
    )


def _menu(content: KeynoteContent, live: LiveContent, screen: Screen, height: float) -> str:
    """The menu's most chosen ingredients beside the wall."""
    held = _held_back(live, screen, content.menu.title, "menu")
    if held is not None:
        return held
    label = live.label
    width = fit.MAIN_WIDTH_EM
    parts = []
    if screen.room.top_ingredients:
        side = 19.0
        width -= side + 2.0
        parts.append(
            f"<div style='flex:0 0 {side:g}em;min-width:0'><div class='wp-heading'>"
            f"{escape(label('top_ingredients'))}</div>"
            f"{bars(list(screen.room.top_ingredients), INGREDIENT_TINT)}</div>"
        )
    longest = content.settings.limits.wall_max_chars
    parts.append(_wall_column(live, screen.wall, width, height, longest))
    return f"<div class='wp-main wp-menu'>{''.join(parts)}</div>"


def _wall_column(
    live: LiveContent, groups: Sequence[WallGroup], width: float, height: float, longest: int
) -> str:
    label = live.label
    cards = wall_cards(groups, label("wall_empty"), width, height - 1.6, longest)
    return (
        f"<div class='wp-column'><div class='wp-heading'>{escape(label('room_wall'))}</div>"
        f"{cards}</div>"
    )


def _card(content: KeynoteContent, live: LiveContent, screen: Screen, height: float) -> str:
    """Take home your card: what the card is and how many have made theirs; revealed, the
    wall beside it (what the room shared is what it takes home together)."""
    made = live.label("cards_made", n=screen.room.completed.get("card", 0))
    parts = [
        f"<div class='wp-message'>{escape(content.settings.label('card_intro'))}</div>",
        f"<div class='wp-count'>{escape(made)}</div>",
    ]
    if not screen.session.revealed:
        note = escape(live.label("results_hidden"))
        parts.append(f"<div class='wp-note workshop-results-hidden'>{note}</div>")
        return f"<div class='wp-main wp-prompt wp-card-slide'>{''.join(parts)}</div>"
    intro = f"<div class='wp-card-intro'>{''.join(parts)}</div>"
    width = fit.MAIN_WIDTH_EM - CARD_INTRO_EM - 2.0
    wall = _wall_column(live, screen.wall, width, height, content.settings.limits.wall_max_chars)
    return f"<div class='wp-main wp-card-slide'>{intro}{wall}</div>"


def _closing(live: LiveContent, screen: Screen, height: float) -> str:
    """The end: the room thanked, and its mantras on the wall."""
    mantras = [g for g in screen.wall if "mantra" in g.kinds]
    message = f"<div class='wp-message'>{escape(live.label('closing_message'))}</div>"
    if not mantras:
        return f"<div class='wp-main wp-prompt wp-closing'>{message}</div>"
    rest = height - 2.5 * fit.lines(live.label("closing_message"), 36 * 1.8) - 1.0
    cards = wall_cards(mantras, live.label("wall_empty"), fit.MAIN_WIDTH_EM, rest)
    return f"<div class='wp-main wp-closing'>{message}{cards}</div>"
