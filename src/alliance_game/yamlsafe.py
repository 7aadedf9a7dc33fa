"""Strict YAML reading: safe types only, bounded size, and a position for every node.

Built from PyYAML's event stream rather than `safe_load`, so that:
- every value's line and column is known, for `path:line:col` error messages;
- depth and alias expansion are counted as the document streams in, so a deeply
  nested file or an alias bomb is refused before anything large is built;
- duplicate mapping keys are errors instead of silently keeping the last one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.constructor
import yaml.resolver

from . import wording

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000

Path = tuple[str | int, ...]
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
}


class YamlError(ValueError):
    """A document that cannot be read; `line` and `column` are 1-based, 0 when unknown."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Document:
    """Plain Python data read from YAML, with where each path starts in the file."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    written: dict[Path, str] = field(default_factory=dict)
    """Path -> the value as written, for plain values YAML read as something other than text
    (`yes`, `2023`, a date), so that a message can show it quoted."""

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column of `path`, or of its nearest ancestor that has a position."""
        table = self.key_positions if key else self.positions
        while True:
            if path in table:
                return table[path]
            if key and path in self.positions:
                return self.positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class _Frame:
    """A mapping or sequence being built, with the path it sits at."""

    __slots__ = ("anchor", "container", "key", "mark", "path", "size")

    def __init__(self, container: Any, path: Path, anchor: str | None, mark: Any) -> None:
        self.container = container
        self.mark = mark
        self.path = path
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.size = 1


_NO_KEY = object()


def read(text: str | bytes) -> Document:
    """Parse one YAML document into plain data with positions; raise `YamlError` if unsafe."""
    if len(text) > MAX_BYTES:
        raise YamlError(f"file is too large ({len(text):,} bytes; the limit is {MAX_BYTES:,})")
    if isinstance(text, bytes):
        raw = text
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise YamlError(*wording.not_utf8(raw, err.start)) from None
    try:
        return _build(yaml.parse(text, Loader=_Loader))
    except yaml.reader.ReaderError as err:
        # The first such character is the one refused (the C reader counts bytes, not characters).
        bad = chr(err.character) if isinstance(err.character, int) else err.character
        raise YamlError(*wording.unreadable_character(text, text.find(bad), bad)) from None
    except yaml.MarkedYAMLError as err:
        raise YamlError(*wording.yaml_problem(err, text)) from None
    except yaml.YAMLError as err:
        raise YamlError(f"invalid YAML: {str(err).splitlines()[0]}") from None


def _build(events: Any) -> Document:
    doc = Document(None)
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    total = 0
    documents = 0
    constructor = yaml.constructor.SafeConstructor()
    resolver = yaml.resolver.Resolver()

    def place(value: Any, size: int, mark: Any, anchor: str | None) -> None:
        nonlocal total
        total += size
        if total > MAX_NODES:
            raise YamlError(
                f"document too large: over {MAX_NODES:,} values (alias expansion?)", *_pos(mark)
            )
        if anchor:
            anchors[anchor] = (value, size)
        if not stack:
            doc.data = value
            doc.positions[()] = _pos(mark)
            return
        frame = stack[-1]
        frame.size += size
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
            doc.positions.setdefault(path, _pos(mark))
            return
        if frame.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YamlError("a mapping key must be a plain value", *_pos(mark))
            if value in frame.container:
                raise YamlError(f"duplicate key {value!r}", *_pos(mark))
            frame.key = value
            doc.key_positions[(*frame.path, _keystr(value))] = _pos(mark)
            return
        path = (*frame.path, _keystr(frame.key))
        frame.container[frame.key] = value
        doc.positions.setdefault(path, _pos(mark))
        frame.key = _NO_KEY

    def child_path() -> Path:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        return (*frame.path, _keystr(frame.key))

    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError(
                    "expected one YAML document, found several", *_pos(event.start_mark)
                )
        elif isinstance(event, yaml.ScalarEvent):
            _check_tag(event)
            value = _scalar(constructor, resolver, event)
            frame = stack[-1] if stack else None
            if (
                not isinstance(value, str)
                and frame
                and (frame.key is not _NO_KEY or isinstance(frame.container, list))
            ):
                doc.written[child_path()] = event.value
            place(value, 1, event.start_mark, event.anchor)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            _check_tag(event)
            if len(stack) >= MAX_DEPTH:
                raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", *_pos(event.start_mark))
            if stack and isinstance(stack[-1].container, dict) and stack[-1].key is _NO_KEY:
                raise YamlError("a mapping key must be a plain value", *_pos(event.start_mark))
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            doc.positions.setdefault(child_path(), _pos(event.start_mark))
            stack.append(_Frame(container, child_path(), event.anchor, event.start_mark))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            place(frame.container, frame.size, frame.mark, frame.anchor)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise YamlError(f"unknown alias *{event.anchor}", *_pos(event.start_mark))
            value, size = anchors[event.anchor]
            place(value, size, event.start_mark, None)
    return doc


def _check_tag(event: Any) -> None:
    tag = event.tag
    if tag and tag not in ("!", *_STANDARD_TAGS):
        raise YamlError(f"tag {tag!r} is not allowed (plain YAML only)", *_pos(event.start_mark))


def _scalar(
    constructor: yaml.constructor.SafeConstructor, resolver: yaml.resolver.Resolver, event: Any
) -> Any:
    tag = event.tag
    if not tag or tag == "!":
        if tag == "!" or not event.implicit[0]:
            return event.value
        tag = resolver.resolve(yaml.ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
    if tag == "tag:yaml.org,2002:merge":
        raise YamlError(
            "'<<' (a YAML merge key) is not supported: write the keys out in full",
            *_pos(event.start_mark),
        )
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, TypeError, yaml.YAMLError) as err:
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise YamlError(
            f"bad {tag.rsplit(':', 1)[-1]} value: {problem}", *_pos(event.start_mark)
        ) from None


def _keystr(key: Any) -> str | int:
    return key if isinstance(key, (str, int)) else str(key)


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
