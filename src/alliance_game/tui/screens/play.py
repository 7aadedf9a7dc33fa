"""The screens of a game in progress: briefing, handoff, the turn, resolution."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from ... import rules, transcript
from ...game import Game
from ...scenario import Option as OptionCard
from ...scenario import Scenario, Side
from ...state import GameState, Kind, Reading
from ..widgets.footer import KeyFooter
from ..widgets.meters import MeterPanel
from ..widgets.outlook import OutlookPanel
from ..widgets.sidebar import Sidebar
from ..widgets.stakes import StakesPanel
from .dialogs import Pick, TextPage, bulleted


def bullets(lines: Iterable[str]) -> RenderableType:
    """Lines as a bulleted block, each wrapping clear of its bullet."""
    return bulleted([("", list(lines))], indent=0)


def turn_heading(scenario: Scenario, state: GameState) -> str:
    """`Turn 3 of 12 · Spring 2022`."""
    label = scenario.calendar.labels[state.turn - 1]
    return f"Turn {state.turn} of {scenario.calendar.turns} · {label}"


def who_plays(game: Game, side: Side) -> str:
    """`Moscow`, or in class `Red team (Moscow)`."""
    name = game.scenario.sides[side].name
    team = game.teams.get(side)
    return f"{team.name} ({name})" if team else name


class SideScreen(Screen[None]):
    """A screen about one side of a game."""

    def __init__(self, game: Game, side: Side) -> None:
        super().__init__()
        self.game, self.side = game, side

    @property
    def who(self) -> str:
        return who_plays(self.game, self.side)


class BriefingScreen(SideScreen):
    """One side's situation, goals and the meters that matter to it, with its sources."""

    BINDINGS = [Binding("enter", "go", "Begin")]

    def compose(self) -> ComposeResult:
        scenario = self.game.scenario
        brief = scenario.sides[self.side]
        meters = scenario.lookup.meters
        yield Header()
        with VerticalScroll(classes="page"):
            team = self.game.teams.get(self.side)
            heading = f"{brief.name} ({brief.country})"
            yield Label(
                f"Briefing for {team.name}: {heading}" if team else f"Briefing: {heading}",
                classes="heading",
            )
            yield Static(brief.briefing, classes="para")
            yield Label("Goals", classes="subheading")
            yield Static(bullets(brief.goals), classes="para")
            yield Label("Your interests (they make up your score)", classes="subheading")
            described = (f"{meters[m].label}: {meters[m].description}" for m in brief.interests)
            yield Static(bullets(described), classes="para")
            yield Label("The partnership", classes="subheading")
            shared = (f"{meters[m].label}: {meters[m].description}" for m in scenario.outlook.index)
            yield Static(bullets(shared), classes="para")
            yield Label("What you play for", classes="subheading")
            yield Static(
                "Your final score: how far your interests move from where they stand now, "
                "plus what the ending is worth to you, plus your secret agenda if you meet "
                "it. The other side plays for its own.",
                classes="para",
            )
            state = self.game.state
            worth = (
                f"What each ending is worth to you: {transcript.worth_text(scenario, self.side)}"
            )
            agenda = transcript.agenda_brief(scenario, state, self.side)
            yield Static(bullets([worth, *([agenda] if agenda else [])]), classes="para")
            if brief.sources:
                yield Label("Sources", classes="subheading")
                cited = (transcript.citation_text(scenario, c) for c in brief.sources)
                yield Static(bullets(cited), classes="para sources")
            yield Label("Press Enter to begin.", classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Briefing for {self.game.scenario.sides[self.side].name}"

    def action_go(self) -> None:
        self.app.briefed(self.side)


class HandoffScreen(SideScreen):
    """Hotseat: pass the keyboard; nothing of the other side's choice is on screen."""

    BINDINGS = [Binding("enter", "go", "Ready")]

    def compose(self) -> ComposeResult:
        name = self.who
        other = self.game.scenario.sides[self.side.other].name
        waiting = "has chosen" if self.side.other in self.game.chosen else "chooses next"
        yield Header()
        with Vertical(classes="handoff"):
            yield Label(f"Pass the keyboard to {name}", classes="heading")
            yield Static(f"{other} {waiting}; its choice stays hidden until both have decided.")
            yield Label(
                f"{name}: press Enter when the other player has looked away.", classes="hint"
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = turn_heading(self.game.scenario, self.game.state)

    def action_go(self) -> None:
        self.app.show_turn(self.side)


class PledgeScreen(Screen[None]):
    """Hotseat: before the secret choices, each side may make a pledge, in the open, with
    both players watching."""

    def __init__(self, game: Game, sides: list[Side]) -> None:
        super().__init__()
        self.game, self.sides, self.at = game, sides, 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="page"):
            yield Label(id="pledge-title", classes="heading")
            yield Static(
                "A pledge is a promise the other side sees before it chooses. Keeping it earns "
                "trust; breaking it costs more, and is remembered. Both players may watch.",
                classes="para",
            )
            yield Static(id="pledges-made", classes="para")
            yield OptionList(id="pledge-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = turn_heading(self.game.scenario, self.game.state)
        self.show()

    def show(self) -> None:
        scenario, side = self.game.scenario, self.sides[self.at]
        self.query_one("#pledge-title", Label).update(
            f"Pledges in the open: {scenario.sides[side].name}"
        )
        made = [
            transcript.entry_text(scenario, e)
            for e in self.game.state.log
            if e.turn == self.game.state.turn and e.kind is Kind.PLEDGE
        ]
        self.query_one("#pledges-made", Static).update("\n".join(made))
        choices = self.query_one("#pledge-list", OptionList)
        choices.clear_options()
        choices.add_options(
            [
                Option(transcript.pledge_text(scenario, self.game.state, side, p.id), id=p.id)
                for p in scenario.pledges
            ]
        )
        choices.add_option(Option("No pledge this season", id="none"))
        choices.highlighted = len(scenario.pledges)
        choices.focus()

    @on(OptionList.OptionSelected, "#pledge-list")
    def pledged(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != "none":
            self.app.make_pledge(self.sides[self.at], event.option.id)
            self.game = self.app.game or self.game
        self.at += 1
        if self.at < len(self.sides):
            self.show()
        else:
            self.app.next_decision()


class Narrowable(Screen[None]):
    """A screen that drops its meter sidebar for a two-line status when the terminal is too
    small for both the sidebar and the decision; `m` brings the sidebar back."""

    NARROW = 100
    SHORT = 30

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < self.NARROW or event.size.height < self.SHORT
        if small != self.has_class("narrow"):
            self.set_class(small, "narrow")
            self.narrowed()

    def narrowed(self) -> None:
        """Redraw what reads differently on a small terminal."""

    def action_meters(self) -> None:
        """Show or hide the full sidebar on a small terminal."""
        self.toggle_class("show-sidebar")


class TurnScreen(Narrowable):
    """One side's view of a turn: news, meters, outlook and the decision card, and then,
    in place, the resolution: what both sides chose, what moved, how the outlook shifted.

    Swapping the two views inside one screen (rather than switching screens) keeps the
    step from a choice to its outcome quick.
    """

    BINDINGS = [
        Binding("1", "pick(0)", "Option 1", show=False),
        Binding("2", "pick(1)", "Option 2", show=False),
        Binding("3", "pick(2)", "Option 3", show=False),
        Binding("4", "pick(3)", "Option 4", show=False),
        Binding("enter", "go_on", "Continue", show=False),
        Binding("w", "why", "Why"),
        Binding("h", "history", "History"),
        Binding("m", "meters", "Meters"),
        Binding("p", "pledge", "Pledge"),
        Binding("l", "lever", "Lever"),
    ]

    def __init__(
        self,
        game: Game,
        side: Side,
        seen: dict[str, int],
        resolved_from: GameState | None = None,
    ) -> None:
        super().__init__()
        self.game, self.side, self.seen = game, side, seen
        self.resolved_from = resolved_from
        """Open on the outcome of the turn this state was waiting on (a skipped turn)."""
        self.submitted = False
        self.resolving = False
        self.heading = ""
        self.whose = ""
        """After the heading: the side deciding (left out on a small terminal, where the
        card's title names it), or `what happened`."""
        self.lever = ""
        """The lever this side will use with its choice, if any."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="turn-body"):
            yield Sidebar(stakes=True, id="sidebar")
            with Vertical(id="main"):
                yield Static(id="turn-status")
                with Vertical(id="decision"):
                    with VerticalScroll(id="news"):
                        yield Static(id="news-text")
                    yield Label(id="card-title")
                    yield Static(id="card-prompt")
                    yield Static(id="promises")
                    yield OptionList(id="options")
                with VerticalScroll(id="outcome"):
                    yield Static(id="outcome-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.resolved_from is not None:
            self.show_resolution(self.resolved_from)
        else:
            self.show_turn()
        if self.app.timer_now() is not None:
            self.set_interval(1, self.tick)

    def tick(self) -> None:
        """The title: the timer first (so that a narrow header never cuts it), then the
        turn; once a second while there is a timer."""
        whose = self.whose if self.resolving or not self.has_class("narrow") else ""
        parts = (self.app.timer_text(), self.heading, whose)
        self.sub_title = " · ".join(part for part in parts if part)

    def show_turn(self) -> None:
        """Draw this side's decision for the current turn."""
        game, scenario, state = self.game, self.game.scenario, self.game.state
        if self.submitted or self.resolving:
            self.lever = ""  # a new turn: no lever stands ready yet
        self.submitted = self.resolving = False
        self.heading, self.whose = turn_heading(scenario, state), scenario.sides[self.side].name
        self.tick()
        self.show_situation()
        card = game.card(self.side)
        domain = transcript.domain_text(card.domain)
        self.query_one("#card-title", Label).update(
            f"{scenario.sides[self.side].name} decides: {card.title} [{domain}]"
        )
        self.query_one("#card-prompt", Static).update(card.prompt)
        self.show_promises()
        options = self.query_one("#options", OptionList)
        options.clear_options()
        options.add_options(self._option(n, o) for n, o in enumerate(game.shown(self.side), 1))
        options.disabled = False
        options.highlighted = 0
        self.query_one("#decision").display = True
        self.query_one("#outcome").display = False
        options.focus()
        if self.side in game.chosen:  # a team's screen, reopened after it chose
            self.waiting()
        else:
            self.app.decision_shown()

    def show_situation(self) -> None:
        """The meters, outlook (unless fogged), stakes, status and news as they stand now:
        also redrawn on a team's screen that has chosen, after an inject or a change of fog."""
        scenario, state = self.game.scenario, self.game.state
        self.query_one(MeterPanel).show(scenario, state.meters, self.seen, self.side)
        self._show_outlook(state.outlook)
        self.query_one(StakesPanel).show(scenario, state, self.side, secret=True)
        self._status(state, secret=True)
        self.query_one("#news-text", Static).update(self._news())

    def show_promises(self) -> None:
        """The pledges of the turn, the lever ready to use, and what this side may still do."""
        lines = transcript.promise_lines(
            self.game.scenario,
            self.game.state,
            self.side,
            self.lever,
            brief=self.has_class("narrow"),
            chosen=self.submitted,
        )
        promises = self.query_one("#promises", Static)
        promises.display = bool(lines)
        promises.update(Content.assemble(*((line + "\n", "italic") for line in lines)).rstrip())
        self.refresh_bindings()

    def narrowed(self) -> None:
        if self.is_mounted:
            self.show_promises()
            self.tick()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pledges and levers only while this side still decides, and only if it has any."""
        if action in ("pledge", "lever"):
            if self.resolving or self.submitted or self.game.over:
                return False
            scenario, state = self.game.scenario, self.game.state
            if action == "pledge":
                return bool(scenario.pledges) and state.pledge(self.side) is None
            return bool(rules.levers_open(scenario, state, self.side))
        return True

    def action_pledge(self) -> None:
        """Pick a pledge the other side will see before it chooses."""
        scenario, state = self.game.scenario, self.game.state
        items = [
            Option(transcript.pledge_text(scenario, state, self.side, p.id), id=p.id)
            for p in scenario.pledges
        ]
        items.append(Option("No pledge this season", id=""))
        self.app.push_screen(
            Pick(f"{who_plays(self.game, self.side)}: a pledge, made in the open", items),
            lambda pledge: self.app.make_pledge(self.side, pledge) if pledge else None,
        )

    def action_lever(self) -> None:
        """Pick a lever to use with this turn's choice (or none)."""
        scenario, state = self.game.scenario, self.game.state
        items = [
            Option(transcript.lever_text(scenario, lever.id, left), id=lever.id)
            for lever, left in rules.levers_open(scenario, state, self.side)
        ]
        items.append(Option("Use no lever this season", id="none"))
        heading = f"{who_plays(self.game, self.side)}: use a lever with your choice?"
        self.app.push_screen(Pick(heading, items), self.ready)

    def ready(self, lever: str | None) -> None:
        """The lever picked (or `none`) stands ready for this turn's choice."""
        if lever is not None:
            self.lever = "" if lever == "none" else lever
            self.show_promises()

    def _show_outlook(self, reading: Reading, before: Reading | None = None) -> None:
        """The outlook panel, unless the facilitator hides it from the teams (fog)."""
        panel = self.query_one(OutlookPanel)
        panel.display = not self.app.fogged
        panel.show(self.game.scenario, reading, before)

    def waiting(self) -> None:
        """This side has chosen in a hosted game: wait for the other team."""
        self.submitted = True
        self.show_promises()  # too late to pledge or use a lever
        options = self.query_one("#options", OptionList)
        options.disabled = True
        other = self.game.scenario.sides[self.side.other].name
        self.query_one("#card-prompt", Static).update(
            Content.assemble(
                (f"Your choice is in. Waiting for {other} to decide", "bold"),
                " (its choice stays hidden until both are in).",
            )
        )

    def reopen(self) -> None:
        """Let the side choose again (the rationale prompt was cancelled, or refused)."""
        self.submitted = False
        options = self.query_one("#options", OptionList)
        options.disabled = False
        options.focus()

    def show_resolution(self, before: GameState) -> None:
        """Draw what happened in the turn that `before` was waiting on."""
        scenario, state = self.game.scenario, self.game.state
        record = state.history[-1]
        self.resolving = True
        self.heading, self.whose = turn_heading(scenario, before), "what happened"
        self.tick()
        self.query_one(MeterPanel).show(scenario, record.meters, before.meters, self.side)
        self._show_outlook(record.outlook, before.outlook)
        # Both players watch a hotseat outcome; a team's own screen is its own.
        hotseat = all(self.game.seats[s] == "human" for s in (Side.MOSCOW, Side.TEHRAN))
        shared = hotseat and not self.app.team_screen
        # The score and status as the turn left them, not as the next turn's news moved them.
        resolved = state.resolved()
        self.query_one(StakesPanel).show(scenario, resolved, self.side, secret=not shared)
        self._status(resolved, secret=not shared)
        self.query_one("#outcome-text", Static).update(
            outcome(scenario, state, before, fog=self.app.fogged)
        )
        self.query_one("#decision").display = False
        outcome_view = self.query_one("#outcome")
        outcome_view.display = True
        outcome_view.scroll_home(animate=False)
        outcome_view.focus()

    def _status(self, state: GameState, secret: bool) -> None:
        """The two-line summary that stands in for the sidebar on a small terminal."""
        lines = transcript.status_lines(
            self.game.scenario, state, self.side, secret, outlook_shown=not self.app.fogged
        )
        self.query_one("#turn-status", Static).update("\n".join(lines))

    def _news(self) -> Content:
        scenario, state = self.game.scenario, self.game.state
        # Pledges stand on their own line beside the card (#promises), not in the news.
        entries = [e for e in transcript.news(state) if e.kind is not Kind.PLEDGE]
        if not entries:
            return Content.assemble(("A quiet season: no news moved the meters.", "italic"))
        parts: list[str | tuple[str, str]] = []
        for entry in entries:
            parts += [
                (f"{transcript.PREFIX[entry.kind]}: ", "bold"),
                transcript.entry_text(scenario, entry, not self.app.fogged, brief=True) + "\n",
            ]
        return Content.assemble(*parts)

    def _option(self, n: int, option: OptionCard) -> Option:
        """An option as its key, then its label, text and hint in a column of their own, so
        that wrapped lines stay clear of the key."""
        text = Text.assemble((option.label, "bold"), "\n", option.text)
        seen = transcript.reveal_text(self.game.scenario, option)
        if seen:
            text.append(f"\n{seen}", "italic")
        grid = Table.grid(padding=(0, 2, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(str(n), "bold"), text)
        return Option(grid, id=option.id)

    def action_pick(self, index: int) -> None:
        options = self.query_one("#options", OptionList)
        if not self.resolving and index < options.option_count:
            self._submit(options.get_option_at_index(index).id)

    @on(OptionList.OptionSelected, "#options")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self._submit(event.option.id)

    def _submit(self, option_id: str | None) -> None:
        if self.submitted or self.resolving or option_id is None:
            return  # a choice is submitted once, however fast the keys come
        self.submitted = True
        self.query_one("#options", OptionList).disabled = True
        self.refresh_bindings()
        self.app.submit(self.side, option_id, self.lever)

    def action_go_on(self) -> None:
        if self.resolving:
            self.app.after_resolution()

    def action_history(self) -> None:
        self.app.action_history()

    def action_why(self) -> None:
        """What moves the meters, what is within reach, and the stories under way: all of
        it public, so the same on either side's screen."""
        sections = transcript.why_sections(self.game.scenario, self.game.state)
        self.app.push_screen(TextPage("Why the meters move", bulleted(sections)))


def outcome(scenario: Scenario, state: GameState, before: GameState, fog: bool = False) -> Content:
    """What both sides chose, every consequence in order, and the outlook's shift (unless
    the facilitator hides the outlook)."""
    turn = before.turn
    record = state.history[-1]
    parts: list[str | tuple[str, str]] = [
        (f"What happened in {scenario.calendar.labels[turn - 1]}\n\n", "bold $accent")
    ]
    for side in (Side.MOSCOW, Side.TEHRAN):
        chosen = record.choice(side)
        if chosen is None:
            continue  # a skipped turn: the log below says so
        option = scenario.lookup.options[chosen]
        card = scenario.lookup.card_of_option[chosen]
        parts += [
            (f"{scenario.sides[side].name}: {card.title}\n", "bold"),
            f"Chose: {option.label}. {option.text}\n\n",
        ]
    for entry in state.log:
        if entry.turn == turn and entry.kind in transcript.RESOLUTION:
            parts.append(transcript.entry_text(scenario, entry, not fog) + "\n\n")
    if not fog:
        shift = transcript.outlook_text(scenario, record.outlook, before.outlook)
        parts.append((f"Outlook: {shift}\n\n", "bold"))
    parts.append(("Press Enter to continue.", "italic $text-muted"))
    return Content.assemble(*parts)
