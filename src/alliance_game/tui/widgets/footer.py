"""A footer that redraws only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer rebuilds all its keys whenever focus or bindings change, which made up
    a third of the time from a choice to its outcome; this one skips a rebuild that would
    show the same keys."""

    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled)
            for _, binding, enabled, _ in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown:
            return
        if screen.app.app_focus:  # otherwise Footer waits, and so must the record
            self._shown = shown
        super().bindings_changed(screen)
