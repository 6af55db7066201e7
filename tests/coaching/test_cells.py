"""Cells of an imported sheet: a workbook's typed cells and a CSV file's texts read the same."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from workshop.coaching import cells


@pytest.mark.parametrize(
    "cell",
    [
        date(2025, 2, 1),
        datetime(2025, 2, 1),  # a workbook's date cell
        "2025-02-01",
        " 2025-02-01 ",
        "2025-02-01 00:00:00",  # that cell saved as CSV by a spreadsheet
        "2025-02-01T00:00:00",
    ],
)
def test_a_date_is_a_date_however_it_comes(cell: object) -> None:
    assert cells.day(cell, "date") == date(2025, 2, 1)


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("01/02/2025", "expected YYYY-MM-DD"),
        ("2025-02-01 10:30:00", "a time of day"),
        (datetime(2025, 2, 1, 9), "a time of day"),
        (None, "got ''"),
    ],
)
def test_what_is_not_a_date_is_named(cell: object, words: str) -> None:
    with pytest.raises(cells.CellError, match=words):
        cells.day(cell, "date")


def test_times_keep_their_offset_and_default_to_utc() -> None:
    plus_one = timezone(timedelta(hours=1))
    assert cells.stamp("2026-03-16T10:00:00+01:00", "at") == datetime(
        2026, 3, 16, 10, tzinfo=plus_one
    )
    assert cells.stamp("2026-03-16T10:00:00", "at") == datetime(2026, 3, 16, 10, tzinfo=UTC)
    assert cells.stamp("", "at") is None and cells.stamp(None, "at") is None
    with pytest.raises(cells.CellError, match="expected a time"):
        cells.stamp("yesterday", "at")


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (True, True),
        ("TRUE", True),
        ("yes", True),
        ("1", True),
        (False, False),
        ("false", False),
        ("No", False),
        ("", None),
        (None, None),
    ],
)
def test_yes_and_no(cell: object, value: bool | None) -> None:
    assert cells.flag(cell, "knows") is value


def test_whole_numbers_and_text() -> None:
    assert cells.whole(12.0, "minutes") == 12 and cells.whole(" 12 ", "minutes") == 12
    with pytest.raises(cells.CellError):
        cells.whole(12.5, "minutes")
    with pytest.raises(cells.CellError):
        cells.flag("maybe", "knows")
    assert cells.text(None) == "" and cells.text("  =1+1 ") == "  =1+1 "
