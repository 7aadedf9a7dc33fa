"""The Textual application: one game in one place, and the flow between screens.

The app holds the `Game` (the same engine object every front end drives) and decides
which screen comes next. Screens draw the game and send the player's choices back
through `submit`; no rule is computed here.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .. import catalog
from ..room import ClassSetup, Room
from .classroom import POLL, ClassroomPart
from .screens.dialogs import HELP, Confirm, LoadGame, SaveAs, TextPage, logbook
from .screens.starting import StartingScreen
from .screens.title import TitleScreen

if TYPE_CHECKING:
    from ..game import Game
    from ..saves import Autosave
    from ..scenario import Scenario, Side
    from ..state import GameState

# The engine (and with it pydantic) is imported where a game begins, not here, so that
# the title screen draws without waiting for it.


@dataclass
class Start:
    """How the app starts: at the title screen, or straight into a new or saved game."""

    scenario: str = "default"
    side: str = "moscow"
    persona: str | None = None
    seed: int | None = None
    load: Path | None = None
    game: Game | None = None
    """The game read from `load` already, when the caller has checked it."""
    direct: bool = False
    saves_dir: Path | None = None
    classroom: ClassSetup | None = None
    prepare: Callable[[], tuple[Path, Scenario, str]] | None = None
    """For a new game straight from the command line: reads the scenario and settles the
    counterpart (its path, the scenario, the counterpart), or raises what the command line
    reports. It runs behind the first frame; its error ends the app, in `failure`."""


class AllianceApp(ClassroomPart):
    """Moscow & Tehran in the terminal."""

    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "Moscow & Tehran"
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+s", "save", "Save"),
        Binding("f", "facilitator", "Facilitator"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, start: Start | None = None) -> None:
        super().__init__()
        self.start = start or Start()
        self.saves_dir = catalog.saves_folder(self.start.saves_dir)
        self.game: Game | None = None
        self.autosave: Autosave | None = None
        """The game's own autosave (none for a hosted game, which lives in its file)."""
        self.humans: list[Side] = []
        self.seen: dict[str, int] = {}
        self.briefings: list[Side] = []
        self.dirty = False
        self.setup = self.start.classroom
        self.table = None
        self.room = Room(fog=bool(self.setup and self.setup.fog))
        self.warned = {}
        self.timed_out = set()
        self.seen_version = -1
        self.pledged = 0
        """The last turn whose pledges were offered on the shared screen (hotseat)."""
        self.failure: Exception | None = None
        """Why `start.prepare` could not start the game, for the command line to report."""

    def on_mount(self) -> None:
        start = self.start
        if self.setup and self.setup.table:
            self.open_table(self.setup.table, self.setup.side)
        elif start.load and start.game:
            self.continue_game(start.game, start.load)
        elif start.load:
            self.load_game(start.load)
        elif start.prepare:
            self.push_screen(StartingScreen())  # the game is set up once this is drawn
        elif start.direct:
            self.start_game(start.scenario, start.side, start.persona, start.seed)
        else:
            self._title_screen()

    def on_ready(self) -> None:
        """The first frame is on screen: now set up the game it stands in for."""
        if self.start.prepare:
            self._prepare()

    @work(thread=True, exit_on_error=False)
    def _prepare(self) -> None:
        """Read the scenario (importing the engine and pydantic) off the UI thread, then
        begin the game; a problem ends the app, for the command line to report."""
        start = self.start
        assert start.prepare is not None
        try:
            path, scenario, persona = start.prepare()
            # What `begin` needs, imported here rather than on the UI thread.
            from .. import saves  # noqa: F401
            from .screens import play  # noqa: F401
        except Exception as err:
            self.call_from_thread(self._cannot_start, err)
            return
        self.call_from_thread(self.begin, path, scenario, start.side, persona, start.seed)

    def _cannot_start(self, err: Exception) -> None:
        self.failure = err
        self.exit(return_code=2)

    # --- the flow of a game ---------------------------------------------------------

    def start_game(self, scenario: str, side: str, persona: str | None, seed: int | None) -> None:
        """Begin a new game of the scenario named (an id or a path)."""
        from .. import loader
        from ..loader import ScenarioError

        try:
            path = loader.resolve(scenario)
            loaded = loader.load(path)
        except ScenarioError as err:
            self.notify(str(err.problems[0]), title="Cannot start", severity="error", timeout=10)
            return
        self.begin(path, loaded, side, persona, seed)

    def begin(
        self, path: Path, loaded: Scenario, side: str, persona: str | None, seed: int | None
    ) -> None:
        """Begin a new game and show each human side its briefing."""
        from ..game import HUMAN, Game
        from ..scenario import SIDES, Side
        from .screens.play import BriefingScreen

        humans = list(SIDES) if side == "both" else [Side(side)]
        player = persona or loaded.personas[0].id
        seats = {s: HUMAN if s in humans else player for s in SIDES}
        game = Game.new(loaded, seed if seed is not None else self._fresh_seed(), seats, path)
        if self.setup:
            from ..room import Timer

            game.teams = self.setup.teams_of(game)
            self.room.timer = Timer(self.setup.timer) if self.setup.timer else None
        self._adopt(game)
        self.briefings = list(humans)
        self.dirty = True
        self._go(BriefingScreen(game, self.briefings[0]))

    def briefed(self, side: Side) -> None:
        """A briefing was read: the next one, or the first decision."""
        from .screens.play import BriefingScreen

        self.briefings = [s for s in self.briefings if s is not side]
        if self.briefings and self.game:
            self._go(BriefingScreen(self.game, self.briefings[0]))
        else:
            self.next_decision()

    def next_decision(self) -> None:
        """Show the next human side its turn: in hotseat play, pledges in the open first,
        then each side behind a handoff."""
        from .screens.play import HandoffScreen, PledgeScreen

        assert self.game is not None
        if self.team_screen:  # one team's screen: only ever its own side
            self.show_turn(self.humans[0])
            return
        waiting = self.game.waiting_on()
        state = self.game.state
        if len(self.humans) > 1 and self.game.scenario.pledges and self.pledged != state.turn:
            self.pledged = state.turn
            self._go(PledgeScreen(self.game, self.humans))
        elif not waiting:
            self.resolve()
        elif len(self.humans) > 1:
            self._go(HandoffScreen(self.game, waiting[0]))
        else:
            self.show_turn(waiting[0])

    def make_pledge(self, side: Side, pledge_id: str) -> None:
        """A human side pledges, in the open: the game (or the hosted game) records it."""
        assert self.game is not None
        try:
            if self.table:
                self.table.pledge(side, pledge_id)
                self.game = self.table.game()
            else:
                self.game.pledge(side, pledge_id)
        except ValueError as err:
            self.notify(str(err), severity="error")
            return
        self.dirty = True
        self.refresh_turn()

    def show_turn(self, side: Side) -> None:
        from .screens.play import TurnScreen

        assert self.game is not None
        self._go(TurnScreen(self.game, side, self.seen or dict(self.game.state.meters)))

    def submit(self, side: Side, option_id: str, lever: str = "") -> None:
        """A human side chose (and may use a lever with it); in class, ask the team why
        first."""
        if self.setup:
            self.ask_rationale(side, option_id, lever)
        else:
            self.choose_with(side, option_id, "", lever)

    def choose_with(self, side: Side, option_id: str, why: str, lever: str = "") -> None:
        """Record a choice, then wait for the other side or resolve the turn."""
        assert self.game is not None
        if self.table:
            self.choose_hosted(side, option_id, why, lever)
            return
        try:
            if lever:
                self.game.pull(side, lever)
            self.game.choose(side, option_id, why)
        except ValueError as err:
            self.game.release(side)
            self.notify(str(err), severity="error")
            self.rechoose()
            return
        self.next_decision()

    def choose_hosted(self, side: Side, option_id: str, why: str, lever: str = "") -> None:
        """A team's choice goes to the hosted game; the turn resolves when both are in."""
        from ..classroom import TableError
        from .screens.play import TurnScreen

        assert self.table is not None
        try:
            self.table.choose(side, option_id, why, lever)
        except TableError as err:
            self.notify(str(err), severity="error")
            self.rechoose()
            return
        if isinstance(self.screen, TurnScreen):
            self.screen.waiting()
        self.poll()

    # --- a hosted game ----------------------------------------------------------------------

    def open_table(self, path: Path, side: str | None) -> None:
        """Open a hosted game: the facilitator's dashboard, or a team's screen."""
        from ..classroom import Table, TableError
        from ..scenario import Side
        from .screens.facilitator import Dashboard

        try:
            self.table = Table.open(path)
            if side is not None:
                self.table.admit(Side(side), (self.setup and self.setup.token) or "")
            game = self.table.game()
        except (TableError, ValueError) as err:
            self.notify(str(err), title="Cannot open the game", severity="error", timeout=15)
            self._title_screen()
            return
        self.game = game
        self.seen = dict(game.state.meters)
        self.seen_version = self.table.version()
        self.set_interval(POLL, self.poll)
        if side is None:
            self.humans = []
            self.push_screen(Dashboard(game))
        else:
            self.humans = [Side(side)]
            self.briefings = [Side(side)] if not game.state.history else []
            self.hosted_changed(game, first=True)

    def hosted_changed(self, game: Game, first: bool = False) -> None:
        """Another process moved (or this one did): show the news where it matters."""
        from .screens.ending import EndingScreen
        from .screens.facilitator import Dashboard
        from .screens.play import BriefingScreen, TurnScreen

        before, self.game = self.game, game
        screen = self.screen
        if isinstance(screen, Dashboard):
            screen.show(game)
            return
        if first:
            if self.briefings:
                self._go(BriefingScreen(game, self.briefings[0]))
            elif game.over:
                self._go(EndingScreen(game))
            else:
                self.show_turn(self.humans[0])
            return
        assert before is not None
        resolved = game.state.turn != before.state.turn or game.over
        if isinstance(screen, TurnScreen) and resolved and not screen.resolving:
            self.seen = dict(before.state.meters)
            screen.game, screen.seen = game, self.seen
            screen.show_resolution(before.state)
        elif not resolved:
            self.refresh_turn()

    def resolve(self) -> None:
        """Both sides have chosen: play the turn."""
        assert self.game is not None
        before = self.game.state
        self.game.advance()
        self.resolved(before)

    def resolved(self, before: GameState) -> None:
        """A turn was played (or skipped by the facilitator): show its outcome on the turn
        screen, in place if that is where the choice was made."""
        from .screens.play import TurnScreen

        assert self.game is not None
        if self.room.timer:
            self.room.timer.stop()
        self.seen = dict(before.meters)
        self.dirty = True
        self.call_after_refresh(self._autosave)  # after the outcome is on screen
        screen = self.screen
        if isinstance(screen, TurnScreen) and not screen.resolving:
            screen.game, screen.seen = self.game, self.seen
            screen.show_resolution(before)
        else:
            self._go(TurnScreen(self.game, self.humans[0], self.seen, resolved_from=before))

    def after_resolution(self) -> None:
        """On to the next decision (in place for a single player) or to the ending."""
        from .screens.ending import EndingScreen
        from .screens.play import TurnScreen

        assert self.game is not None
        screen = self.screen
        if self.game.over:
            self._go(EndingScreen(self.game))
        elif len(self.humans) == 1 and isinstance(screen, TurnScreen):
            screen.game = self.game
            screen.show_turn()
        else:
            self.next_decision()

    def _autosave(self) -> None:
        """Keep the game's own autosave up to date; a failure is a notice, not a crash."""
        if self.game is None or self.autosave is None:
            return
        problem = self.autosave.keep(self.game)
        if problem:
            self.notify(f"Could not autosave: {problem}", severity="warning", timeout=10)

    def _adopt(self, game: Game, loaded: Path | None = None) -> None:
        """Make `game` the one in play, with its own autosave (a new game's, or the one
        it was loaded from)."""
        from ..game import HUMAN
        from ..saves import Autosave
        from ..scenario import SIDES

        self.game = game
        self.autosave = Autosave.of(self.saves_dir, game, loaded)
        self.humans = [s for s in SIDES if game.seats[s] == HUMAN]
        self.seen = dict(game.state.meters)
        if loaded is not None and game.state.history:  # the marks of the turn last played
            from .. import transcript

            last = game.state.history[-1].turn
            self.seen = transcript.meters_when_chosen(game.scenario, game.state, last)

    def _go(self, screen: Screen[None]) -> None:
        """Replace the current screen of the flow (dialogs stay on their own stack)."""
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @staticmethod
    def _fresh_seed() -> int:
        return random.SystemRandom().randrange(1_000_000)

    # --- actions ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer saving only while there is a game of this screen's own (a hosted game
        lives in its file), and the facilitator's actions only in class, not to a team."""
        if action == "save":
            return self.game is not None and self.table is None
        if action in ("facilitator", "facilitate"):
            over = self.game is not None and self.game.over and parameters != ("report",)
            return bool(self.setup) and not self.team_screen and not over
        return True

    def action_help(self) -> None:
        self.push_screen(TextPage("How to play", HELP))

    def action_history(self) -> None:
        if not self.game or not self.game.state.history:
            self.notify("No turns have been played yet.")
            return
        from .. import debrief, transcript

        game = self.game
        points = debrief.turning_points(game.scenario, game.state, game.seats, game.actions)
        rows = transcript.story(game.scenario, game.state, points=points)
        self.push_screen(TextPage("History of the game", logbook(rows)))

    def action_save(self) -> None:
        if self.game is None:
            self.notify("There is no game to save yet.")
            return
        suggestion = f"{self.game.scenario.id}-turn{self.game.state.turn}"
        self.push_screen(SaveAs(suggestion), self._save_as)

    def _save_as(self, name: str | None) -> None:
        if not name or self.game is None:
            return
        from .. import savefile

        path = savefile.slot(name, self.saves_dir)
        if path.exists():
            self.push_screen(
                Confirm(
                    f"A save called {path.stem!r} exists. Overwrite it?", "Overwrite", "Cancel"
                ),
                lambda yes: self._write(path) if yes else None,
            )
        else:
            self._write(path)

    def _write(self, path: Path) -> None:
        from .. import saves

        assert self.game is not None
        try:
            saves.write(self.game, path)
        except saves.SaveError as err:
            self.notify(f"Could not save: {err}", severity="error", timeout=10)
            return
        self.dirty = False
        self.notify(f"Saved as {path.stem}.", title="Saved")

    def action_load(self) -> None:
        self.push_screen(
            LoadGame(self.saves_dir), lambda path: self.load_game(path) if path else None
        )

    def load_game(self, path: Path, accept_changes: bool = False) -> None:
        """Continue a saved game. A bad save changes nothing: a notice, and the list of saves
        again. A save whose scenario changed (or that was edited) offers to replay it."""
        from .. import saves

        try:
            game = saves.read(path, accept_changes=accept_changes)
        except saves.SaveMismatch as err:
            self.push_screen(
                Confirm(
                    f"{err}.\n\nReplay its choices under the current scenario? "
                    "The meters may come out differently.",
                    "Replay",
                    "Cancel",
                ),
                lambda yes: self.load_game(path, True) if yes else None,
            )
            return
        except saves.SaveError as err:
            self.notify(str(err), title="Cannot load", severity="error", timeout=12)
            if len(self.screen_stack) <= 1:
                self._title_screen()
            self.action_load()
            return
        self.continue_game(game, path)

    def continue_game(self, game: Game, path: Path) -> None:
        """Take up a game loaded from `path` where it stands."""
        from ..game import HUMAN
        from ..scenario import Side
        from .screens.ending import EndingScreen

        if not game.over and HUMAN not in game.seats.values():
            game.take_over([Side.MOSCOW])
            self.notify("Computers played both sides of that save: you take over Moscow.")
        self._adopt(game, path)
        self.dirty = False
        if game.state.pledges or game.chosen:  # saved after the pledges were made
            self.pledged = game.state.turn
        waiting = "" if not game.chosen else " (a choice already made stays hidden)"
        self.notify(f"Loaded {path.stem}: turn {game.state.turn}{waiting}.", title="Loaded")
        if game.over:
            self._go(EndingScreen(game))
        else:
            self.next_decision()

    def action_play_again(self) -> None:
        """Back to the title screen; asks first if that would leave a game in progress."""
        self._leave("Leave this game for a new one?", self._title)

    def _leave(self, question: str, then: Callable[[], object]) -> None:
        """Do `then`, asking first while a game is in progress and changed since saved."""
        if self.game is not None and not self.game.over and self.dirty:
            kept = self._kept()
            self.push_screen(
                Confirm(
                    f"{question} {kept}".strip(),
                    "Leave",
                    "Stay",
                ),
                lambda yes: then() if yes else None,
            )
        else:
            then()

    def _kept(self) -> str:
        """What leaving keeps of the game in progress, in one sentence."""
        if self.table is not None:
            return f"The hosted game keeps it in {self.table.path.name}."
        if self.autosave is None or self.game is None:
            return ""
        played = len(self.game.state.history)
        if played and self.autosave.kept != played:
            self._autosave()  # a turn resolved a moment ago: keep it before promising
        return self.autosave.promise(self.game)

    def _title(self) -> None:
        self.game, self.autosave = None, None
        self._go(TitleScreen(saves_dir=self.saves_dir))

    def _title_screen(self) -> None:
        self.push_screen(TitleScreen(self.start.seed, self.saves_dir))

    async def action_quit(self) -> None:
        self._leave("Leave the game?", self.exit)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "New game", "Back to the title screen to set up a game", self.action_play_again
        )
        yield SystemCommand("Save game", "Save the game in progress", self.action_save)
        yield SystemCommand("Load game", "Continue a saved game", self.action_load)
        yield SystemCommand("How to play", "Keys and rules", self.action_help)
        yield SystemCommand("History", "Every turn so far", self.action_history)
