"""A headed block of the sidebar whose lines wrap clear of its heading."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static


class Panel(Vertical):
    """Its heading, then a body indented under it, so that a wrapped line keeps to the body's
    margin instead of running back under the heading."""

    HEADING = ""

    def compose(self) -> ComposeResult:
        yield Label(self.HEADING, classes="panel-heading")
        yield Static(classes="panel-body")

    def write(self, body: Content) -> None:
        self.query_one(".panel-body", Static).update(body)
