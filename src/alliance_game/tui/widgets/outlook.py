"""The outlook: the alliance index and the drift towards each end state."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ... import outlook
from ...scenario import Scenario
from ...state import Reading
from .meters import bar


class OutlookPanel(Static):
    """Where the partnership is heading, and how strongly towards each end state."""

    def show(self, scenario: Scenario, reading: Reading, before: Reading | None = None) -> None:
        ends = scenario.lookup.end_states
        parts: list[str | tuple[str, str]] = []
        parts.append(("Outlook\n", "bold"))
        shift = f" ({reading.index - before.index:+.1f})" if before else ""
        parts.append(f" Alliance index {reading.index:.1f}{shift}\n")
        parts.append(" Heading for: ")
        parts.append((f"{ends[reading.heading].title}\n", "bold $accent"))
        for end_id, share in outlook.drift(scenario, reading):
            parts.append(
                f" {(ends[end_id].short or ends[end_id].title)[:15]:<15} "
                f"{bar(round(share * 100), 0, 100)} {share:>4.0%}\n"
            )
        self.update(Content.assemble(*parts))
