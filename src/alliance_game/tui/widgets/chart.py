"""Trust and the alliance index over the turns of a game."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Sparkline

from ...scenario import Scenario
from ...state import GameState


class TrendChart(Vertical):
    """Labelled sparklines of the first index meter (trust) and the alliance index by turn."""

    def __init__(self, scenario: Scenario, state: GameState) -> None:
        super().__init__(classes="chart")
        meter = next(iter(scenario.outlook.index))
        self.label = scenario.lookup.meters[meter].label
        start = scenario.lookup.meters[meter].start
        self.meter = [float(start)] + [float(r.meters[meter]) for r in state.history]
        self.index = [float(r.outlook.index) for r in state.history]

    def compose(self) -> ComposeResult:
        yield Label(f"{self.label}, start and after each turn: {_numbers(self.meter)}")
        yield Sparkline(self.meter, summary_function=max, classes="trend")
        yield Label(f"Alliance index after each turn: {_numbers(self.index)}")
        yield Sparkline(self.index, summary_function=max, classes="trend")


def _numbers(values: list[float]) -> str:
    return " ".join(f"{v:.0f}" for v in values)
