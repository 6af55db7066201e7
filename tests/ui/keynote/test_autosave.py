"""Autosave never claims "Saved" while an answer is unsaved, and retries what failed."""

from __future__ import annotations

from workshop.errors import StoreError
from workshop.ui.keynote.autosave import Autosaver
from workshop.ui.keynote.context import AttendeeContext


class FlakyDisk:
    """Saves that fail while `full` is set, as a full disk would, and remember what landed."""

    def __init__(self) -> None:
        self.full = False
        self.landed: list[str] = []

    def save(self, value: str) -> None:
        if self.full:
            raise StoreError("the disk is full")
        self.landed.append(value)


def test_a_failed_save_is_retried_and_blocks_saved_until_it_lands(
    context: AttendeeContext,
) -> None:
    saver = Autosaver(context)
    disk = FlakyDisk()
    disk.full = True
    saver.schedule("answer", lambda: disk.save("first answer"))
    assert "Not saved" in saver.status.value
    assert saver.pending

    # The disk frees up; saving another field must carry the failed one with it.
    disk.full = False
    saver.schedule("first_step", lambda: disk.save("first step"))
    assert disk.landed == ["first answer", "first step"]
    assert "Saved" in saver.status.value and "Not saved" not in saver.status.value
    assert not saver.pending


def test_another_field_saving_does_not_hide_a_failure(context: AttendeeContext) -> None:
    saver = Autosaver(context)
    disk = FlakyDisk()
    disk.full = True
    saver.schedule("answer", lambda: disk.save("lost?"))
    saver.schedule("first_step", lambda: disk.save("step"))
    assert disk.landed == []
    assert "Not saved" in saver.status.value


def test_flush_retries_failures_when_nothing_new_is_pending(context: AttendeeContext) -> None:
    saver = Autosaver(context)
    disk = FlakyDisk()
    disk.full = True
    saver.schedule("answer", lambda: disk.save("kept"))
    disk.full = False
    saver.flush()
    assert disk.landed == ["kept"]
    assert "Saved" in saver.status.value and "Not saved" not in saver.status.value


def test_a_newer_save_of_the_same_field_replaces_the_failed_one(
    context: AttendeeContext,
) -> None:
    saver = Autosaver(context)
    disk = FlakyDisk()
    disk.full = True
    saver.schedule("answer", lambda: disk.save("old"))
    disk.full = False
    saver.schedule("answer", lambda: disk.save("new"))
    assert disk.landed == ["new"]


def test_listeners_hear_every_save_that_lands_and_no_failure(context: AttendeeContext) -> None:
    saver = Autosaver(context)
    disk = FlakyDisk()
    heard: list[int] = []
    saver.on_saved(lambda: heard.append(len(disk.landed)))
    saver.schedule("mantra", lambda: disk.save("one"))
    saver.schedule("mantra", lambda: disk.save("two"))  # the same second, the same status text
    disk.full = True
    saver.schedule("answer", lambda: disk.save("lost for now"))
    assert heard == [1, 2]
