"""Cells of an imported sheet as values: texts, dates, times, yes/no and whole numbers.

A cell comes as text from a CSV file and typed from a workbook (a date cell is a datetime at
midnight, a yes/no cell a bool). Each reader takes either and raises `CellError` naming what it
expected and what came, for the row's problem.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from workshop.coaching.model import CoachingError

_YES = ("true", "yes", "1")
_NO = ("false", "no", "0")


class CellError(CoachingError):
    """A cell that is not the kind of value its column holds."""


def text(cell: object) -> str:
    """A text cell verbatim; an empty cell is the empty text."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool | int | float):
        return str(cell)
    raise CellError(f"expected text, got {cell!r}")


def day(cell: object, column: str) -> date:
    """A date: a date cell, or text like 2026-03-31; a midnight time is the same date
    (a spreadsheet saves a date cell as one: 2026-03-31 00:00:00)."""
    if isinstance(cell, datetime):
        return _midnight(cell, column, repr(cell.isoformat(sep=" ")))
    if isinstance(cell, date):
        return cell
    shown = text(cell).strip()
    try:
        return date.fromisoformat(shown)
    except ValueError:
        pass
    try:
        stamp = datetime.fromisoformat(shown)
    except ValueError:
        raise CellError(
            f"the {column} expected YYYY-MM-DD (like 2026-03-31), got {shown!r}"
        ) from None
    return _midnight(stamp, column, repr(shown))


def _midnight(stamp: datetime, column: str, shown: str) -> date:
    if stamp.time() != time(0, 0):
        raise CellError(f"the {column} expected a date, got a time of day: {shown}")
    return stamp.date()


def stamp(cell: object, column: str) -> datetime | None:
    """A moment, as the export writes it (ISO 8601 with its offset); empty is None. A time with
    no offset is taken as UTC, which the toolkit writes in."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime):
        found = cell
    else:
        shown = text(cell).strip()
        try:
            found = datetime.fromisoformat(shown)
        except ValueError:
            raise CellError(
                f"the {column} expected a time like 2026-03-31T10:15:00+00:00, got {shown!r}"
            ) from None
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


def flag(cell: object, column: str) -> bool | None:
    """Yes or no (true/false, yes/no, 1/0, in any case); empty is None (not answered)."""
    if cell is None or isinstance(cell, bool):
        return cell
    shown = text(cell).strip().casefold()
    if not shown:
        return None
    if shown in _YES:
        return True
    if shown in _NO:
        return False
    raise CellError(f"the {column} expected true or false, got {text(cell)!r}")


def whole(cell: object, column: str) -> int:
    """A whole number (a workbook may hold 12 as 12.0)."""
    if isinstance(cell, bool):
        raise CellError(f"the {column} expected a whole number, got {cell!r}")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    shown = text(cell).strip()
    if shown.lstrip("+-").isdigit():
        return int(shown)
    raise CellError(f"the {column} expected a whole number, got {text(cell)!r}")
