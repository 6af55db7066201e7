"""A rep's own coaching page at ``/rep``: a plain page behind their personal code.

- ``GET /rep``: the code box, or, on a phone that opened the page before, the rep's page.
- ``POST /rep`` (``code``): the code opens the page and this phone remembers the rep, in a
  signed cookie bound to when the code was issued: when the manager reissues or revokes the
  code, every phone signed in with it is signed out. Tries are limited per browser and per
  address, as resume codes are (`gates`), and a refusal is logged without the code.
- ``POST /rep/self-check`` (``self_check``), ``POST /rep/calls/{id}`` (``answer``): the rep's
  acts (`services.rep`), then a 303 back; a refusal shows the page with it (422).
- ``POST /rep/sign-out``: this phone forgets the rep.

The page reads one rep's records, by the id the signed cookie holds, and nobody else's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from workshop.coaching.access import RepCodeError
from workshop.coaching.model import Rep
from workshop.content.coaching import ROLES, CoachingContent
from workshop.errors import WorkshopError
from workshop.server.personal_codes import remembered, signed_person
from workshop.server.phone import guarded, read_form, same_origin
from workshop.server.phone_identity import Phone, page_context
from workshop.server.rep_curve import curve_svg
from workshop.server.runtime import Runtime, runtime
from workshop.server.templating import render
from workshop.services import rep as rep_acts
from workshop.services.wording import refusal_text

REP_COOKIE = "workshop-rep"
#: A rep's phone stays signed in for a season of daily self-checks (until the code changes).
REP_MAX_AGE = 120 * 24 * 3600
SAVED = {"self_check": "self_check_saved", "answer": "my_answer_saved"}


def signed_in(request: Request, current: Runtime) -> Rep | None:
    """The person this phone signed in as, while their code is the one it signed in with."""
    return signed_person(current, current.signers.rep, request.cookies.get(REP_COOKIE), ROLES)


def context(current: Runtime, phone: Phone, **extra: Any) -> dict[str, Any]:
    coaching = current.coaching
    found = page_context(current, coaching.label("my_page_title"), phone, **extra)
    found["words"] = {**found["words"], **coaching.labels}
    return found


def rep_page(
    current: Runtime, phone: Phone, rep: Rep, errors: dict[str, str], status_text: str = ""
) -> dict[str, Any]:
    coaching = current.coaching
    today = date.today()
    seen = rep_acts.overview(current.store, coaching, rep, today)
    focus = (
        coaching.label(
            "my_focus",
            competency=coaching.competency(seen.focus).name,
            good=coaching.competency(seen.focus).good,
        )
        if seen.focus
        else coaching.label("my_no_focus")
    )
    curve_words = (
        coaching.label("my_curve", count=seen.fixes, next=seen.next_mark)
        if seen.next_mark
        else coaching.label("my_curve_done", count=seen.fixes)
    )
    names = {c.id: c.name for c in coaching.competencies}
    shown = {
        "hello": coaching.label("my_page_hello", rep=rep.name),
        "do_over_question": coaching.do_over_question,
        "self_check_question": coaching.self_check_question,
        "self_check": seen.self_check_today,
        "streak": coaching.label("day_streak", days=seen.streak)
        if seen.streak
        else coaching.label("no_streak"),
        "waiting": _waiting(coaching, seen),
        "kept": [{"situation": c.situation, "answer": c.rep_answer} for c in seen.kept],
        "focus": focus,
        "fixes": [
            {
                "on": c.on.isoformat(),
                "competency": names.get(c.competency, c.competency),
                "text": c.fix,
            }
            for c in seen.last_fixes
        ],
        "curve_words": curve_words,
        "curve": Markup(
            curve_svg(seen.curve, today, seen.next_mark, coaching.label("rep_curve_alt"))
        ),
    }
    return context(
        current,
        phone,
        rep=shown,
        errors=errors,
        problems=list(errors.items()),
        status=status_text,
    )


def _waiting(coaching: CoachingContent, seen: rep_acts.RepOverview) -> list[dict[str, str]]:
    """The calls the rep may answer, each with when they answered, if they have."""
    return [
        {
            "id": c.id,
            "situation": c.situation,
            "answer": c.rep_answer,
            "given": coaching.label("my_answer_given", time=_clock(c.rep_answer_at))
            if c.answered
            else "",
        }
        for c in seen.waiting
    ]


def _clock(stamp: datetime | None) -> str:
    """When the rep answered, as the room's clock reads it."""
    return stamp.astimezone().strftime("%H:%M") if stamp else ""


