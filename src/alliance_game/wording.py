"""Plain words for what is wrong in a scenario or script file, and how to fix it.

The YAML parser and pydantic describe problems as a programmer would ("mapping values are
not allowed in this context", "valid dictionary or instance of Bound"); an author needs
to be told what to change. Each function here turns one such description into a line
that says what is wrong, in the author's terms, and what to write instead.
"""

from __future__ import annotations

import datetime
import difflib
import re
import types
import typing
from collections.abc import Iterable
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

IDS_RULE = "ids are lower case letters, digits and _, starting with a letter"
CONDITION_SHAPE = (
    "a condition is a mapping of from_turn, until_turn, meters, flags and not_flags, "
    "e.g. {meters: {trust: {max: 35}}} (trust at most 35) or {from_turn: 2, flags: [deal]}"
)
_LISTED = 30
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def did_you_mean(word: str, known: Iterable[str], plural: str) -> str:
    """`: did you mean 'x'? (PLURAL: a, b, c)`, as far as there is something to say."""
    names = sorted(set(known))
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.65)
    if not close:  # `hedging` for `hedge`, `coop` for `cooperate`
        low = word.lower()
        close = [
            n
            for n in names
            if _shared_start(low, n) >= max(4, len(n) - 1) or (len(low) >= 3 and n.startswith(low))
        ]
    guess = f": did you mean {close[0]!r}?" if close else ""
    if not names:
        return f"{guess} (there are no {plural})"
    shown = ", ".join(names[:_LISTED]) + (
        f" and {len(names) - _LISTED} more" * (len(names) > _LISTED)
    )
    return f"{guess} ({plural}: {shown})"


