"""The app's classroom part: teams' rationales, the timer, fog, the facilitator's actions,
and play in a hosted game (the facilitator's dashboard, or one team's screen).

Everything a facilitator does goes through `apply`, to the local game or to the hosted
one; the engine (`Game`, `Table`) keeps it with its reason.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from ..room import ClassSetup

if TYPE_CHECKING:
    from ..classroom import Room, Table, Timer
    from ..game import Game
    from ..scenario import Side


POLL = 0.5
"""Seconds between looks at a hosted game for other processes' moves."""


class ClassroomPart(App[None]):
    """Mixed into `AllianceApp`: the classroom flow. It uses the app's `game`, and its
    `choose_with`, `resolved` and `hosted_changed`, which move the game's own flow on."""

    game: Game | None
    humans: list[Side]
    saves_dir: Path
    setup: ClassSetup | None
    table: Table | None
    room: Room
    """The timer and fog of a game at this screen (a hosted game keeps its own)."""
    warned: dict[int, set[int]]
    """Turn -> the warnings (seconds left) already given in it."""
    timed_out: set[int]
    """Turns whose running out of time has been announced."""
    seen_version: int

    # --- where the classroom settings live ---------------------------------------------

    @property
    def team_screen(self) -> bool:
        """Whether this screen is one team's, in a hosted game (no facilitator powers)."""
        return bool(self.setup and self.setup.table and self.setup.side)

    @property
    def fogged(self) -> bool:
        from ..classroom import TableError

        try:
            return self.table.fog if self.table else self.room.fog
        except TableError:  # a setting edited by hand: hide the outlook rather than fail
            return True

    def timer_now(self) -> Timer | None:
        from ..classroom import TableError

        try:
            return self.table.timer() if self.table else self.room.timer
        except TableError:  # poll() says what is wrong with the file
            return None

    def decision_shown(self) -> None:
        """A team sees its decision: the turn's timer starts, once."""
        from ..classroom import TableError

        if self.table and self.team_screen:
            try:
                self.table.start_timer()
            except TableError as err:
                self.notify(str(err), title="Cannot start the timer", severity="error")
        elif self.room.timer and self.room.timer.started is None:
            self.room.timer.start()

    def timer_text(self, timer: Timer | None = None) -> str:
        """`3:12 left` (or `paused at 3:12`, `time is up`, or nothing without a running
        clock) for the front of a screen's title, with a notice at each warning and when
        time runs out, which the facilitator's screen also logs, once a turn."""
        from ..room import clock_text

        timer = timer or self.timer_now()  # a hosted game's clock is read from its file
        if timer is None or self.game is None:
            return ""
        given = self.warned.setdefault(self.game.state.turn, set())
        mark = timer.due(given)
        if mark is not None:
            left = "one minute" if mark == 60 else f"{mark} seconds"
            self.notify(f"{left} left to decide.", title="Timer", severity="warning")
        if timer.paused:
            return f"paused at {clock_text(timer.remaining)}"
        if timer.expired:
            self._time_up()
            return "time is up"
        return f"{clock_text(timer.remaining)} left" if timer.started else ""

    def _time_up(self) -> None:
        """Announce, once a turn, that time ran out; the facilitator's screen logs it."""
        from ..classroom import TableError, facilitate, now_text

        assert self.game is not None
        turn = self.game.state.turn
        if turn in self.timed_out:
            return
        self.timed_out.add(turn)
        self.notify("Time is up for this turn's decisions.", title="Timer", severity="warning")
        logged = any(a.action == "time_up" and a.turn == turn for a in self.game.actions)
        if self.team_screen or not self.setup or logged:
            return
        reason = "the timer ran out"
        if self.table:
            with contextlib.suppress(TableError):  # another process moved first
                self.table.facilitate("time_up", "", reason)
        else:
            facilitate(self.game, self.room, "time_up", "", reason, now_text())

    # --- a team's choice, with its rationale ----------------------------------------------

    def ask_rationale(self, side: Side, option_id: str, lever: str = "") -> None:
        from .screens.dialogs import Ask

        assert self.game is not None
        team = self.game.teams.get(side)
        who = team.name if team else self.game.scenario.sides[side].name
        label = self.game.scenario.lookup.options[option_id].label
        self.push_screen(
            Ask(
                f"{who} chose: {label}. In a sentence, why?",
                "Optional: it goes into the debrief report. Enter goes on; Esc chooses again.",
                "Our reasoning in a sentence (or leave it empty)",
            ),
            lambda why: (
                self.choose_with(side, option_id, why, lever)
                if why is not None
                else self.rechoose()
            ),
        )

    def rechoose(self) -> None:
        """The rationale prompt was cancelled: the team may pick again."""
        from .screens.play import TurnScreen

        if isinstance(self.screen, TurnScreen):
            self.screen.reopen()
            self.notify("Choice withdrawn: choose again.")

    # --- the facilitator ------------------------------------------------------------------

    def action_facilitator(self) -> None:
        from .screens.facilitator import action_menu

        self.push_screen(action_menu(), lambda key: self.action_facilitate(key) if key else None)

    def action_facilitate(self, key: str) -> None:
        """Ask what the action needs (an inject, a reason), then apply it."""
        from .screens.facilitator import ACTIONS, inject_menu

        if self.game is None or (self.game.over and key != "report"):
            self.notify("The game is over.")
            return
        if key in ("pause", "extend") and self.timer_now() is None:
            self.notify("This game has no timer (start it with host --timer MINUTES).")
        elif key == "report":
            self.action_export_report()
        elif key == "inject":
            self.push_screen(
                inject_menu(self.game),
                lambda ref: self._with_reason("Inject", "inject", ref) if ref else None,
            )
        else:
            self._with_reason(dict(ACTIONS)[key], key, "")

    def _with_reason(self, title: str, key: str, detail: str) -> None:
        """Ask for the action's reason (optional), with the clock stopped while it is typed."""
        from .screens.facilitator import reason_prompt

        held = self._hold_timer(True)

        def done(reason: str | None) -> None:
            if held:
                self._hold_timer(False)
            if reason is not None:
                self.apply(key, detail, reason)

        self.push_screen(reason_prompt(title), done)

    def _hold_timer(self, held: bool) -> bool:
        """Stop (or restart) a running clock; whether there was one to stop."""
        timer = self.timer_now()
        if timer is None or (held and not timer.running) or (not held and not timer.paused):
            return False
        if self.table:
            self.table.hold_timer(held)
        elif held:
            timer.pause()
        else:
            timer.resume()
        return True

    def apply(self, key: str, detail: str, reason: str) -> None:
        """Carry out a facilitator action (the engine's `facilitate`) on the hosted game,
        or on the game at this screen, then show what it changed."""
        from ..classroom import TableError, facilitate, now_text

        if self.table:
            try:
                self.table.facilitate(key, detail, reason)
            except TableError as err:
                self.notify(str(err), severity="error")
            self.poll()
            return
        assert self.game is not None
        before = self.game.state
        facilitate(self.game, self.room, key, detail, reason, now_text())
        if key == "skip":
            self.resolved(before)
        elif key in ("inject", "fog"):
            self.refresh_turn()
        self.notify(f"Done: {key}{f' {detail}' if detail else ''}.", title="Facilitator")

    def refresh_turn(self) -> None:
        """Redraw the turn on screen after an inject or a change of fog."""
        from .screens.facilitator import Dashboard
        from .screens.play import TurnScreen

        screen = self.screen
        if isinstance(screen, TurnScreen) and not screen.resolving and self.game:
            screen.game = self.game
            if screen.submitted:  # the team has chosen: it still sees the world change
                screen.show_situation()
            else:
                screen.show_turn()
        elif isinstance(screen, Dashboard) and self.game:
            screen.show(self.game)

    def action_export_report(self) -> None:
        """Write the after-action report (Markdown, HTML, CSV) beside the saves."""
        from .. import report

        if self.game is None:
            return
        state = self.game.state
        folder = self.saves_dir / "reports"
        stem = f"{self.game.scenario.id}-seed{state.seed}-turn{state.turn}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for fmt, suffix in (("md", ".md"), ("html", ".html"), ("csv", "-log.csv")):
                (folder / f"{stem}{suffix}").write_text(report.render(self.game, fmt), "utf-8")
        except OSError as err:
            self.notify(f"Could not write the report: {err.strerror or err}", severity="error")
            return
        self.notify(f"Report written to {folder / stem}.html (and .md, -log.csv)", title="Report")

    # --- a hosted game --------------------------------------------------------------------

    def poll(self) -> None:
        """Look for other processes' moves; show what changed."""
        if self.table is None:
            return
        from ..classroom import TableError

        try:
            version = self.table.version()
            if version == self.seen_version:
                return
            self.seen_version = version
            game = self.table.game()
        except TableError as err:  # the file was edited under the game: say so, keep going
            self.notify(str(err), title="Cannot read the game", severity="error", timeout=15)
            return
        self.hosted_changed(game)
