"""The app's classroom part: teams' rationales, the timer, fog, the facilitator's actions,
and play in a hosted game (the facilitator's dashboard, or one team's screen).

Everything a facilitator does goes through `apply`, to the local game or to the hosted
one; the engine (`Game`, `Table`) keeps it with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from ..classroom import Table, Timer
    from ..game import Game, Team
    from ..scenario import Side


@dataclass
class ClassSetup:
    """How a classroom game is played: at one screen, or hosted in a file that the
    facilitator (no `side`) or a team (`side`) opens."""

    teams: dict[str, Team] = field(default_factory=dict)
    timer: float | None = None
    """Seconds for each turn's decisions, or no timer."""
    fog: bool = False
    table: Path | None = None
    side: str | None = None


TITLES = {
    "skip": "Skip this turn",
    "pause": "Pause or resume the timer",
    "extend": "One more minute",
    "fog": "Hide or show the outlook",
}

POLL = 0.5
"""Seconds between looks at a hosted game for other processes' moves."""


class ClassroomPart(App[None]):
    """Mixed into `AllianceApp`: the classroom flow. It uses the app's `game`, and its
    `choose_with`, `skipped` and `hosted_changed`, which move the game's own flow on."""

    game: Game | None
    humans: list[Side]
    saves_dir: Path
    setup: ClassSetup | None
    table: Table | None
    local_timer: Timer | None
    fog_on: bool
    warned: dict[int, set[int]]
    seen_version: int

    # --- where the classroom settings live ---------------------------------------------

    @property
    def team_screen(self) -> bool:
        """Whether this screen is one team's, in a hosted game (no facilitator powers)."""
        return bool(self.setup and self.setup.table and self.setup.side)

    @property
    def fogged(self) -> bool:
        return self.table.fog if self.table else self.fog_on

    def timer_now(self) -> Timer | None:
        return self.table.timer() if self.table else self.local_timer

    def decision_shown(self) -> None:
        """A team sees its decision: the turn's timer starts, once."""
        if self.table and self.team_screen:
            self.table.start_timer()
        elif self.local_timer and self.local_timer.started is None:
            self.local_timer.start()

    def timer_text(self) -> str:
        """` · 3:12 left` for a screen's title, with a notice at each warning."""
        from ..classroom import clock_text

        timer = self.timer_now()
        if timer is None or self.game is None:
            return ""
        given = self.warned.setdefault(self.game.state.turn, set())
        mark = timer.due(given)
        if mark is not None:
            left = "one minute" if mark == 60 else f"{mark} seconds"
            self.notify(f"{left} left to decide.", title="Timer", severity="warning")
        if timer.paused:
            return f" · paused at {clock_text(timer.remaining)}"
        if timer.expired:
            return " · time is up"
        return f" · {clock_text(timer.remaining)} left" if timer.started else ""

    # --- a team's choice, with its rationale ----------------------------------------------

    def ask_rationale(self, side: Side, option_id: str) -> None:
        from .screens.facilitator import Ask

        assert self.game is not None
        team = self.game.teams.get(side)
        who = team.name if team else self.game.scenario.sides[side].name
        label = self.game.scenario.lookup.options[option_id].label
        self.push_screen(
            Ask(
                f"{who} chose: {label}. In a sentence, why?",
                "Optional: it goes into the debrief report. Enter goes on; Esc chooses again.",
                "our reasoning",
            ),
            lambda why: (
                self.choose_with(side, option_id, why) if why is not None else self.rechoose()
            ),
        )

    def rechoose(self) -> None:
        """The rationale prompt was cancelled: the team may pick again."""
        from .screens.play import TurnScreen

        if isinstance(self.screen, TurnScreen):
            self.screen.reopen()

    # --- the facilitator ------------------------------------------------------------------

    def action_facilitator(self) -> None:
        from .screens.facilitator import action_menu

        self.push_screen(action_menu(), lambda key: self.action_facilitate(key) if key else None)

    def action_facilitate(self, key: str) -> None:
        """Ask what the action needs (an inject, a reason), then apply it."""
        from .screens.facilitator import inject_menu

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
            self._with_reason(TITLES[key], key, "")

    def _with_reason(self, title: str, key: str, detail: str) -> None:
        from .screens.facilitator import reason_prompt

        self.push_screen(
            reason_prompt(title),
            lambda reason: self.apply(key, detail, reason) if reason is not None else None,
        )

    def apply(self, key: str, detail: str, reason: str) -> None:
        """Carry out a facilitator action on the hosted game or the local one."""
        from ..classroom import TableError, now_text

        if self.table:
            try:
                self._apply_hosted(key, detail, reason)
            except TableError as err:
                self.notify(str(err), severity="error")
            self.poll()
            return
        assert self.game is not None
        at = now_text()
        if key == "inject":
            self.game.inject(detail, reason, at)
            self.refresh_turn()
        elif key == "skip":
            before = self.game.state
            self.game.skip(reason, at)
            if self.local_timer:
                self.local_timer.stop()
            self.skipped(before)
        elif key == "pause":
            self._toggle_pause(reason, at)
        elif key == "extend" and self.local_timer:
            self.local_timer.extend(60)
            self.game.note("extend", "60 s", reason, at)
        elif key == "fog":
            self.fog_on = not self.fog_on
            self.game.note("fog", "on" if self.fog_on else "off", reason, at)
            self.refresh_turn()
        self.notify(f"Done: {key}{f' {detail}' if detail else ''}.", title="Facilitator")

    def _toggle_pause(self, reason: str, at: str) -> None:
        assert self.game is not None
        timer = self.local_timer
        pausing = not (timer and timer.paused)
        if timer:
            timer.pause() if pausing else timer.resume()
        self.game.note("pause" if pausing else "resume", "", reason, at)

    def _apply_hosted(self, key: str, detail: str, reason: str) -> None:
        assert self.table is not None
        timer = self.table.timer()
        if key == "inject":
            self.table.inject(detail, reason)
        elif key == "skip":
            self.table.skip(reason)
        elif key == "pause":
            (self.table.resume if timer and timer.paused else self.table.pause)(reason)
        elif key == "extend":
            self.table.extend(60, reason)
        elif key == "fog":
            self.table.set_fog(not self.table.fog, reason)

    def refresh_turn(self) -> None:
        """Redraw the turn on screen after an inject or a change of fog."""
        from .screens.facilitator import Dashboard
        from .screens.play import TurnScreen

        screen = self.screen
        if isinstance(screen, TurnScreen) and not screen.resolving and not screen.submitted:
            screen.game = self.game
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
        version = self.table.version()
        if version == self.seen_version:
            return
        self.seen_version = version
        self.hosted_changed(self.table.game())
