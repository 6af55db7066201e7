"""What a spreadsheet would run: the one rule every table the toolkit writes follows.

A spreadsheet takes a cell that starts with ``=``, ``+``, ``-`` or ``@`` for a formula (and a
tab or a carriage return before one for the same), and runs it when the file is opened:
``=HYPERLINK(…)`` sends what the sheet holds elsewhere, ``+cmd|' /C calc'!A0`` starts a program
in old ones. Texts people typed go into exports verbatim, so:

- in a workbook (.xlsx) every text is stored as a text cell, which no spreadsheet evaluates;
- in a CSV file, which has no types, a text that could start a formula gets an apostrophe in
  front, as spreadsheets themselves write one ("'=1+1" shows as =1+1 and stays words).

The apostrophe is added to a text that already starts with apostrophes before such a character
too, so `restored` gives back exactly what was typed, and an import of the toolkit's own CSV
reads back what its export wrote.
"""

from __future__ import annotations

import re

#: The characters a spreadsheet reads as the start of a formula, at the start of a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What is added in front of such a text in a CSV cell.
QUOTE = "'"

_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would take `text`, as a cell, for a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralised(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs (see the module's docstring)."""
    if starts_formula(text) or _QUOTED.match(text):
        return QUOTE + text
    return text


def restored(text: str) -> str:
    """What `neutralised` was given: the CSV cell's text as it was typed."""
    if _QUOTED.match(text):
        return text[len(QUOTE) :]
    return text
