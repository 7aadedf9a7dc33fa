"""The ending: end state, what it means, scores, turning points, the trend, the sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from ... import debrief, transcript
from ...game import Game
from ...scenario import Side
from ..widgets.chart import TrendChart
from ..widgets.footer import KeyFooter
from .play import bullets


class EndingScreen(Screen[None]):
    """How the partnership ended and how each capital fared."""

    BINDINGS = [
        Binding("ctrl+s", "app.save", "Save record"),
        Binding("e", "app.export_report", "Export report"),
        Binding("n", "app.play_again", "Play again"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        scenario, state = self.game.scenario, self.game.state
        ending = state.ending
        assert ending is not None
        end = scenario.lookup.end_states[ending.end_state]
        yield Header()
        with VerticalScroll(classes="page"):
            yield Label(end.title, id="end-title", classes="heading")
            how = transcript.ending_cause(scenario, ending)
            yield Label(f"The partnership ended {how}.", classes="hint")
            yield Static(end.narrative, classes="para")
            told = transcript.epilogue(scenario, state)
            if told:
                yield Label("In this game", classes="subheading")
                yield Static(bullets(told), classes="para")
            stories = transcript.story_lines(scenario, state)
            if stories:
                yield Label(transcript.STORIES, classes="subheading")
                yield Static(bullets(stories), classes="para")
            yield Label("What it means", classes="subheading")
            yield Static(bullets(end.implications), classes="para")
            yield Label("Final scores", classes="subheading")
            yield Static(transcript.SCORES_HEAD, classes="hint")
            scores = (
                f"{line} ({self._who(side)})"
                for side, line in zip(Side, transcript.score_lines(scenario, state), strict=True)
            )
            yield Static(
                bullets([*scores, *transcript.agenda_lines(scenario, state)]), classes="para"
            )
            points = debrief.turning_points(scenario, state, self.game.seats, self.game.actions)
            if points:
                yield Label("Turning points", classes="subheading")
                yield Static(
                    "Where another choice would most have changed the ending (the game "
                    "replayed, same seed, with that one choice changed):",
                    classes="hint",
                )
                turning = (transcript.turning_point_text(scenario, p) for p in points)
                yield Static(bullets(turning), classes="para")
            yield Label("Over the game", classes="subheading")
            yield TrendChart(scenario, state)
            yield Label("Sources", classes="subheading")
            cited = (transcript.citation_text(scenario, c) for c in end.sources)
            yield Static(bullets(cited), classes="para sources")
            if scenario.discussion:
                yield Label("Questions for discussion", classes="subheading")
                yield Static(bullets(scenario.discussion), classes="para")
            yield Label(
                "e exports the after-action report (for a debrief) · ctrl+s saves the record"
                " · n plays again · q quits",
                classes="hint",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"The end · {self.game.scenario.title}"

    def _who(self, side: Side) -> str:
        team = self.game.teams.get(side)
        return team.name if team else self.game.seats[side]
