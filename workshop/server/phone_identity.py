"""Who a phone is, from its signed cookies alone, and what every phone page shares.

A phone carries two cookies, both signed by the server (`signing`), both HttpOnly:
- ``workshop-device``: its browser's id (issued on the first page, a year long);
- ``workshop-attendee``: the attendee it is in this session, once it joined or resumed.

Nothing else about a phone is kept by the server: any process of the room reads these and the
database, and answers. A cookie that does not verify is as good as none.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from workshop.errors import ResumeCodeError
from workshop.keynote.answers import Attendee
from workshop.live.session import LiveSession
from workshop.server.gates import ClientGate
from workshop.server.runtime import Runtime
from workshop.server.signing import new_device_id

DEVICE_COOKIE = "workshop-device"
ATTENDEE_COOKIE = "workshop-attendee"
#: One phone stays one browser across the days of a workshop.
DEVICE_MAX_AGE = 365 * 24 * 3600


@dataclass
class Phone:
    """One request's phone: its device id (new if it had no valid one) and its attendee."""

    request: Request
    current: Runtime
    device: str
    new_device: bool
    attendee: Attendee | None = None
    #: Cookies to set on the response, by name.
    cookies: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, request: Request, current: Runtime) -> Phone:
        signers = current.signers
        device = signers.device.unsign(request.cookies.get(DEVICE_COOKIE))
        phone = cls(request, current, device or new_device_id(), device is None)
        if phone.new_device:
            phone.cookies[DEVICE_COOKIE] = (signers.device.sign(phone.device), DEVICE_MAX_AGE)
        signed = signers.attendee.unsign(request.cookies.get(ATTENDEE_COOKIE))
        if signed is not None:
            session_code, _, attendee_id = signed.partition(":")
            if session_code == current.session_code:
                try:
                    phone.attendee = current.store.attendee(attendee_id)
                except ResumeCodeError:
                    phone.attendee = None  # a database started afresh
        return phone

    def enter(self, attendee: Attendee) -> None:
        """This phone is `attendee` from now on (for as long as the session runs)."""
        self.attendee = attendee
        value = self.current.signers.attendee.sign(f"{self.current.session_code}:{attendee.id}")
        self.cookies[ATTENDEE_COOKIE] = (value, self.current.live.session_hours * 3600)

    @property
    def gate(self) -> ClientGate:
        address = self.request.client.host if self.request.client else ""
        return self.current.limits.gate(self.device, address)

    def finish(self, response: Response) -> Response:
        """Set this phone's cookies on `response`, and keep it out of every cache."""
        secure = self.request.url.scheme == "https"
        for name, (value, age) in self.cookies.items():
            response.set_cookie(
                name, value, max_age=age, httponly=True, samesite="lax", secure=secure
            )
        response.headers.setdefault("Cache-Control", "no-store")
        return compressed(self.request, response)


#: Pages and replies worth compressing (a balance page is 13 KB, 3 KB gzipped).
COMPRESS_FROM = 1024


def compressed(request: Request, response: Response) -> Response:
    """`response` gzipped for a browser that takes it (the phones' pages are made per request,
    so each is compressed once, at a level cheap enough for a room joining at once)."""
    kind = response.headers.get("content-type", "")
    body = bytes(response.body)
    if (
        len(body) < COMPRESS_FROM
        or "gzip" not in request.headers.get("accept-encoding", "")
        or not kind.startswith(("text/html", "application/json"))
    ):
        return response
    response.body = gzip.compress(body, 5, mtime=0)
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(response.body))
    response.headers["Vary"] = "Accept-Encoding"
    return response


def words(current: Runtime) -> dict[str, str]:
    """Every word a phone page may show: the attendee screens' and the live room's."""
    return {**current.content.settings.labels, **current.live.labels}


def page_context(
    current: Runtime,
    heading: str,
    phone: Phone | None = None,
    room: LiveSession | None = None,
    here: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """What base.html needs, with the list of steps once the phone is an attendee."""
    from workshop.server.room_events import room_key

    attendee = phone.attendee if phone is not None else None
    nav = []
    if attendee is not None and room is not None:
        nav = [
            {"id": s.id, "label": s.label, "open": room.is_open(s.id), "current": s.id == here}
            for s in current.live.steps
        ]
    context: dict[str, Any] = {
        "lang": current.content.settings.language,
        "title": current.content.settings.title,
        "heading": heading,
        "words": words(current),
        "code": attendee.code_display if attendee else "",
        "nav": nav,
        "follow": bool(nav),
        "room": room_key(room, current.live) if room is not None else "",
        "waiting": False,
        "status": "",
        "status_error": False,
        "problems": [],
        "errors": {},
        "inline_script": "",
        # Once the facilitator ended the workshop, every page says so (answers lock soon after).
        "ended_note": (
            current.live.label("workshop_ended")
            if room is not None and room.ended_at is not None
            else ""
        ),
    }
    context.update(extra)
    return context
