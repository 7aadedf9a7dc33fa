"""The facilitator's (white cell's) screens: the menu of actions behind the `f` key, the
pickers and prompts it uses, and the dashboard of a hosted game."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from ... import transcript
from ...classroom import Timer, clock_text
from ...game import HUMAN, Game
from ...scenario import SIDES
from ..widgets.footer import KeyFooter
from ..widgets.meters import MeterPanel
from ..widgets.outlook import OutlookPanel
from ..widgets.sidebar import Sidebar
from .dialogs import Ask, Pick, logbook

ACTIONS = [
    ("inject", "Fire an inject now"),
    ("skip", "Skip this turn (it passes without decisions)"),
    ("pause", "Pause or resume the timer"),
    ("extend", "Give the teams one more minute"),
    ("fog", "Hide or show the outlook from the teams (fog)"),
    ("report", "Export the after-action report so far"),
]


def action_menu() -> Pick:
    return Pick("Facilitator", [Option(text, id=key) for key, text in ACTIONS])


def inject_menu(game: Game) -> Pick:
    """The scenario's prepared injects first (with their notes), then its other events."""
    items = [  # each note wraps under itself, clear of the titles
        Option(Group(Text(i.title), Padding(Text(i.note, "dim"), (0, 0, 0, 3))), id=i.id)
        for i in game.scenario.injects
    ]
    items += [
        Option(f"{e.title} (a scenario event)", id=e.id)
        for e in game.scenario.events
        if not (e.once and e.id in game.state.fired)
    ]
    if not items:
        items = [Option("This scenario has no injects or events to fire.", disabled=True)]
    return Pick("Fire which inject?", items)


def reason_prompt(what: str) -> Ask:
    """The reason for a facilitator's action: optional; the clock stands still meanwhile."""
    return Ask(
        f"{what}: a reason for the record? (optional)",
        "It goes into the log and the after-action report. Enter carries out the action, "
        "with or without a reason; Esc cancels it. The timer waits while you type.",
        "for example: to test how the teams react to pressure",
    )


class Dashboard(Screen[None]):
    """The facilitator's view of a hosted game: both teams' progress (never their hidden
    choices), the timer, the full outlook, the news, and the actions."""

    BINDINGS = [
        Binding("f", "app.facilitator", "Actions"),
        Binding("i", "app.facilitate('inject')", "Inject"),
        Binding("s", "app.facilitate('skip')", "Skip turn"),
        Binding("p", "app.facilitate('pause')", "Pause"),
        Binding("m", "app.facilitate('extend')", "+1 min"),
        Binding("g", "app.facilitate('fog')", "Fog"),
        Binding("r", "app.facilitate('report')", "Report"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="turn-body"):
            yield Sidebar(id="sidebar")
            with Vertical(id="main"):
                # Who has chosen and the clock stay in view; the story scrolls beneath.
                yield Static(id="status")
                with VerticalScroll(id="story-scroll"):
                    yield Static(id="story")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show(self.game)
        if self.app.timer_now() is not None:
            self.set_interval(1, self.tick)

    def tick(self) -> None:
        """The clock, once a second, as every team's screen shows it."""
        app = self.app
        timer = app.timer_now()  # one read of the file a second
        app.timer_text(timer)  # announces (and logs) time running out
        self.query_one("#status", Static).update(status_text(self.game, timer, app.fogged))

    def show(self, game: Game) -> None:
        """Draw the game as it stands now."""
        self.game = game
        scenario, state = game.scenario, game.state
        app = self.app
        self.sub_title = "Facilitator · " + (
            "game over" if game.over else f"turn {state.turn} of {scenario.calendar.turns}"
        )
        before = state.history[-1].meters if state.history else state.meters
        self.query_one(MeterPanel).show(scenario, state.meters, before, None)
        self.query_one(OutlookPanel).show(scenario, state.outlook)
        self.query_one("#status", Static).update(status_text(game, app.timer_now(), app.fogged))
        self.query_one("#story", Static).update(
            logbook(transcript.story(scenario, state, game.seats))
        )
        self.query_one("#story-scroll", VerticalScroll).scroll_end(animate=False)


def status_text(game: Game, timer: Timer | None, fogged: bool) -> str:
    """Who has chosen (never what), the timer, fog: the facilitator's summary line by line."""
    scenario = game.scenario
    lines = []
    for side in SIDES:
        team = game.teams.get(side)
        name = f"{scenario.sides[side].name}" + (f" ({team.name})" if team else "")
        if game.over:
            state = "done"
        elif game.seats[side] != HUMAN:
            state = f"computer ({game.seats[side]})"
        else:
            state = "has chosen" if side in game.chosen else "deciding"
        lines.append(f"{name}: {state}")
    if timer is not None:
        word = "paused" if timer.paused else ("time is up" if timer.expired else "left")
        lines.append(f"Timer: {clock_text(timer.remaining)} {word}")
    lines.append("Outlook hidden from the teams (fog)" if fogged else "Outlook shown to the teams")
    lines.append("")
    return "\n".join(lines)
