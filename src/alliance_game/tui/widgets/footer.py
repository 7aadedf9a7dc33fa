"""A footer that redraws only when the keys it shows change, and on a narrow terminal
packs its keys closer and gives the command palette's key (listed in the help) up to
the game's own."""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer rebuilds all its keys whenever focus or bindings change, which made up
    a third of the time from a choice to its outcome; this one skips a rebuild that would
    show the same keys."""

    _shown: tuple[tuple[str, str, bool], ...] | None = None
    WIDE = 100
    """The width from which the command palette's key is shown too."""

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= self.WIDE
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.compact = not wide  # less space around each key, so that all of them fit
            self.refresh(recompose=True)

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
