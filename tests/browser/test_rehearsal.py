"""The room's day, end to end, in Chromium, in both shipped languages (issue 20): a big screen at
1920x1080, the facilitator's remote, a phone, and a room of attendees answering through the
services, every segment revealed where it has results, then the end of the workshop and the
downloads. At every step the big screen and the remote are measured as people see them: no
text cut short (by an ellipsis the content did not write, a clamp, or a box too small), every
text at 4.5:1 or better against what is behind it (heatmap cells included), every control named
by what it acts on. Each moment is photographed into ``test-output/rehearsal/``.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.screens import cut_text, low_contrast, measures, unnamed_controls
from tests.support.paths import DATA, ROOT
from tests.support.serving import Served, serving
from workshop.content.keynote import KeynoteContent, load_content
from workshop.content.live import LiveContent, load_live_content
from workshop.keynote.answers import Attendee, Pick
from workshop.keynote.completion import completed_steps
from workshop.keynote.reflections import Ingredient
from workshop.live.slides import has_room_results
from workshop.services import answers
from workshop.services import live_session as live
from workshop.store import Store

pytestmark = pytest.mark.browser
WAIT_MS = 60_000
SHOTS = ROOT / "test-output" / "rehearsal"
PROJECTOR = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: The big screen's body type at 1920x1080.
BODY_PX = 28
#: Six people, one more than k: the small room of issue 20.
PEOPLE = 6


class Room:
    """The served room, its content, and the people answering in it."""

    def __init__(self, served: Served, store: Store, content_dir: Path) -> None:
        self.served = served
        self.store = store
        self.content: KeynoteContent = load_content(content_dir)
        self.live: LiveContent = load_live_content(content_dir)
        self.people: list[Attendee] = [
            live.join(store, served.session_code, f"P{n}", device=f"test-{n}")[1]
            for n in range(PEOPLE)
        ]

    def answer(self, step: str | None) -> None:
        """Everyone answers the step, with the content's longest words where it has a choice:
        the finders and categories whose names are longest rise to the top of the slides."""
        if step is None:
            return
        demo, store = self.live.demo, self.store
        for n, person in enumerate(self.people):
            if step == "do_over":
                for i, context in enumerate(self.content.do_over.contexts):
                    answer = f"{context.id}.answer"
                    answers.save_text(
                        store, self.content, person.id, "do_over", answer, demo.do_over[i]
                    )
                    step_text = demo.first_steps[i % len(demo.first_steps)]
                    first = f"{context.id}.first_step"
                    answers.save_text(store, self.content, person.id, "do_over", first, step_text)
            if step == "balance":
                self._rate(person)
            if step == "impact":
                for field, text in (("whom", demo.whom[0]), ("action", demo.actions[0])):
                    answers.save_text(store, self.content, person.id, "impact", field, text)
                channel = self.content.impact.channels[0].id
                answers.save_text(store, self.content, person.id, "impact", "channel", channel)
                place = demo.better_place[0]
                answers.save_text(store, self.content, person.id, "impact", "better_place", place)
            if step == "menu":
                self._menu(person, n)
            if step == "card":
                store.save_text(person.id, "card", "made_at", "2026-12-07T10:00:00+00:00")
            store.set_progress(person.id, completed_steps(store.answers(person.id), self.content))

    def _rate(self, person: Attendee) -> None:
        balance = self.content.balance
        longest = sorted(balance.categories, key=lambda c: -len(c.name))[:2]
        for category in balance.categories:
            score = 2 if category in longest else 7
            answers.save_rating(self.store, self.content, person.id, category.id, score)
        finders = [Pick(max(balance.finders[c.id], key=len), c.id) for c in longest]
        answers.save_finders(self.store, self.content, person.id, finders)

    def _menu(self, person: Attendee, n: int) -> None:
        menu = self.content.menu
        picks = [Ingredient(name, self.live.demo.actions[0]) for name in menu.ingredients[:3]]
        answers.save_menu(self.store, self.content, person.id, picks)
        mantra = menu.mantra_examples[0]
        answers.save_text(self.store, self.content, person.id, "menu", "mantra", mantra)
        # Shared as four people type it (case, spacing and the final punctuation differ: one
        # group of 4), and two entries of their own.
        bare = mantra.rstrip(".!¡")
        typed = [mantra, mantra.upper(), f"  {bare}  ", f"{bare}.", "…and breathe", "x" * 3]
        # Straight into the store: the wall service takes only each one's current mantra.
        self.store.share_on_wall(person.id, "mantra", typed[n])
        self.store.share_on_wall(person.id, "ingredient", menu.ingredients[n % 4])

    def allowed(self) -> list[str]:
        """Every text the content or the attendees wrote: an ellipsis in them is theirs."""
        texts = [*self.live.labels.values(), *self.content.settings.labels.values()]
        texts += [e.body for e in self.store.wall_entries(self.served.session_code)]
        return [t for t in texts if "…" in t]


@pytest.fixture(params=["en", "es"])
def room(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Room]:
    folder = tmp_path / "content"
    shutil.copytree(DATA / request.param, folder)
    with (
        serving(tmp_path, ["--content", str(folder)]) as served,
        Store(tmp_path / "live.db") as store,
    ):
        yield Room(served, store, folder)


def open_page(browser: Browser, viewport: dict[str, int], url: str) -> Page:
    context = browser.new_context(viewport=viewport, accept_downloads=True)  # type: ignore[arg-type]
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(url)
    return page


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def check_screen(screen: Page, room: Room, name: str) -> None:
    seen = measures(screen)
    assert seen["scrollWidth"] <= PROJECTOR["width"], seen
    assert seen["scrollHeight"] <= PROJECTOR["height"], seen
    assert seen["smallest"] >= BODY_PX - 0.5, seen
    assert seen["controls"] == 0, seen
    assert cut_text(screen, room.allowed()) == [], name
    assert low_contrast(screen) == [], name
    shoot(screen, name)


def check_remote(remote: Page, room: Room, name: str) -> None:
    assert cut_text(remote, room.allowed()) == [], name
    assert low_contrast(remote) == [], name
    assert unnamed_controls(remote) == [], name
    shoot(remote, name)


def slide_shows(screen: Page, slide: str) -> None:
    expect(screen.locator(f".workshop-presenter[data-slide='{slide}']")).to_be_visible(
        timeout=WAIT_MS
    )


def test_the_whole_rehearsal_through_the_end_of_the_workshop(browser: Browser, room: Room) -> None:
    lang, label, agenda = room.content.settings.language, room.live.label, room.live.agenda
    served = room.served
    screen = open_page(browser, PROJECTOR, served.facilitator_url("presenter"))
    remote = open_page(browser, LAPTOP, served.facilitator_url())
    phone = open_page(browser, PHONE, served.join_url)
    phone.locator("input[name=nickname]").fill("Kim")
    phone.get_by_role("button", name=label("join_button"), exact=True).click()
    expect(phone.locator(".resume-code")).to_be_visible(timeout=WAIT_MS)

    slide_shows(screen, "join")
    expect(screen.locator(".wp-joined-count")).to_have_text(str(PEOPLE + 1), timeout=WAIT_MS)
    # Served on this computer's own address: the join slide says phones cannot open it.
    expect(screen.locator(".workshop-loopback")).to_contain_text(label("loopback_screen"))
    check_screen(screen, room, f"{lang}-00-join")
    check_remote(remote, room, f"{lang}-remote-00")

    for index, segment in enumerate(agenda):
        remote.get_by_role("button", name=label("next_named", segment=segment.title)).click()
        slide = segment.step or "join"
        slide_shows(screen, slide)
        room.answer(segment.step)
        tag = f"{lang}-{index + 1:02d}-{slide}"
        if segment.step is not None:
            # Each opened step says so on the remote, and its control names what it locks.
            step_label = room.live.step_label(segment.step)
            expect(
                remote.get_by_role("button", name=label("lock_named", step=step_label))
            ).to_be_visible()
        reveal = remote.locator(".workshop-reveal")
        if has_room_results(segment.step):
            expect(reveal).to_be_visible()
            check_screen(screen, room, f"{tag}-a")
            reveal.click()
            expect(screen.locator(".workshop-results-hidden")).to_have_count(0, timeout=WAIT_MS)
            if segment.step == "balance":
                expect(screen.locator(".wp-heat")).to_be_visible(timeout=WAIT_MS)
            if segment.step in ("menu", "card"):
                expect(screen.locator(".wp-card").first).to_be_visible(timeout=WAIT_MS)
            check_screen(screen, room, f"{tag}-b")
        else:
            expect(reveal).to_be_hidden()
            if segment.step is not None:
                expect(remote.locator(".workshop-reveal-note")).to_contain_text(
                    label("nothing_to_reveal")
                )
                # In batches of k: all six, or the five of a batch published while they typed.
                batches = "|".join(re.escape(label("answered_count", n=n)) for n in (5, PEOPLE))
                expect(screen.locator(".wp-count")).to_have_text(
                    re.compile(f"^({batches})$"), timeout=WAIT_MS
                )
            check_screen(screen, room, tag)
        check_remote(remote, room, f"{lang}-remote-{index + 1:02d}")

    # The wall as the room typed it, one group per mantra: case, spacing and final punctuation
    # folded (the same rule as the remote's, the report's and the export's).
    counts = [
        int(c)
        for c in screen.locator(".wp-card").evaluate_all("cards => cards.map(c => c.dataset.count)")
    ]
    assert counts[0] == 4 and sorted(counts, reverse=True) == counts, counts

    # The end: two more minutes for answers, a thank-you over the mantras, downloads.
    remote.locator(".workshop-grace select").select_option(
        label=label("segment_minutes", minutes=2)
    )
    remote.get_by_role("button", name=label("end_workshop")).click()
    slide_shows(screen, "closing")
    expect(screen.locator(".wp-title")).to_have_text(label("closing_title"))
    check_screen(screen, room, f"{lang}-99-closing")
    banner = remote.locator(".workshop-ended-banner")
    expect(banner).to_contain_text(re.sub(r"\{time\}.*", "", room.live.labels["locks_at"]))
    # The phone follows the room there by itself, and every page it opens says so.
    expect(phone.locator(".workshop-ended-note")).to_contain_text(
        label("workshop_ended"), timeout=WAIT_MS
    )
    check_remote(remote, room, f"{lang}-remote-99-ended")
    shoot(phone, f"{lang}-phone-99-ended")

    with remote.expect_download(timeout=WAIT_MS) as exported:
        banner.get_by_role("link", name=label("export")).click()
    assert exported.value.suggested_filename == f"results-{served.session_code}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(exported.value.path()).read_bytes()))
    assert book["wall"]["C1"].value == "group"
    with remote.expect_download(timeout=WAIT_MS) as reported:
        banner.get_by_role("link", name=label("download_report")).click()
    assert Path(reported.value.path()).read_bytes().startswith(b"%PDF")
