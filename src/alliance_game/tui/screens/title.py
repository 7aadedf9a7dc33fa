"""The title screen: a short menu (new game, continue, load, how to play, quit), and the
new-game screen behind it (scenario, side, computer counterpart, seed)."""

from __future__ import annotations

import random
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ... import catalog, savefile
from ..widgets.footer import KeyFooter

LOADING = [("(loading the scenario)", "")]
SIDE_CHOICES = [("Moscow", "moscow"), ("Tehran", "tehran"), ("Both, at one keyboard", "both")]


class TitleScreen(Screen[None]):
    """The game's name and its menu. Kept light: it is the first frame a player waits for."""

    BINDINGS = [
        Binding("n", "pick('new')", "New game"),
        Binding("c", "pick('continue')", "Continue"),
        Binding("l", "pick('load')", "Load"),
        Binding("q", "pick('quit')", "Quit", show=False),
    ]

    def __init__(self, seed: int | None = None, saves_dir: Path | None = None) -> None:
        super().__init__()
        self.seed = seed
        found = savefile.listing(saves_dir)[0] if saves_dir and saves_dir.is_dir() else []
        self.latest = next((s for s in found if not s.over), None)

    def compose(self) -> ComposeResult:
        menu = [Option("New game", id="new")]
        if self.latest:
            s = self.latest
            # Its save on a line of its own (cut with an ellipsis: names can be long).
            entry = Text("Continue\n")
            entry.append(f"  {s.name} · {s.scenario}, turn {s.turn}", "dim")
            menu.append(Option(entry, id="continue"))
        menu += [
            Option("Load a saved game", id="load"),
            Option("How to play", id="help"),
            Option("Quit", id="quit"),
        ]
        with Vertical(id="title-box"):
            yield Label("MOSCOW & TEHRAN", id="game-title")
            yield Label("A strategy game of a partnership of convenience", id="tagline")
            yield OptionList(*menu, id="menu")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`c` is in the footer only when there is a game to continue."""
        if action == "pick" and parameters == ("continue",):
            return self.latest is not None
        return True

    @on(OptionList.OptionSelected, "#menu")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option.id or "")

    def action_pick(self, item: str) -> None:
        app = self.app
        if item == "new":
            app.push_screen(NewGameScreen(self.seed))
        elif item == "continue" and self.latest:
            app.load_game(self.latest.path)
        elif item == "load":
            app.action_load()
        elif item == "help":
            app.action_help()
        elif item == "quit":
            app.exit()


class NewGameScreen(Screen[None]):
    """Set up a new game: scenario, side, counterpart and seed (shown, editable)."""

    BINDINGS = [
        Binding("enter", "new_game", "Start", show=True),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, seed: int | None = None) -> None:
        super().__init__()
        self.seed = random.SystemRandom().randrange(1_000_000) if seed is None else seed
        self.scenarios = catalog.installed()
        self.first = "default" if "default" in self.scenarios else next(iter(self.scenarios))
        self.personas_of: str | None = None
        self.about: dict[str, str] = {}
        """Counterpart id -> who it is, in a line."""

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Label("NEW GAME", id="game-title")
            yield Label("Enter starts · Tab goes through the settings · Esc: back", id="tagline")
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
                yield Select(SIDE_CHOICES, value="moscow", allow_blank=False, id="side")
            with Horizontal(classes="field", id="counterpart-field"):
                yield Label("Counterpart", classes="field-label")
                yield Select(LOADING, value="", allow_blank=False, id="persona")
            yield Static("", id="persona-about")
            with Horizontal(classes="field"):
                yield Label("Seed", classes="field-label")
                yield Input(str(self.seed), id="seed", type="integer", max_length=9)
            with Horizontal(id="title-buttons"):
                yield Button("Start", variant="primary", id="new")
                yield Button("Back", id="back")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#new", Button).focus()  # Enter starts with the settings shown
        self.want_personas(self.first)

    @property
    def focus_chain(self) -> list[Widget]:
        """Start first, then the form from the top: Tab from Start goes to the scenario,
        not to Back."""
        chain = super().focus_chain
        start = [w for w in chain if w.id == "new"]
        return start + [w for w in chain if w.id != "new"]

    @on(Select.Changed, "#side")
    def side_changed(self, event: Select.Changed) -> None:
        """In hotseat both sides are played at this keyboard: no counterpart to choose."""
        hotseat = event.value == "both"
        self.query_one("#counterpart-field").display = not hotseat
        self.describe()

    @on(Select.Changed, "#persona")
    def persona_changed(self) -> None:
        self.describe()

    def describe(self) -> None:
        """Say who the chosen counterpart is, in a line."""
        about = self.query_one("#persona-about", Static)
        if self.query_one("#side", Select).value == "both":
            about.update("Both sides are played at this keyboard, in turn.")
            return
        player = str(self.query_one("#persona", Select).value or "")
        about.update(self.about.get(player, ""))

    @on(Input.Submitted, "#seed")
    def seed_entered(self) -> None:
        self.action_new_game()

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
        from ... import loader, policies
        from ...loader import ScenarioError

        try:
            scenario = loader.load(self.scenarios[name])
        except ScenarioError as err:
            problem = str(err.problems[0])
            self.app.call_from_thread(self.notify, problem, severity="error", timeout=8)
            personas = [("Random", "random")]
        else:
            personas = policies.counterparts(scenario)
            self.about = {ident: policies.describe(scenario, ident) for _, ident in personas}
        self.app.call_from_thread(self._show_personas, personas)

    def _show_personas(self, personas: list[tuple[str, str]]) -> None:
        choice = self.query_one("#persona", Select)
        choice.set_options(personas)
        choice.value = personas[0][1]
        self.describe()

    def action_new_game(self) -> None:
        seed_text = self.query_one("#seed", Input).value.strip()
        if not seed_text.isdigit():
            self.notify("The seed must be a whole number, 0 or more.", severity="error")
            return
        persona = str(self.query_one("#persona", Select).value)
        side = str(self.query_one("#side", Select).value)
        self.app.start_game(
            str(self.scenarios[str(self.query_one("#scenario", Select).value)]),
            side,
            None if side == "both" else persona or None,
            int(seed_text),
        )

    @on(Button.Pressed, "#new")
    def new(self) -> None:
        self.action_new_game()

    @on(Button.Pressed, "#back")
    def back(self) -> None:
        self.app.pop_screen()
