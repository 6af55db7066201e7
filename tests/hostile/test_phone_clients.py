"""Hostile clients, the phones' side: scripts that speak the phone pages' protocol (see
`workshop.server.phone`) with made-up identities, a card button pressed thirty times at once,
and requests no browser would send. Each case says what it did before (issue 16, on the Solara
pages) and what it does now.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.serving import Served, content_with_k, run_coroutine, serving
from workshop.store import Store

ADDRESS_LIMIT = 12


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Served]:
    args = ["--content", str(content_with_k(tmp_path / "content", 2))]
    with serving(tmp_path, [*args, "--address-limit", str(ADDRESS_LIMIT)]) as served:
        with Store(tmp_path / "live.db") as store:
            for step in ("do_over", "balance", "impact", "menu", "card"):
                store.set_step_open(served.session_code, step, True)
        yield served


def attendees(room: Served) -> int:
    with Store(Path(room.out).parent / "live.db") as store:
        return store.session_attendee_count(room.session_code)


def joined(client: httpx.Client, room: Served) -> str:
    """Join as a browser would; returns the resume code the page shows."""
    page = client.post("/join", data={"session": room.session_code}, follow_redirects=True)
    found = re.search(r'class="resume-code">([2-9A-Z]{4}-[2-9A-Z]{4})<', page.text)
    assert found, page.text[:500]
    return found[1]


def test_made_up_device_ids_are_new_browsers_and_pay_the_address_limit(room: Served) -> None:
    """Before: the server believed any device cookie it never issued; one address made 200
    attendees in 12.5 s, 0 refused (a burst of 1,500 per address). Now a device id is signed
    by the server: a made-up one is replaced by a new id, and every new browser pays the
    address's sliding window (`serve --address-limit`, here 12), so one address makes at most
    that many attendees per window, whatever cookies it invents."""
    made = refused = 0
    for n in range(40):
        with httpx.Client(base_url=room.base_url, timeout=30) as client:
            client.cookies.set("workshop-device", f"forged-{n}.AAAAAAAAAAAAAAAAAAAAAA")
            answer = client.post("/join", data={"session": room.session_code})
            if answer.status_code == 303:
                made += 1
                issued = answer.cookies.get("workshop-device") or ""
                assert issued and not issued.startswith("forged"), "a made-up id was kept"
            else:
                assert answer.status_code == 429 and "Too many tries" in answer.text
                refused += 1
    assert made == ADDRESS_LIMIT and refused == 40 - ADDRESS_LIMIT
    assert attendees(room) == ADDRESS_LIMIT
    # A browser the server knows is still one attendee: back again, it pays nothing.
    with httpx.Client(base_url=room.base_url, timeout=30) as client:
        client.get("/")
        assert client.post("/join", data={"session": room.session_code}).status_code == 429


def test_a_forged_attendee_cookie_is_nobody(room: Served) -> None:
    """Before: a page's attendee lived in its kernel. Now a phone is its signed cookies: one
    naming another attendee without the server's signature is as good as none."""
    with httpx.Client(base_url=room.base_url, timeout=30) as victim:
        victim.get(room.join_url)
        code = joined(victim, room)
        cookie = victim.cookies.get("workshop-attendee") or ""
    value, _, _signature = cookie.rpartition(".")
    with httpx.Client(base_url=room.base_url, timeout=30) as thief:
        for forged in (value, f"{value}.AAAAAAAAAAAAAAAAAAAAAA", f"{value}.{_signature}x"):
            thief.cookies.set("workshop-attendee", forged)
            page = thief.get("/step/balance", follow_redirects=True)
            assert code not in page.text
            assert 'action="/join"' in page.text


async def spam_cards(room: Served, cookies: httpx.Cookies, clicks: int) -> list[int]:
    async with httpx.AsyncClient(base_url=room.base_url, timeout=120, cookies=cookies) as client:
        answers = await asyncio.gather(
            *(client.post("/card", data={"format": "png"}) for _ in range(clicks))
        )
    return [a.status_code for a in answers]


def test_card_spam_makes_one_card_and_never_holds_the_queue(room: Served) -> None:
    """Before: "Make my card" ran on every click the server received (the button was disabled
    on screen only); after one attendee's 30 clicks the next attendee's card took 51 s instead
    of 2.9 s. Now one render per attendee is in flight: the other 29 clicks are refused at once
    (429), and the next attendee's card is made on its own."""
    with httpx.Client(base_url=room.base_url, timeout=60) as spammer:
        spammer.get("/")
        joined(spammer, room)
        statuses = run_coroutine(spam_cards(room, spammer.cookies, 30))
    assert statuses.count(200) == 1, statuses
    assert statuses.count(429) == 29, statuses
    with httpx.Client(base_url=room.base_url, timeout=60) as other:
        other.get("/")
        joined(other, room)
        card = other.post("/card", data={"format": "pdf"})
        assert card.status_code == 200 and card.content.startswith(b"%PDF")


#: (method, path, headers, cookies, body, status): requests no page of ours sends.
ODD: tuple[tuple[str, str, dict[str, str], dict[str, str], bytes | None, int], ...] = (
    ("GET", "/", {"Accept": "*/*"}, {"workshop-device": "x" * 4000}, None, 200),
    ("GET", "/step/balance", {}, {"workshop-attendee": "..", "workshop-device": "."}, None, 303),
    ("GET", "/step/nowhere", {}, {}, None, 404),
    ("GET", "/nowhere/at/all", {}, {}, None, 404),
    ("POST", "/join", {"Origin": "http://evil.example"}, {}, b"session=X", 403),
    ("POST", "/join", {"Content-Type": "text/plain"}, {}, b"session=ZZZZZZ&\xff\xfe\x00", 422),
    ("POST", "/step/balance", {}, {}, b"rating.career=" + b"9" * 70_000, 413),
    ("POST", "/card", {"Accept": "application/json"}, {}, b"format=exe", 303),
    ("GET", "/events", {}, {"workshop-attendee": "nobody.xxxx"}, None, 204),
)


def test_odd_requests_get_a_plain_answer_and_no_traceback(room: Served) -> None:
    """Before: any exception in a page showed its traceback, with server paths, to whoever was
    looking. Now every phone request, however odd, is answered with a status and, if a page, a
    plain one in the content's language; the details go to the server's log only."""
    for method, path, headers, cookies, body, status in ODD:
        with httpx.Client(base_url=room.base_url, timeout=30, cookies=cookies) as client:
            answer = client.request(method, path, headers=headers, content=body)
        assert answer.status_code == status, (path, answer.text[:300])
        for leak in ("Traceback", 'File "', "/workshop/", "Exception"):
            assert leak not in answer.text, path
        if "text/html" in answer.headers.get("content-type", ""):
            assert re.search(r"<html lang=.en.", answer.text), path
    assert attendees(room) == 0
