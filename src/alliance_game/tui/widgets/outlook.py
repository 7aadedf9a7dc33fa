"""The outlook: the alliance index and the drift towards each end state."""

from __future__ import annotations

from textual.content import Content

from ... import outlook
from ...scenario import Scenario
from ...state import Reading
from .meters import bar
from .panel import Panel


class OutlookPanel(Panel):
    """Where the partnership is heading, and how strongly towards each end state."""

    HEADING = "Outlook"

    def show(self, scenario: Scenario, reading: Reading, before: Reading | None = None) -> None:
        ends = scenario.lookup.end_states
        shift = f" ({reading.index - before.index:+.1f})" if before else ""
        parts: list[str | tuple[str, str]] = [
            f"Alliance index {reading.index:.1f}{shift}\n",
            "Heading for: ",
            (f"{ends[reading.heading].title}\n", "bold $accent"),
        ]
        for end_id, share in outlook.drift(scenario, reading):
            parts.append(
                f"{(ends[end_id].short or ends[end_id].title)[:15]:<15} "
                f"{bar(round(share * 100), 0, 100)} {share:>4.0%}\n"
            )
        self.write(Content.assemble(*parts).rstrip())
