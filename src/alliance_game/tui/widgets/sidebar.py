"""The column beside a game: every meter, then the outlook."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from .meters import MeterPanel
from .outlook import OutlookPanel


class Sidebar(VerticalScroll):
    """Meters and outlook, scrolling together when the terminal is short."""

    def compose(self) -> ComposeResult:
        yield MeterPanel(id="meters")
        yield OutlookPanel(id="outlook")
