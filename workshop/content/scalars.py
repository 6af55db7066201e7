"""What a YAML scalar holds, read without ever raising, and how to name it in a message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_TAG = "tag:yaml.org,2002:"
#: Scalar tags a content file may use; anything else (custom tags, !!binary...) is refused.
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_MERGE_TAG = _TAG + "merge"


@dataclass(frozen=True)
class Unusable:
    """A scalar that YAML cannot turn into a value we accept (custom tag, malformed !!int...)."""

    what: str


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Unusable):
        return value.what
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if hasattr(value, "isoformat"):
        return f"the date {value.isoformat()}"
    return type(value).__name__


def kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return describe(scalar_value(node))


def scalar_value(node: yaml.Node) -> Any:
    """The value of a scalar node, or `Unusable` saying why; never raises.

    PyYAML's constructors raise assorted built-ins (ValueError, KeyError, AttributeError...)
    on explicitly tagged scalars such as ``!!int abc`` or ``!!bool maybe``; a trainer's typo
    must become a problem report, not a traceback.
    """
    tag = str(node.tag)
    if tag == _MERGE_TAG:
        return Unusable("a merge key ('<<'), which content files do not support")
    if tag not in _SCALAR_TAGS:
        return Unusable(f"a value tagged {tag.replace(_TAG, '!!')}")
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError, OverflowError):
        return Unusable(f"{str(node.value)[:40]!r}, which is not a valid {tag.replace(_TAG, '!!')}")


def line_of(node: yaml.Node) -> int:
    """1-based line of a node."""
    return int(node.start_mark.line) + 1
