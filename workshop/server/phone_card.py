"""The attendee's card, from their phone: ``POST /card`` (``format`` pdf or png) answers with
the file itself, drawn in a bounded process of its own (`reports.card_render`), one per
attendee at a time (`cards.CardQueue`): a click while theirs is being made, or while too many
are, is answered 429 at once with the reason in the content's words.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from workshop.errors import WorkshopError
from workshop.server.phone import guarded, read_form, same_origin
from workshop.server.phone_forms import save_form
from workshop.server.phone_identity import Phone
from workshop.server.runtime import runtime
from workshop.services import attendee as attendees

logger = logging.getLogger("workshop.server")

CARD_TYPES = {"pdf": "application/pdf", "png": "image/png"}
#: The downloaded files' name: fixed, never taken from anything an attendee typed.
CARD_STEM = "do-over-card"


@guarded
async def card(request: Request) -> Response:
    from workshop.reports.card_render import render_in_subprocess
    from workshop.server.cards import CardBusy

    current = runtime()
    phone = Phone.of(request, current)
    form = await read_form(request) if same_origin(request) else {}
    kind = (form.get("format") or [""])[-1]
    if phone.attendee is None or kind not in CARD_TYPES:
        return phone.finish(RedirectResponse("/", status_code=303))
    attendee_id = phone.attendee.id
    save_form(current.store, current.content, attendee_id, "card", form)
    store, source = current.store, current.content.source
    try:
        files = await current.cards.make(
            attendee_id, lambda: render_in_subprocess(store.target, source, attendee_id)
        )
    except CardBusy as exc:
        text = current.live.label("card_busy" if exc.reason == "mine" else "cards_busy")
        return phone.finish(PlainTextResponse(text, status_code=429))
    except (WorkshopError, OSError) as exc:
        logger.warning("a card could not be made: %s", exc)
        text = current.content.settings.label("card_failed")
        return phone.finish(PlainTextResponse(text, status_code=500))
    attendees.mark_card_made(current.store, current.content, attendee_id)
    body = files.pdf if kind == "pdf" else files.png
    disposition = f'attachment; filename="{CARD_STEM}.{kind}"'
    response = Response(body, media_type=CARD_TYPES[kind])
    response.headers["Content-Disposition"] = disposition
    return phone.finish(response)


ROUTES = [Route("/card", card, methods=["POST"])]
