"""Read YAML keeping each value's line, and collect every problem instead of stopping at one.

The content loader builds on this: it asks a `Map` for typed fields, and every wrong type,
missing key or unknown key becomes a `Problem` naming the file and line.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator
from pathlib import Path

import yaml

from workshop.content.scalars import Unusable, kind, line_of, scalar_value
from workshop.errors import Problem

#: Content files are small; anything bigger is a wrong file, and refusing it keeps parsing quick.
MAX_FILE_BYTES = 1_000_000


def _one_line(message: str) -> str:
    # `workshop validate` prints one line per problem; YAML's own messages may span several.
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def _yaml_error(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """Line and message for a YAML syntax error, pointing where a trainer should look."""
    mark = exc.problem_mark or exc.context_mark
    reason = exc.problem or exc.context or "not valid YAML"
    if exc.context and "quoted scalar" in exc.context and exc.context_mark is not None:
        # The quote that never closes is where the text starts, not where the file ends.
        mark = exc.context_mark
        reason = "a quoted text starts here and its closing quote is missing"
    elif "'\\t'" in reason:
        reason += " (indent with spaces, not tabs)"
    elif exc.context and reason.startswith("but "):
        reason = f"{exc.context}, {reason}"
    elif isinstance(exc, yaml.parser.ParserError):
        reason += " (the mistake may be on a line above: check its quotes and indentation)"
    line = int(mark.line) + 1 if mark is not None else 1
    return line, f"invalid YAML: {reason}"


class Collector:
    """Accumulates problems across every file of a content set."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, _one_line(message)))

    def warn(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, _one_line(message), severity="warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def parse(self, path: Path, name: str) -> Map | None:
        """Parse one file into a top-level `Map`, or record why it cannot be read."""
        text = self._read_text(path, name)
        if text is None:
            return None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            self.error(name, *_yaml_error(exc))
            return None
        except yaml.reader.ReaderError as exc:
            line = text[: exc.position].count("\n") + 1
            char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
            self.error(name, line, f"expected printable text, got the control character {char}")
            return None
        except yaml.YAMLError as exc:
            self.error(name, 1, f"invalid YAML: {exc}")
            return None
        except RecursionError:
            self.error(
                name, 1, "expected a mapping of settings, got lists or mappings nested too deep"
            )
            return None
        if node is None:
            self.error(name, 1, "expected a mapping of settings, got an empty file")
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(name, line_of(node), f"expected a mapping of settings, got {kind(node)}")
            return None
        return Map(self, name, node, "")

    def _read_text(self, path: Path, name: str) -> str | None:
        """The file's text, or None after recording why it is not a readable UTF-8 text file."""
        folder = path.parent.name or "."
        try:
            if not path.exists():
                self.error(name, 1, f"expected a file {name} in {folder}, got no such file")
                return None
            if path.is_dir():
                self.error(name, 1, f"expected {name} to be a file, got a folder")
                return None
            if not path.is_file():
                self.error(name, 1, f"expected {name} to be a regular file, got a special file")
                return None
            if path.stat().st_size > MAX_FILE_BYTES:
                size = path.stat().st_size
                self.error(
                    name, 1, f"expected a content file under {MAX_FILE_BYTES} bytes, got {size}"
                )
                return None
            raw = path.read_bytes()
        except OSError as exc:
            self.error(name, 1, f"expected a readable file, got an error: {exc.strerror or exc}")
            return None
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.error(name, 1, "expected UTF-8 text, got UTF-16: save the file as UTF-8")
            return None
        if b"\x00" in raw:
            self.error(name, 1, "expected a YAML text file, got binary data")
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.error(name, line, "expected UTF-8 text, got bytes that are not UTF-8")
            return None


class Map:
    """A YAML mapping whose fields are read with their types checked and lines remembered."""

    def __init__(self, out: Collector, file: str, node: yaml.MappingNode, path: str) -> None:
        self.out = out
        self.file = file
        self.node = node
        self.path = path
        self.line = line_of(node)
        self.entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = scalar_value(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                where = f" in {path!r}" if path else ""
                out.error(
                    file, line_of(key_node), f"expected a text key{where}, got {kind(key_node)}"
                )
                continue
            if key in self.entries:
                first = line_of(self.entries[key][0])
                out.error(
                    file,
                    line_of(key_node),
                    f"duplicate key {self._name(key)!r}: expected each key once, "
                    f"got it again after line {first}",
                )
                continue
            self.entries[key] = (key_node, value_node)

    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, line: int, message: str) -> None:
        self.out.error(self.file, line, message)

    def warn(self, line: int, message: str) -> None:
        self.out.warn(self.file, line, message)

    def has(self, key: str) -> bool:
        return key in self.entries

    def line_at(self, key: str) -> int:
        return line_of(self.entries[key][1]) if key in self.entries else self.line

    def check_keys(self, allowed: tuple[str, ...] | list[str]) -> None:
        """Refuse keys nobody reads: they are almost always typos."""
        for key, (key_node, _) in self.entries.items():
            if key not in allowed:
                guess = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean {guess[0]!r}?)" if guess else ""
                self.error(
                    line_of(key_node),
                    f"unknown key {self._name(key)!r}{hint}; expected one of: "
                    f"{', '.join(sorted(allowed))}",
                )

    def _get(self, key: str, required: bool) -> yaml.Node | None:
        if key not in self.entries:
            if required:
                where = f"in {self.path!r}" if self.path else "at the top level"
                self.error(self.line, f"missing key {self._name(key)!r} (expected it {where})")
            return None
        return self.entries[key][1]

    def text(
        self, key: str, *, required: bool = True, default: str = "", allow_empty: bool | None = None
    ) -> str:
        """A text field; an optional one may also be left empty."""
        node = self._get(key, required)
        if node is None:
            return default
        empty_ok = not required if allow_empty is None else allow_empty
        return scalar_text(self, node, self._name(key), allow_empty=empty_ok) or default

    def integer(
        self,
        key: str,
        *,
        default: int,
        required: bool = True,
        low: int | None = None,
        high: int | None = None,
    ) -> int:
        node = self._get(key, required)
        if node is None:
            return default
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, int):
            got = kind(node)
            self.error(line_of(node), f"{self._name(key)!r} expected a whole number, got {got}")
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
            self.error(line_of(node), f"{self._name(key)!r} expected {bounds}, got {value}")
            return default
        return value

    def number(
        self, key: str, *, default: float, required: bool = True, low: float | None = None
    ) -> float:
        node = self._get(key, required)
        if node is None:
            return default
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(line_of(node), f"{self._name(key)!r} expected a number, got {kind(node)}")
            return default
        if not math.isfinite(value):
            self.error(
                line_of(node), f"{self._name(key)!r} expected a finite number, got {kind(node)}"
            )
            return default
        if low is not None and value < low:
            self.error(line_of(node), f"{self._name(key)!r} expected at least {low:g}, got {value}")
            return default
        return float(value)

    def boolean(self, key: str, *, default: bool) -> bool:
        node = self._get(key, required=False)
        if node is None:
            return default
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, bool):
            self.error(
                line_of(node), f"{self._name(key)!r} expected true or false, got {kind(node)}"
            )
            return default
        return value

    def mapping(self, key: str, *, required: bool = True) -> Map | None:
        node = self._get(key, required)
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(line_of(node), f"{self._name(key)!r} expected a mapping, got {kind(node)}")
            return None
        return Map(self.out, self.file, node, self._name(key))

    def sequence(self, key: str, *, required: bool = True, min_items: int = 0) -> Seq:
        node = self._get(key, required)
        if node is None:
            return Seq(self, [], self._name(key), self.line)
        if not isinstance(node, yaml.SequenceNode):
            self.error(line_of(node), f"{self._name(key)!r} expected a list, got {kind(node)}")
            return Seq(self, [], self._name(key), line_of(node))
        seq = Seq(self, list(node.value), self._name(key), line_of(node))
        if len(seq.nodes) < min_items:
            self.error(
                line_of(node),
                f"{self._name(key)!r} expected at least {min_items} item"
                f"{'s' if min_items != 1 else ''}, got {len(seq.nodes)}",
            )
        return seq

    def items(self) -> Iterator[tuple[str, yaml.Node]]:
        for key, (_, value) in self.entries.items():
            yield key, value

    def key_line(self, key: str) -> int:
        return line_of(self.entries[key][0])


