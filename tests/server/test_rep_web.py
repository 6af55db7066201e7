"""The rep's plain page at ``/rep`` (no browser, no script): once the rep has answered a call,
the page says when and keeps the answer theirs to change; once the manager's insight is in, the
answer shows as kept, read-only, and a late change is refused in the content's words."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.support.paths import ROOT
from tests.support.serving import Served, serving
from workshop.coaching.call import open_call
from workshop.content.coaching_files import load_coaching_content
from workshop.store import Store

CONTENT = load_coaching_content(ROOT / "data" / "en")


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[Served, str, str]]:
    """The room's server, a rep with a personal code, and a call waiting for their answer."""
    today = date.today()
    with Store(tmp_path / "live.db") as store:
        rep = store.create_rep("Dana <b>")
        store.save_call(
            open_call(
                rep_id=rep.id,
                on=today,
                minutes=None,
                medium="call",
                situation="Price asked\nin minute two.",
                competency="closing",
                content=CONTENT,
                today=today,
                at=datetime.now(UTC) - timedelta(minutes=5),
                call_id="call-1",
            )
        )
        code = store.issue_rep_code(rep.id)
    with serving(tmp_path) as served:
        yield served, code, str(tmp_path / "live.db")


def _page(client: httpx.Client) -> str:
    return html.unescape(client.get("/rep").text)


def test_an_answer_stays_the_reps_until_the_insight_then_shows_kept(
    room: tuple[Served, str, str],
) -> None:
    served, code, db = room
    with httpx.Client(base_url=served.base_url, timeout=30) as client:
        client.get("/rep")
        assert client.post("/rep", data={"code": code}).status_code == 303
        page = _page(client)
        assert 'action="/rep/calls/call-1"' in page and "You answered at" not in page
        saved = client.post("/rep/calls/call-1", data={"answer": "I named the price <late>."})
        assert saved.status_code == 303
        page = _page(client)
        assert "You answered at" in page and 'action="/rep/calls/call-1"' in page
        assert "I named the price <late>." in page
        assert "&lt;late&gt;" in client.get("/rep").text  # typed text escaped, stored verbatim
        with Store(db) as store:
            answered = store.call("call-1")
            assert answered.rep_answer_by == "rep"
            insight = datetime.now(UTC) + timedelta(seconds=1)
            store.save_call(
                answered.with_knows(True)
                .with_can(False)
                .with_insight("Say it early.", ["words"], insight, 2000)
            )
        page = _page(client)
        assert 'action="/rep/calls/call-1"' not in page  # no form: the words are kept
        assert CONTENT.label("my_answer_kept") in page
        assert "I named the price <late>." in page and "Price asked\nin minute two." in page
        late = client.post("/rep/calls/call-1", data={"answer": "Changed after."})
        assert late.status_code == 422
        assert html.unescape(late.text).count(CONTENT.label("refused_answer_kept")) >= 1
    with Store(db) as store:
        assert store.call("call-1").rep_answer == "I named the price <late>."
