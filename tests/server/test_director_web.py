"""A director's view at ``/director`` (no browser, no script), served by `workshop serve`: their
own code opens it and nothing else does: not a rep's code, not a manager's, not a rep's or a
made-up cookie, not a revoked or reissued code, not a form posted from another site. What
people typed (their names) is escaped, and no code reaches the log."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import httpx
import pytest

from tests.support.paths import ROOT
from tests.support.serving import Served, serving
from workshop.coaching.demo import demo_team
from workshop.content.coaching_files import load_coaching_content
from workshop.services.coaching_director import director_page
from workshop.store import Store

CONTENT = load_coaching_content(ROOT / "data" / "en")
HOSTILE = {
    "director": "Dee <script>alert(1)</script>",
    "manager": "Max </svg><img src=x onerror=alert(2)>",
    "rep": "Ray & 'Co' \"<b>\"",
}


@dataclass(frozen=True)
class Room:
    served: Served
    director: str  # the demo director's code
    hostile: str  # the code of the director with a hostile name
    rep: str
    manager: str
    demo_names: tuple[str, ...]


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    """The demo team, plus a chain whose names are markup, each with a code where needed."""
    folder = tmp_path_factory.mktemp("director")
    team = demo_team(CONTENT, date.today())
    with Store(folder / "live.db") as store:
        store.import_coaching(team.people, team.evaluations, team.calls, team.self_checks)
        dee = store.create_rep(HOSTILE["director"], role="director")
        max_ = store.create_rep(HOSTILE["manager"], role="manager", coach_id=dee.id)
        store.create_rep(HOSTILE["rep"], role="rep", coach_id=max_.id)
        manager = next(p for p in team.coaches if p.role == "manager")
        codes = [
            store.issue_rep_code(team.coaches[0].id),
            store.issue_rep_code(dee.id),
            store.issue_rep_code(team.reps[0].id),
            store.issue_rep_code(manager.id),
        ]
    # A generous address limit: this module's many refusals all come from 127.0.0.1.
    with serving(folder, ["--address-limit", "1000"]) as served:
        yield Room(served, *codes, tuple(p.name for p in team.people))


def client(room: Room) -> httpx.Client:
    return httpx.Client(base_url=room.served.base_url, timeout=30)


def sign_in(http: httpx.Client, code: str, **headers: str) -> httpx.Response:
    return http.post("/director", data={"code": code}, headers=headers)


def is_sign_in_page(response: httpx.Response) -> bool:
    return 'action="/director"' in response.text and "manager-1" not in response.text


def test_a_directors_code_opens_their_managers_figures(room: Room) -> None:
    with client(room) as http:
        assert is_sign_in_page(http.get("/director"))
        signed = sign_in(http, room.director)
        assert signed.status_code == 303 and signed.headers["location"] == "/director"
        cookie = signed.headers["set-cookie"]
        assert (
            "workshop-director=" in cookie
            and "HttpOnly" in cookie
            and "samesite=lax" in cookie.lower()
        )
        assert room.director not in cookie
        page = html.unescape(http.get("/director").text)
    with Store(room.served.db) as store:
        morgan = next(p for p in store.reps() if p.name == "Morgan (demo)")
        expected = director_page(store, CONTENT, morgan, date.today())
    assert "Hi Morgan (demo)" in page and len(expected.managers) == 2
    for manager in expected.managers:
        assert manager.heading in page and manager.status_text in page
        assert all(line in page for line in manager.lines)
        for rep in manager.reps:
            assert rep.name in page and f"<dd>{rep.fixes}</dd>" in page
            assert f"<dd>{rep.self_checks}</dd>" in page
    assert "Calls per rep a week" in page and "Median call" in page and "Parked fixes" in page
    assert page.count("<svg") == 1 and "Who is on track" in page
    assert not any(name in page for name in HOSTILE.values())  # another director's chain


def test_names_people_typed_are_escaped_in_the_page_and_the_picture(room: Room) -> None:
    with client(room) as http:
        assert sign_in(http, room.hostile).status_code == 303
        raw = http.get("/director").text
    assert "<script>alert(1)" not in raw and "<img src=x" not in raw
    assert raw.count("</svg>") == 1  # the chain's own end, not a manager's name
    assert "Dee &lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "&lt;img src=x onerror=alert(2)&gt;" in raw
    assert not any(name in html.unescape(raw) for name in room.demo_names)


@pytest.mark.parametrize("whose", ["rep", "manager"])
def test_a_code_that_is_not_a_directors_is_refused_as_unknown(room: Room, whose: str) -> None:
    with client(room) as http:
        refused = sign_in(http, getattr(room, whose))
        assert refused.status_code == 422
        assert "workshop-director" not in refused.headers.get("set-cookie", "")
        text = html.unescape(refused.text)
        assert CONTENT.label("refused_director_code_unknown") in text
        assert is_sign_in_page(http.get("/director"))


def test_a_reps_cookie_or_a_made_up_one_opens_nothing(room: Room) -> None:
    with client(room) as http:
        assert http.post("/rep", data={"code": room.rep}).status_code == 303
        reps = http.cookies["workshop-rep"]
    with client(room) as http:
        assert sign_in(http, room.director).status_code == 303
        directors = http.cookies["workshop-director"]
    person, _, signature = directors.rpartition(".")
    made_up = [
        reps,  # a rep's signed cookie, as a director's
        f"{reps.rpartition('.')[0]}.{signature}",  # a rep's id under the director's signature
        person + "." + "A" * len(signature),
        "x" * 600,
        "..@.",
        "%C3%A9@2020-01-01.%00",
    ]
    for value in made_up:
        with httpx.Client(base_url=room.served.base_url, timeout=30) as http:
            http.cookies.set("workshop-director", value)
            answer = http.get("/director")
            assert answer.status_code == 200 and is_sign_in_page(answer), value
    with httpx.Client(base_url=room.served.base_url, timeout=30) as http:
        http.cookies.set("workshop-rep", directors)  # and a director's never opens /rep
        assert 'action="/rep"' in http.get("/rep").text


def test_a_revoked_or_reissued_code_signs_the_browser_out(room: Room) -> None:
    with client(room) as http:
        assert sign_in(http, room.hostile).status_code == 303
        assert "manager-1" in http.get("/director").text
        with Store(room.served.db) as store:
            dee = next(p for p in store.reps() if p.name == HOSTILE["director"])
            store.revoke_rep_code(dee.id)
        assert is_sign_in_page(http.get("/director"))
        refused = sign_in(http, room.hostile)
        assert refused.status_code == 422
        assert CONTENT.label("refused_director_code_revoked") in html.unescape(refused.text)
        with Store(room.served.db) as store:
            fresh = store.issue_rep_code(dee.id)
        assert sign_in(http, fresh).status_code == 303
        assert "manager-1" in http.get("/director").text
        with Store(room.served.db) as store:
            store.issue_rep_code(dee.id)  # reissued: this browser's sign-in ends
        assert is_sign_in_page(http.get("/director"))
    log = room.served.log.read_text()
    for code in (room.director, room.hostile, room.rep, room.manager, fresh):
        assert code not in log


def test_odd_headers_and_posts_from_elsewhere_change_nothing(room: Room) -> None:
    with client(room) as http:
        elsewhere = sign_in(http, room.director, Origin="http://evil.example")
        assert elsewhere.status_code == 422 and "workshop-director" not in http.cookies
        tricked = sign_in(
            http,
            room.director,
            **{"X-Forwarded-Host": "evil.example", "X-Script-Name": "/evil", "Forwarded": "x"},
        )
        assert tricked.status_code == 303 and tricked.headers["location"] == "/director"
        page = http.get("/director", headers={"X-Forwarded-Host": "evil.example"}).text
        assert "evil" not in page and "manager-1" in page
        assert not re.search(r"(href|src|action)=\"https?://", page)  # no URL from a header
        bad = http.post(
            "/director",
            content=b"code=\xff\xfe%00" + b"A" * 100,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert bad.status_code == 422
        huge = http.post("/director", content=b"code=" + b"A" * 70_000)
        assert huge.status_code == 413
        # Signing out from another site does not sign this browser out.
        http.post("/director/sign-out", headers={"Origin": "http://evil.example"})
        assert "manager-1" in http.get("/director").text
        http.post("/director/sign-out")
        assert is_sign_in_page(http.get("/director"))


def test_guessing_codes_is_slowed_down(room: Room) -> None:
    with client(room) as http:
        answers = [sign_in(http, "2222-2222-2222").status_code for _ in range(12)]
        assert answers[0] == 422 and answers[-1] == 429
        late = sign_in(http, room.director)  # the limit is on trying, not on being wrong
        assert late.status_code == 429 and "workshop-director" not in http.cookies


def test_the_view_weighs_what_a_phone_page_may_when_cold(room: Room) -> None:
    """The page and every file it loads, as a phone with an empty cache downloads them."""
    with client(room) as http:
        assert sign_in(http, room.director).status_code == 303
        page = http.get("/director", headers={"Accept-Encoding": "gzip"})
        assert page.headers["content-encoding"] == "gzip"
        loaded = re.findall(r"(?:src|href)=\"(/assets/[^\"]+)\"", page.text)
        assert len(loaded) == 2  # the stylesheet and the script, nothing else
        files = [http.get(url, headers={"Accept-Encoding": "gzip"}) for url in loaded]
    weight = page.num_bytes_downloaded + sum(f.num_bytes_downloaded for f in files)
    assert 0 < weight <= 150 * 1024, weight
    assert page.num_bytes_downloaded <= 16 * 1024  # the view itself: a few kilobytes
