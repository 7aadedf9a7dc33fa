"""Text from files (team names, reasons, rationales, anything a save or a hosted game
holds) made inert where it is shown: on a terminal, in Markdown, in a spreadsheet cell.

Every front end that prints such text passes it through here, so a name cannot move the
cursor, run a script in a Markdown viewer, or start a formula in a spreadsheet.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they make a terminal show text in another order."""


def terminal(text: str) -> str:
    """`text` without control characters (ESC, CR, BEL, C1 codes, bidi overrides), keeping
    newlines and tabs; a lone surrogate, which no terminal encoding can print, becomes
    U+FFFD."""
    return "".join(
        "\ufffd"
        if "\ud800" <= c <= "\udfff"
        else c
        if c in "\n\t" or (c not in _BIDI and unicodedata.category(c) != "Cc")
        else ""
        for c in text
    )


_MARKDOWN = re.compile(r"([\\`*_\[\]|])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown(text: str) -> str:
    """`text` as literal inline Markdown: no HTML (tags become entities), no links, images
    or emphasis (their punctuation backslash-escaped), no new block (line breaks become
    spaces), no control characters."""
    flat = " ".join(terminal(text).splitlines())
    escaped = _MARKDOWN.sub(r"\\\1", flat)
    return "".join(_HTML.get(c, c) for c in escaped)


FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may take as the start of a formula (OWASP's CSV-injection list)."""


def cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: a string starting like a formula gets a
    leading single quote; numbers and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value
