"""The attendee's phone: plain pages, served by the room's own app, with no state of their own.

The protocol, for a browser or a script (form fields are ``application/x-www-form-urlencoded``;
cookies are set by the server, signed, see `phone_identity`):

- ``GET /`` the join page (``?session=CODE`` fills the code in). Once the phone is an attendee,
  the facilitator's current step (or a page that waits for the first). ``&code=RESUME`` resumes.
- ``POST /join`` (``session``, ``nickname``) and ``POST /resume`` (``session``, ``code``):
  a 303 to ``/`` with the attendee's cookie, or the join page again with the refusal (422, 429
  when the tries are used up, 503 when the room is full).
- ``GET /step/{step}``: one exercise (do_over, balance, impact, menu, card).
- ``POST /step/{step}``: its fields (`phone_forms`). A 303 back to the step, or the page with
  its refusals (422). With ``Accept: application/json`` (the page's script): ``{"errors":
  {field: text}, "fragments": {id: html}, "message": text, "refused": bool}``.
- ``POST /card`` (``format`` pdf or png): the card as a file; 429 while this attendee's is
  being made, or when too many are.
- ``GET /events``: the room as Server-Sent Events (`room_events`), for an attendee.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route

from workshop.content.live import STEP_IDS
from workshop.errors import ResumeCodeError, WorkshopError
from workshop.live.session import SessionError, current_step
from workshop.server.phone_forms import Form, save_form
from workshop.server.phone_identity import Phone, page_context, words
from workshop.server.phone_steps import Page, reply_pages, step_page
from workshop.server.room_events import message
from workshop.server.runtime import Runtime, runtime
from workshop.server.templating import assets, fragment, render
from workshop.services import attendee as attendees
from workshop.services.live_session import utcnow
from workshop.services.wording import refusal_text

logger = logging.getLogger("workshop.server")

#: The largest form a phone posts (a menu of long answers); more is refused unread.
MAX_FORM_BYTES = 64 * 1024
#: Event streams one process holds at most (each costs a few kilobytes).
MAX_STREAMS = 20_000

Endpoint = Callable[[Request], Awaitable[Response]]


def plain_page(current: Runtime, text: str, status: int, heading: str = "") -> HTMLResponse:
    """A page that only says something, in the content's language."""
    context = page_context(current, heading or current.content.settings.title, message=text)
    context["link"], context["link_text"] = "/", current.content.settings.title
    return HTMLResponse(render("message.html", **context), status_code=status)


def guarded(endpoint: Endpoint) -> Endpoint:
    """No traceback reaches a phone: a plain page in the content's words, details in the log."""

    async def run(request: Request) -> Response:
        try:
            return await endpoint(request)
        except FormTooLarge as exc:
            logger.warning("%s %s: %s", request.method, request.url.path, exc)
            return plain_page(runtime(), runtime().live.label("server_error"), 413)
        except Exception:
            logger.exception("a phone page failed: %s %s", request.method, request.url.path)
            current = runtime()
            text = current.live.label("server_error")
            if wants_json(request):
                return JSONResponse({"message": text, "refused": True}, status_code=500)
            return plain_page(current, text, 500)

    return run


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def same_origin(request: Request) -> bool:
    """A form posted from the room's own pages (a browser sends Origin with every POST)."""
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host", "")


class FormTooLarge(WorkshopError, ValueError):
    """A post larger than any form of the phones' pages."""


async def read_form(request: Request) -> Form:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormTooLarge(f"a form of more than {MAX_FORM_BYTES} bytes was refused")
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


# -- joining ---------------------------------------------------------------------------------


def join_page(
    current: Runtime, phone: Phone, form: Form, errors: dict[str, str], status: int = 200
) -> Response:
    if errors and wants_json(phone.request):
        return phone.finish(JSONResponse({"errors": errors}, status_code=status))

    def value(name: str) -> str:
        return (form.get(name) or [""])[-1]

    context = page_context(
        current,
        current.live.label("join_title"),
        session=value("session") or current.session_code,
        nickname=value("nickname"),
        resume=value("code"),
        errors=errors,
        problems=list(errors.items()),
        # The first page a phone sees carries the script itself: on a congested network the
        # Join is pressed before a second file would arrive, and the code shows in one trip.
        inline_script=assets().text("phone.js"),
    )
    return phone.finish(HTMLResponse(render("join.html", **context), status_code=status))


