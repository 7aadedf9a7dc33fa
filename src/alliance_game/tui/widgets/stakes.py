"""What one side plays for: its score so far, what each ending is worth, its secret agenda."""

from __future__ import annotations

from textual.content import Content

from ... import transcript
from ...scenario import Scenario, Side
from ...state import GameState
from .panel import Panel


class StakesPanel(Panel):
    """One side's stakes, as the engine words them; `secret` off hides its agenda."""

    HEADING = "Your stakes"

    def show(self, scenario: Scenario, state: GameState, side: Side, secret: bool) -> None:
        lines = transcript.stakes_lines(scenario, state, side, secret)
        self.write(Content("\n".join(lines)))
