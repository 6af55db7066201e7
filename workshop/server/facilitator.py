"""The facilitator's sign-in over HTTP: a one-time link traded for a sign-in cookie.

The link's key is in its fragment, which no server, proxy or log sees. The sign-in page reads it,
takes it out of the address bar, and posts it; the server spends the link
(`workshop.services.facilitators`) and answers with an HttpOnly cookie holding a new random
sign-in key (only its hash is stored) that lasts until the session ends. A spent link, opened
again from the browser's History, opens nothing.

Sign-in attempts are limited per address and overall, and logged without any key: a success
with the client's hashed address, refusals counted (`workshop.server.tally`).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from workshop.html import escape
from workshop.server.gates import short_hash
from workshop.server.pages import FACILITATOR_COOKIE
from workshop.server.runtime import runtime
from workshop.services import facilitators

logger = logging.getLogger("workshop.server")

SIGN_IN = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{title}</title></head>
<body style="font-family:sans-serif;font-size:1.2em;padding:2em"><p id="note">{title}</p>
<script>
const [key, to] = decodeURIComponent(location.hash.slice(1)).split("/");
history.replaceState(null, "", location.pathname);
fetch("/facilitator/sign-in", {{method: "POST", credentials: "same-origin",
  headers: {{"Content-Type": "application/x-www-form-urlencoded"}},
  body: "link=" + encodeURIComponent(key || "")}})
  .then(r => {{ if (r.ok) location.replace(to === "presenter" ? "/presenter" : "/remote");
    else document.getElementById("note").textContent = r.status === 429 ? {slow} : {spent}; }});
</script></body></html>"""


def signed_in(cookies: dict[str, str]) -> bool:
    """Whether the request's browser is signed in as the facilitator."""
    return runtime().sign_ins.allowed(cookies.get(FACILITATOR_COOKIE))


def _js(text: str) -> str:
    """A JavaScript string inside a <script>: JSON, with "</" kept from closing the script."""
    return json.dumps(text).replace("</", "<\\/")


async def sign_in_page(_request: Request) -> Response:
    current = runtime()
    html = SIGN_IN.format(
        lang=escape(current.content.settings.language),
        title=escape(current.content.settings.title),
        spent=_js(current.live.label("link_spent")),
        slow=_js(current.live.label("slow_down")),
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


async def sign_in(request: Request) -> Response:
    """Spend the one-time link in the body for a sign-in cookie (the link is in the body only)."""
    current = runtime()
    address = request.client.host if request.client else ""
    if not current.sign_ins.may_try(address):
        current.tally.count("facilitator sign-ins refused: too many tries")
        return Response(status_code=429)
    body = await request.body()
    link = parse_qs(body[:4096].decode("utf-8", errors="replace")).get("link", [""])[0]
    session = current.store.live_session(current.session_code)
    key = facilitators.trade(current.store, session, link) if session is not None else None
    if key is None:
        if signed_in(request.cookies):
            return Response(status_code=204)  # a spent link, in a browser already signed in
        current.tally.count("facilitator sign-ins refused: unknown, spent or expired link")
        return Response(status_code=403)
    logger.info("a facilitator browser signed in from address %s", short_hash(address))
    assert session is not None
    response = Response(status_code=204)
    response.set_cookie(
        FACILITATOR_COOKIE,
        key,
        max_age=max(60, int((session.expires_at - datetime.now(UTC)).total_seconds())),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response
