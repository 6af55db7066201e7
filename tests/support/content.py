"""Content sets as tests need them."""

from __future__ import annotations

from dataclasses import replace

from workshop.content.keynote import KeynoteContent


def exact(content: KeynoteContent, p: float = 0.0) -> KeynoteContent:
    """`content` whose room figures count every score as given (randomized response off), or
    with chance `p` of a random one."""
    return replace(content, settings=replace(content.settings, randomized_response=p))
