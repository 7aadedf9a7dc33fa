"""The title screen: set up a new game, continue or load one, read how to play, or quit."""

from __future__ import annotations

import random

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Select

from ... import loader
from ...loader import ScenarioError


class TitleScreen(Screen[None]):
    """New game (scenario, side, counterpart, seed), continue, load, how to play, quit."""

    BINDINGS = [Binding("enter", "new_game", "Start", show=True)]

    def __init__(self, seed: int | None = None) -> None:
        super().__init__()
        self.seed = random.SystemRandom().randrange(1_000_000) if seed is None else seed
        self.scenarios = loader.installed()
        self.first = "default" if "default" in self.scenarios else next(iter(self.scenarios))

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Label("MOSCOW & TEHRAN", id="game-title")
            yield Label("A strategy game of a partnership of convenience", id="tagline")
            with Horizontal(classes="field"):
                yield Label("Scenario", classes="field-label")
                yield Select(
                    [(name, name) for name in self.scenarios],
                    value=self.first,
                    allow_blank=False,
                    id="scenario",
                )
            with Horizontal(classes="field"):
                yield Label("You play", classes="field-label")
                with RadioSet(id="side"):
                    yield RadioButton("Moscow", value=True, id="moscow")
                    yield RadioButton("Tehran", id="tehran")
                    yield RadioButton("Both (hotseat)", id="both")
            with Horizontal(classes="field"):
                yield Label("Counterpart", classes="field-label")
                personas = self.personas(self.first)
                yield Select(personas, value=personas[0][1], allow_blank=False, id="persona")
            with Horizontal(classes="field"):
                yield Label("Seed", classes="field-label")
                yield Input(str(self.seed), id="seed", type="integer", max_length=9)
            with Horizontal(id="title-buttons"):
                yield Button("New game", variant="primary", id="new")
                yield Button("Load", id="load")
                yield Button("How to play", id="help")
                yield Button("Quit", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#new", Button).focus()

    def personas(self, name: str) -> list[tuple[str, str]]:
        """The computer counterparts a scenario offers, as (label, id); random last."""
        try:
            scenario = loader.load(self.scenarios[name])
        except ScenarioError as err:
            self.notify(str(err.problems[0]), severity="error", timeout=8)
            return [("Random", "random")]
        return [(p.name, p.id) for p in scenario.personas] + [("Random", "random")]

    @on(Select.Changed, "#scenario")
    def fill_personas(self, event: Select.Changed) -> None:
        """Offer the computer counterparts of the chosen scenario."""
        personas = self.personas(str(event.value))
        choice = self.query_one("#persona", Select)
        choice.set_options(personas)
        choice.value = personas[0][1]

    def action_new_game(self) -> None:
        seed_text = self.query_one("#seed", Input).value.strip()
        if not seed_text.isdigit():
            self.notify("The seed must be a whole number, 0 or more.", severity="error")
            return
        side = self.query_one("#side", RadioSet).pressed_button
        self.app.start_game(
            str(self.scenarios[str(self.query_one("#scenario", Select).value)]),
            side.id if side and side.id else "moscow",
            str(self.query_one("#persona", Select).value),
            int(seed_text),
        )

    @on(Button.Pressed, "#new")
    def new(self) -> None:
        self.action_new_game()

    @on(Button.Pressed, "#load")
    def load(self) -> None:
        self.app.action_load()

    @on(Button.Pressed, "#help")
    def help(self) -> None:
        self.app.action_help()

    @on(Button.Pressed, "#quit")
    def quit(self) -> None:
        self.app.exit()
