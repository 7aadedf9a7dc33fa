"""The column beside a game: every meter, the outlook, and (in a side's view) its stakes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from .meters import MeterPanel
from .outlook import OutlookPanel
from .stakes import StakesPanel


class Sidebar(VerticalScroll):
    """Stakes, outlook and meters, scrolling together when the terminal is short."""

    def __init__(self, *, stakes: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stakes = stakes

    def compose(self) -> ComposeResult:
        if self.stakes:
            yield StakesPanel(id="stakes")
        yield OutlookPanel(id="outlook")
        yield MeterPanel(id="meters")
