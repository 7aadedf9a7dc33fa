"""Meters as labelled bars, grouped by owner, with the last change marked."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from ...scenario import Owner, Scenario, Side

GROUPS = {
    Owner.SHARED: "The partnership",
    Owner.MOSCOW: "Moscow's interests",
    Owner.TEHRAN: "Tehran's interests",
    Owner.WORLD: "The world",
}
BAR = 10


def bar(value: int, low: int, high: int, width: int = BAR) -> str:
    """A bar of block characters, full at `high`."""
    filled = round(width * (value - low) / (high - low))
    return "█" * filled + "░" * (width - filled)


class MeterPanel(Static):
    """Every meter of the scenario, the partnership first, with changes since `before`."""

    def show(
        self,
        scenario: Scenario,
        meters: Mapping[str, int],
        before: Mapping[str, int],
        side: Side | None,
    ) -> None:
        own = Owner(side.value) if side else Owner.MOSCOW
        order = [
            Owner.SHARED,
            own,
            *(o for o in (Owner.MOSCOW, Owner.TEHRAN) if o is not own),
            Owner.WORLD,
        ]
        parts: list[str | tuple[str, str]] = []
        for owner in order:
            group = [m for m in scenario.meters if m.owner is owner]
            if not group:
                continue
            parts.append((f"{GROUPS[owner]}\n", "bold"))
            for m in group:
                value, moved = meters[m.id], meters[m.id] - before[m.id]
                strong = owner is Owner.SHARED
                name = (m.short or m.label)[:15]
                parts.append((f" {name:<15} ", "bold" if strong else ""))
                parts.append((bar(value, m.min, m.max), "$accent" if strong else ""))
                parts.append(f" {value:>3}")
                if moved:
                    parts.append((f" {moved:+d}", "$success" if moved > 0 else "$error"))
                parts.append("\n")
        self.update(Content.assemble(*parts))