def sign_in_page(current: Runtime, phone: Phone, error: str = "", status: int = 200) -> Response:
    errors = {"code": error} if error else {}
    found = context(current, phone, errors=errors, problems=list(errors.items()))
    return phone.finish(HTMLResponse(render("rep_sign_in.html", **found), status_code=status))


@guarded
async def rep_home(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    rep = signed_in(request, current)
    if rep is None:
        return sign_in_page(current, phone)
    saved = SAVED.get(request.query_params.get("saved", ""))
    text = current.coaching.label(saved, date=date.today().isoformat()) if saved else ""
    found = rep_page(current, phone, rep, {}, text)
    return phone.finish(HTMLResponse(render("rep.html", **found)))


@guarded
async def rep_sign_in(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    form = await read_form(request) if same_origin(request) else {}
    gate = phone.gate
    if not gate.allow("resume"):
        return sign_in_page(current, phone, current.live.label("slow_down"), 429)
    try:
        rep = current.store.rep_for_code((form.get("code") or [""])[-1])
    except RepCodeError as exc:
        gate.refused("resume")
        text = refusal_text(exc, current.coaching.labels, prefix="refused_", templates=True)
        return sign_in_page(current, phone, text, 422)
    phone.cookies[REP_COOKIE] = (remembered(current, current.signers.rep, rep), REP_MAX_AGE)
    return phone.finish(RedirectResponse("/rep", status_code=303))


async def _act(request: Request, field: str, act: Any) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    rep = signed_in(request, current)
    if rep is None or not same_origin(request):
        return phone.finish(RedirectResponse("/rep", status_code=303))
    form = await read_form(request)
    try:
        act(current, rep, (form.get(field.split("-")[0]) or [""])[-1])
    except WorkshopError as exc:
        text = refusal_text(exc, current.coaching.labels, prefix="refused_", templates=True)
        found = rep_page(current, phone, rep, {field: text})
        return phone.finish(HTMLResponse(render("rep.html", **found), status_code=422))
    kind = "self_check" if field == "self_check" else "answer"
    return phone.finish(RedirectResponse(f"/rep?saved={kind}", status_code=303))


@guarded
async def rep_self_check(request: Request) -> Response:
    def act(current: Runtime, rep: Rep, text: str) -> None:
        now = datetime.now(UTC)
        rep_acts.save_self_check(current.store, current.coaching, rep.id, text, now, date.today())

    return await _act(request, "self_check", act)


@guarded
async def rep_answer(request: Request) -> Response:
    call_id = request.path_params["call_id"]

    def act(current: Runtime, rep: Rep, text: str) -> None:
        now = datetime.now(UTC)
        rep_acts.answer_call(current.store, current.coaching, rep.id, call_id, text, now)

    return await _act(request, f"answer-{call_id}", act)


@guarded
async def rep_sign_out(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    response = RedirectResponse("/rep", status_code=303)
    response.delete_cookie(REP_COOKIE)
    return phone.finish(response)


ROUTES = [
    Route("/rep", rep_home),
    Route("/rep", rep_sign_in, methods=["POST"]),
    Route("/rep/self-check", rep_self_check, methods=["POST"]),
    Route("/rep/calls/{call_id}", rep_answer, methods=["POST"]),
    Route("/rep/sign-out", rep_sign_out, methods=["POST"]),
]
