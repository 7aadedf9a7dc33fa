"""What one side plays for: its score so far, what each ending is worth, its secret agenda."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ... import transcript
from ...scenario import Scenario, Side
from ...state import GameState


class StakesPanel(Static):
    """One side's stakes, as the engine words them; `secret` off hides its agenda."""

    def show(self, scenario: Scenario, state: GameState, side: Side, secret: bool) -> None:
        lines = transcript.stakes_lines(scenario, state, side, secret)
        parts: list[str | tuple[str, str]] = [("Your stakes\n", "bold")]
        parts += [f" {line}\n" for line in lines]
        parts.append("")
        self.update(Content.assemble(*parts))