class Seq:
    """A YAML list whose items are read as texts or mappings."""

    def __init__(self, owner: Map, nodes: list[yaml.Node], path: str, line: int) -> None:
        self.owner = owner
        self.nodes = nodes
        self.path = path
        self.line = line

    def texts(self) -> list[tuple[str, int]]:
        """Each non-empty text item with its line."""
        out: list[tuple[str, int]] = []
        for i, node in enumerate(self.nodes):
            text = scalar_text(self.owner, node, f"{self.path}[{i + 1}]")
            if text:
                out.append((text, line_of(node)))
        return out

    def mappings(self) -> list[Map]:
        out: list[Map] = []
        for i, node in enumerate(self.nodes):
            if not isinstance(node, yaml.MappingNode):
                self.owner.error(
                    line_of(node), f"'{self.path}[{i + 1}]' expected a mapping, got {kind(node)}"
                )
                continue
            out.append(Map(self.owner.out, self.owner.file, node, f"{self.path}[{i + 1}]"))
        return out


def scalar_text(owner: Map, node: yaml.Node, name: str, *, allow_empty: bool = False) -> str:
    """The text of a scalar node, or '' after recording why it is not usable text."""
    if not isinstance(node, yaml.ScalarNode):
        owner.error(line_of(node), f"{name!r} expected text, got {kind(node)}")
        return ""
    value = scalar_value(node)
    if value is None and allow_empty:
        return ""
    if not isinstance(value, str):
        hint = "" if isinstance(value, Unusable) or value is None else " (put it in quotes)"
        owner.error(line_of(node), f"{name!r} expected text, got {kind(node)}{hint}")
        return ""
    if not value.strip() and not allow_empty:
        owner.error(line_of(node), f"{name!r} expected text, got an empty value")
        return ""
    return value
