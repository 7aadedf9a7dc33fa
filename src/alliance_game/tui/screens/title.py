"""The title screen: set up a new game, continue or load one, read how to play, or quit."""

from __future__ import annotations

import random

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Select

from ... import catalog

LOADING = [("(loading the scenario)", "")]


class TitleScreen(Screen[None]):
    """New game (scenario, side, counterpart, seed), continue, load, how to play, quit."""

    BINDINGS = [Binding("enter", "new_game", "Start", show=True)]

    def __init__(self, seed: int | None = None) -> None:
        super().__init__()
        self.seed = random.SystemRandom().randrange(1_000_000) if seed is None else seed
        self.scenarios = catalog.installed()
        self.first = "default" if "default" in self.scenarios else next(iter(self.scenarios))
        self.personas_of: str | None = None

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
                yield Select(LOADING, value="", allow_blank=False, id="persona")
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
        self.call_after_refresh(self.want_personas, self.first)

    @on(Select.Changed, "#scenario")
    def scenario_changed(self, event: Select.Changed) -> None:
        self.want_personas(str(event.value))

    def want_personas(self, name: str) -> None:
        """Load a scenario's personas, unless they are already loaded or on their way."""
        if name != self.personas_of:
            self.personas_of = name
            self.fill_personas(name)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def fill_personas(self, name: str) -> None:
        """Offer the computer counterparts of a scenario (loaded off the UI thread)."""
        from ... import loader
        from ...loader import ScenarioError

        try:
            scenario = loader.load(self.scenarios[name])
        except ScenarioError as err:
            problem = str(err.problems[0])
            self.app.call_from_thread(self.notify, problem, severity="error", timeout=8)
            personas = [("Random", "random")]
        else:
            personas = [(p.name, p.id) for p in scenario.personas] + [("Random", "random")]
        self.app.call_from_thread(self._show_personas, personas)

    def _show_personas(self, personas: list[tuple[str, str]]) -> None:
        choice = self.query_one("#persona", Select)
        choice.set_options(personas)
        choice.value = personas[0][1]

    def action_new_game(self) -> None:
        seed_text = self.query_one("#seed", Input).value.strip()
        if not seed_text.isdigit():
            self.notify("The seed must be a whole number, 0 or more.", severity="error")
            return
        persona = str(self.query_one("#persona", Select).value)
        side = self.query_one("#side", RadioSet).pressed_button
        self.app.start_game(
            str(self.scenarios[str(self.query_one("#scenario", Select).value)]),
            side.id if side and side.id else "moscow",
            persona or None,
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
