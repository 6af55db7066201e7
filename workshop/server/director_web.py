"""A director's view at ``/director``: a plain page behind their own personal code.

- ``GET /director``: the code box, or, in a browser that signed in before, the director's view
  of each manager they coach (`services.coaching_director`, the same words as the notebook's).
- ``POST /director`` (``code``): a director's code opens the page, and this browser remembers
  the director in a cookie signed for this page alone (a rep's cookie never opens it), bound to
  when the code was issued: reissuing or revoking the code signs every browser out. The codes
  are the reps' codes (`coaching.access`), one per person; a code that is not a director's is
  refused exactly as an unknown one. Tries are limited as on ``/rep``.
- ``POST /director/sign-out``: this browser forgets the director.

The page is read-only: it shows what the services computed, and decides nothing itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from workshop.coaching.access import RepCodeError
from workshop.coaching.chain_svg import MARKS
from workshop.coaching.model import Rep
from workshop.server.personal_codes import remembered, signed_person
from workshop.server.phone import guarded, read_form, same_origin
from workshop.server.phone_identity import Phone, page_context
from workshop.server.runtime import Runtime, runtime
from workshop.server.templating import render
from workshop.services.coaching_director import director_page
from workshop.services.wording import refusal_text

DIRECTOR_COOKIE = "workshop-director"
#: A director's browser stays signed in for a season, until their code changes.
DIRECTOR_MAX_AGE = 120 * 24 * 3600


def signed_in(request: Request, current: Runtime) -> Rep | None:
    """The director this browser signed in as, while their code and their role hold."""
    cookie = request.cookies.get(DIRECTOR_COOKIE)
    return signed_person(current, current.signers.director, cookie, ("director",))


def context(current: Runtime, phone: Phone, **extra: Any) -> dict[str, Any]:
    coaching = current.coaching
    found = page_context(current, coaching.label("director_title"), phone, **extra)
    found["words"] = {**found["words"], **coaching.labels}
    return found


def refusal(current: Runtime, exc: RepCodeError) -> str:
    """A refused code in the director page's words where it has its own, else the reps'."""
    labels = current.coaching.labels
    if f"refused_director_{exc.reason}" in labels:
        return refusal_text(exc, labels, prefix="refused_director_", templates=True)
    return refusal_text(exc, labels, prefix="refused_", templates=True)


def sign_in_page(current: Runtime, phone: Phone, error: str = "", status: int = 200) -> Response:
    errors = {"code": error} if error else {}
    found = context(current, phone, errors=errors, problems=list(errors.items()))
    return phone.finish(HTMLResponse(render("director_sign_in.html", **found), status_code=status))


@guarded
async def director_home(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    director = signed_in(request, current)
    if director is None:
        return sign_in_page(current, phone)
    coaching = current.coaching
    page = director_page(current.store, coaching, director, date.today())
    found = context(
        current,
        phone,
        page=page,
        chain=Markup(page.chain),  # an SVG whose every name `chain_svg` escaped
        marks=MARKS,
        hello=coaching.label("my_page_hello", rep=director.name),
    )
    return phone.finish(HTMLResponse(render("director.html", **found)))


@guarded
async def director_sign_in(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    form = await read_form(request) if same_origin(request) else {}
    gate = phone.gate
    if not gate.allow("resume"):
        return sign_in_page(current, phone, current.live.label("slow_down"), 429)
    try:
        person = current.store.rep_for_code((form.get("code") or [""])[-1])
        if person.role != "director":
            # Said as an unknown code: this page does not tell whose code it was.
            raise RepCodeError("this code is not a director's", reason="code_unknown")
    except RepCodeError as exc:
        gate.refused("resume")
        return sign_in_page(current, phone, refusal(current, exc), 422)
    value = remembered(current, current.signers.director, person)
    phone.cookies[DIRECTOR_COOKIE] = (value, DIRECTOR_MAX_AGE)
    return phone.finish(RedirectResponse("/director", status_code=303))


@guarded
async def director_sign_out(request: Request) -> Response:
    current = runtime()
    phone = Phone.of(request, current)
    response = RedirectResponse("/director", status_code=303)
    if same_origin(request):
        response.delete_cookie(DIRECTOR_COOKIE)
    return phone.finish(response)


ROUTES = [
    Route("/director", director_home),
    Route("/director", director_sign_in, methods=["POST"]),
    Route("/director/sign-out", director_sign_out, methods=["POST"]),
]