def session_refusal(current: Runtime, exc: SessionError, typed: str) -> str:
    key = {"expired": "expired_session", "full": "room_full"}.get(exc.reason, "wrong_session")
    shown = f" ({typed.strip()})" if typed.strip() and exc.reason == "wrong" else ""
    return current.live.label(key) + shown


@guarded
async def home(request: Request) -> Response:
    """The join page, or, for an attendee, where the room is."""
    current = runtime()
    phone = Phone.of(request, current)
    query: Form = {k: request.query_params.getlist(k) for k in request.query_params}
    typed = (query.get("session") or query.get("s") or [""])[-1]
    if phone.attendee is None and query.get("code"):
        return await resume(request, phone, query)
    if phone.attendee is None:
        back = attendees.come_back(current.store, current.session_code, phone.device)
        if back is not None:
            phone.enter(back.attendee)
    if phone.attendee is None:
        return join_page(current, phone, {"session": [typed or current.session_code]}, {})
    session = current.session()
    step = current_step(session, current.live) if session else None
    if step is None:
        return waiting_page(current, phone)
    return show_step(current, phone, step, request)


@guarded
async def join(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    if not same_origin(request):
        return plain_page(current, current.live.label("server_error"), 403)
    form = await read_form(request)
    if phone.attendee is not None:
        return phone.finish(RedirectResponse("/", status_code=303))
    typed = (form.get("session") or [current.session_code])[-1]
    back = attendees.come_back(current.store, typed or current.session_code, phone.device)
    if back is None and not phone.gate.allow("join"):
        return join_page(current, phone, form, {"session": current.live.label("slow_down")}, 429)
    try:
        entered = back or attendees.join_room(
            current.store,
            typed,
            (form.get("nickname") or [""])[-1],
            phone.device,
            capacity=current.max_pages,
        )
    except SessionError as exc:
        status = 503 if exc.reason == "full" else 422
        refusal = session_refusal(current, exc, typed)
        return join_page(current, phone, form, {"session": refusal}, status)
    except WorkshopError as exc:
        errors = {"nickname": refusal_text(exc, current.content.settings.labels)}
        return join_page(current, phone, form, errors, 422)
    phone.enter(entered.attendee)
    return entered_reply(request, phone)


def entered_reply(request: Request, phone: Phone) -> Response:
    """Joined or resumed: to the room's page. The page's script asks for JSON, and shows the
    resume code the moment it has it (one round trip), before the next page loads."""
    assert phone.attendee is not None
    if wants_json(request):
        code, label = phone.attendee.code_display, phone.current.content.settings.label
        reply = {"code": code, "said": f"{label('your_code')}: {code}", "next": "/"}
        return phone.finish(JSONResponse(reply))
    return phone.finish(RedirectResponse("/", status_code=303))


async def resume(request: Request, phone: Phone, form: Form) -> Response:
    current = runtime()
    typed = (form.get("code") or [""])[-1]
    if not phone.gate.allow("resume"):
        return join_page(current, phone, form, {"code": current.live.label("slow_down")}, 429)
    try:
        entered = attendees.resume_in_room(current.store, (form.get("session") or [""])[-1], typed)
    except ResumeCodeError:
        phone.gate.refused("resume")
        text = f"{current.content.settings.label('unknown_code')} ({typed.strip()})"
        return join_page(current, phone, form, {"code": text}, 422)
    except SessionError as exc:
        refusal = session_refusal(current, exc, (form.get("session") or [""])[-1])
        return join_page(current, phone, form, {"code": refusal}, 422)
    phone.enter(entered.attendee)
    return phone.finish(RedirectResponse("/", status_code=303))


@guarded
async def resume_form(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    if not same_origin(request):
        return plain_page(current, current.live.label("server_error"), 403)
    return await resume(request, phone, await read_form(request))


# -- the steps -------------------------------------------------------------------------------


def waiting_page(current: Runtime, phone: Phone) -> Response:
    context = page_context(
        current,
        current.live.label("join_title"),
        phone,
        current.session(),
        message=current.live.label("waiting"),
        waiting=True,
    )
    return phone.finish(HTMLResponse(render("waiting.html", **context)))


def show_step(
    current: Runtime,
    phone: Phone,
    step: str,
    request: Request,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    assert phone.attendee is not None
    session = current.session(step)
    label = current.live.step_label(step)
    if session is None or not session.is_open(step):
        text = f"{label}: {current.live.label('locked')}"
        context = page_context(current, label, phone, session, step, message=text, link="")
        return phone.finish(HTMLResponse(render("message.html", **context), status_code=403))
    page, progress = step_page(
        step, current.store, current.content, current.live, phone.attendee.id
    )
    saved = request.query_params.get("saved")
    context = page_context(
        current,
        label,
        phone,
        session,
        step,
        step=page,
        progress=progress,
        errors=errors or {},
        problems=list((errors or {}).items()),
        status=current.content.settings.label("saved") if saved and not errors else "",
    )
    return phone.finish(HTMLResponse(render(f"{step}.html", **context), status_code=status))


@guarded
async def step_get(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    step = request.path_params["step"]
    if step not in STEP_IDS:
        return plain_page(current, current.live.label("not_found"), 404)
    if phone.attendee is None:
        return phone.finish(RedirectResponse("/", status_code=303))
    return show_step(current, phone, step, request)


@guarded
async def step_post(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    step = request.path_params["step"]
    if step not in STEP_IDS or not same_origin(request):
        return plain_page(current, current.live.label("not_found"), 404)
    form = await read_form(request)
    if phone.attendee is None:
        return refused(request, phone, current.live.label("expired_session"))
    session = current.session(step)
    if session is None or not session.is_open(step):
        text = f"{current.live.step_label(step)}: {current.live.label('locked')}"
        return refused(request, phone, text)
    saved = save_form(current.store, current.content, phone.attendee, step, form)
    answers = current.store.answers(phone.attendee.id)
    progress = attendees.record_progress(
        current.store, current.content, phone.attendee.id, answers=answers
    )
    if wants_json(request):
        pages = reply_pages(
            step,
            current.store,
            current.content,
            current.live,
            phone.attendee.id,
            answers,
            progress.steps[step],
        )
        return phone.finish(JSONResponse(reply(current, pages, saved.errors)))
    if saved.errors:
        return show_step(current, phone, step, request, saved.errors, 422)
    return phone.finish(RedirectResponse(f"/step/{step}?saved=1", status_code=303))


def refused(request: Request, phone: Phone, text: str) -> Response:
    current = phone.current
    if wants_json(request):
        return phone.finish(JSONResponse({"message": text, "refused": True}, status_code=409))
    return phone.finish(plain_page(current, text, 409))


def reply(current: Runtime, pages: dict[str, Page], errors: dict[str, str]) -> dict[str, Any]:
    """A save's answer to the page's script: refusals, and the parts of the page that changed
    (from `pages`, see `reply_pages`)."""
    parts = {"progress": fragment("progress", pages["progress"])}
    if "balance" in pages:
        parts |= {
            name: fragment(name, pages["balance"]) for name in ("wheel", "summary", "finders")
        }
    if "menu" in pages:
        parts["wall"] = fragment("wall", pages["menu"], words(current))
    return {"errors": errors, "fragments": parts, "refused": bool(errors)}


# -- the room --------------------------------------------------------------------------------


@guarded
async def events(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    session = current.session()
    if phone.attendee is None or session is None or current.events.streams >= MAX_STREAMS:
        return Response(status_code=204)  # an EventSource stops asking on 204
    first = message(session, current.live, utcnow())
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    stream = current.events.stream(first)
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


ROUTES = [
    Route("/", home),
    Route("/join", join, methods=["POST"]),
    Route("/resume", resume_form, methods=["POST"]),
    Route("/step/{step}", step_get),
    Route("/step/{step}", step_post, methods=["POST"]),
    Route("/events", events),
]