def _shared_start(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def as_id(text: str) -> str:
    """The nearest valid id to `text`: `RU-Summit 2` -> `ru_summit_2`."""
    ident = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return ident if re.match(r"[a-z]", ident) else f"x_{ident}".rstrip("_")


# --- YAML ---------------------------------------------------------------------------------


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` of `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def not_utf8(raw: bytes, start: int) -> tuple[str, int, int]:
    """Where the first byte that is not UTF-8 sits, and what to do about it."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
    line = raw.count(b"\n", 0, start) + 1
    message = (
        f"byte 0x{raw[start]:02x} is not UTF-8 text: save the file as UTF-8 "
        "(in your editor: save with encoding, UTF-8)"
    )
    return message, line, column


def unreadable_character(text: str, index: int, character: str) -> tuple[str, int, int]:
    """A character YAML refuses (a NUL, another control character)."""
    code = f"U+{ord(character):04X}"
    name = "a NUL byte" if character == "\0" else f"the control character {code}"
    message = (
        f"the file holds {name}, which a scenario cannot: delete it "
        "(a file that is not plain text, or text pasted from elsewhere?)"
    )
    return (message, *position(text, index))


def yaml_problem(err: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int]:
    """A YAML syntax error in plain words, with the line and column where to fix it."""
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem, context = err.problem or "", err.context or ""
    opened = _open_quote(text, mark.index if mark else len(text))
    if context == "while scanning a quoted scalar" and err.context_mark:
        quote = err.context_mark
        return (
            f"this quote is never closed: end the text with {text[quote.index]} on the same line",
            quote.line + 1,
            quote.column + 1,
        )
    if opened is not None and opened[1] < opened[3] == line:
        sign, at, col, _ = opened
        return f"this quote is not closed on its line: end the text with {sign}", at, col
    if mark and text[mark.index : mark.index + 1] == "\t":
        return "a tab character: indent with spaces only", line, column
    if context.startswith("while parsing a flow") and err.context_mark:
        bracket = err.context_mark
        pair = "[]" if "sequence" in context else "{}"
        return (
            f"this {pair[0]} is not closed: end it with {pair[1]}, with a comma between items",
            bracket.line + 1,
            bracket.column + 1,
        )
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_text(text, line, column)
    if opened is not None and opened[3] == line and problem == "did not find expected key":
        return (
            "text goes on after its closing quote: put the whole text in quotes "
            "(inside '...', write '' for an apostrophe: 'it''s')",
            line,
            column,
        )
    if problem.startswith(("did not find expected", "expected <block end>")):
        block = err.context_mark
        started = f" (the block it belongs to starts on line {block.line + 1})" if block else ""
        return (
            f"check the indentation of line {line}: line it up with the lines of its block"
            f"{started}; spaces only, two per level, list items start with '- '",
            line,
            column,
        )
    return f"invalid YAML: {problem or context}", line, column


def _open_quote(text: str, before: int) -> tuple[str, int, int, int] | None:
    """The last quoted text that starts before `before`: (its quote, line and column where
    it opens, line where it closes)."""
    found = None
    try:
        for token in yaml.scan(text[:before], Loader=_Loader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                start, end = token.start_mark, token.end_mark
                found = token.style, start.line + 1, start.column + 1, end.line + 1
    except yaml.YAMLError as err:
        mark = getattr(err, "context_mark", None)
        if getattr(err, "context", None) == "while scanning a quoted scalar" and mark:
            return text[mark.index], mark.line + 1, mark.column + 1, 0
    return found


def _colon_in_text(text: str, line: int, column: int) -> tuple[str, int, int]:
    """`text: Offer: a discount` -> point at the value, and show it quoted."""
    source = text.splitlines()[line - 1] if line else ""
    found = re.match(r"^(\s*(?:- )?[A-Za-z_][\w]*: )(.*?)\s*$", source)
    if not found or found.end(1) >= column:
        return (
            "a ': ' inside text: put the text in double quotes",
            line,
            column,
        )
    key, value = found.group(1).strip(), found.group(2).replace('"', '\\"')
    return (
        f'a ": " inside text: put the text in double quotes, {key} "{value}"',
        line,
        found.end(1) + 1,
    )


# --- shapes and types (pydantic) -----------------------------------------------------------


def type_problem(error: ErrorDetails, raw: str | None) -> str:
    """What pydantic found wrong with one value, in plain words with a fix."""
    kind, value, field = error["type"], error.get("input"), _field(error["loc"])
    if kind in ("string_type", "str_type") and value is None:
        return "nothing is written here: give a text"
    if kind in ("string_type", "str_type"):
        shown = raw if raw is not None else str(value)
        written = f'"{shown}"' if isinstance(error["loc"][-1], int) else f'{field}: "{shown}"'
        return (
            f"YAML reads {shown} as {_yaml_kind(value)}, not as text: "
            f"put it in double quotes, {written}"
        )
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern", "").startswith(
        "^[a-z]"
    ):
        return f"{value!r} is not a valid id ({IDS_RULE}): write {as_id(str(value))!r}"
    if kind == "model_type" and error.get("ctx", {}).get("class_name") == "Condition":
        return f"{CONDITION_SHAPE}; {_short(value)} is not one"
    if kind == "model_type" and error.get("ctx", {}).get("class_name") == "Bound":
        meter, bound = field, _short(value)
        return (
            "a meter in a condition takes a range, {min: N}, {max: N} or both: "
            f"{{meters: {{{meter}: {{max: {bound}}}}}}} means {meter} at most {bound}"
        )
    if kind == "model_type":
        return f"expected a mapping (key: value lines, or {{key: value}}), found {_short(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- ', or [a, b]), found {_short(value)}"
    if kind == "dict_type":
        return f"expected a mapping (key: value lines, or {{key: value}}), found {_short(value)}"
    if kind == "enum":
        choices = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        what = "key" if "[key]" in error["loc"] else field.replace("_", " ")
        return f"unknown {what} {value!r}" + did_you_mean(str(value), choices, "choices")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, found {_short(value)}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, found {_short(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, found {_short(value)}"
    bounds = {
        "less_than_equal": ("le", "at most"),
        "greater_than_equal": ("ge", "at least"),
        "greater_than": ("gt", "more than"),
        "less_than": ("lt", "less than"),
    }
    if kind in bounds:
        key, words = bounds[kind]
        limit = error.get("ctx", {}).get(key)
        limit_text = f"{limit:g}" if isinstance(limit, float) else limit
        return f"must be {words} {limit_text}, not {_short(value)}"
    if kind == "too_short":
        least = error.get("ctx", {}).get("min_length")
        return f"needs at least {least} item{'s' * (least != 1)}, has {len(value or [])}"
    if kind == "too_long":
        most = error.get("ctx", {}).get("max_length")
        return f"takes at most {most} items, has {len(value or [])}"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"too long: {len(str(value))} characters, at most {limit}"
    return error["msg"].removeprefix("Value error, ")


def unknown_key(loc: tuple[Any, ...], root: type[BaseModel] | None) -> str:
    """`unknown key 'x'`, with the keys that are allowed there."""
    key = str(loc[-1])
    if " " in key.strip():
        return (
            f"{key!r} is read as a key: inside {{...}} a comma ends a text, so the text "
            "before it stops at the comma; put the whole text in double quotes"
        )
    model = model_at(root, loc[:-1]) if root else None
    if model is None:
        return f"unknown key {key!r}"
    if model.__name__ == "Condition" and key not in model.model_fields:
        return f"unknown key {key!r} in a condition: {CONDITION_SHAPE}"
    return f"unknown key {key!r}" + did_you_mean(key, model.model_fields, "keys here")


def model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that validates the mapping at `loc`, walking down from `root`."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = models[0] if len(models) == 1 else annotation
            if len(models) != 1:
                return annotation
        else:
            return annotation


def _field(loc: tuple[Any, ...]) -> str:
    names = [p for p in loc if isinstance(p, str) and p not in ("str", "date", "[key]")]
    return names[-1] if names else "value"


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    if isinstance(value, dict):
        return "a mapping (is there a ': ' in it?)"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _short(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, dict):
        text = "a mapping"
    elif isinstance(value, list):
        text = "a list"
    else:
        text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...") if isinstance(value, str) else text
