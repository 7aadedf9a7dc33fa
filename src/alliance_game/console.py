"""A plain line-by-line game in the terminal: the same `Game` the other front ends drive."""

from __future__ import annotations

import random
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TextIO

from . import debrief, rules, saves, transcript
from .game import HUMAN, Game
from .scenario import SIDES, Owner, Scenario, Side
from .state import GameState

CLEAR = "\033[2J\033[H"


class _Quit(Exception):
    pass


def play(
    scenario: Scenario,
    side: str,
    persona: str,
    seed: int | None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    game: Game | None = None,
    saves_dir: Path | None = None,
    source: Path | None = None,
    loaded: Path | None = None,
) -> int:
    """Play interactively on standard input and output (a new game, or `game` continued,
    read from `loaded`). With `saves_dir`, every turn is autosaved there, in the game's own
    autosave."""
    if game is None:
        seed = random.SystemRandom().randrange(1_000_000) if seed is None else seed
        humans = list(SIDES) if side == "both" else [Side(side)]
        seats = {s: HUMAN if s in humans else persona for s in SIDES}
        game = Game.new(scenario, seed, seats, source)
    autosave = saves.Autosave.of(saves_dir, game, loaded) if saves_dir is not None else None
    scenario, seed = game.scenario, game.state.seed
    humans = [s for s in SIDES if game.seats[s] == HUMAN]
    page = _Page(stdout)
    page.say(scenario.title)
    page.say(scenario.summary)
    page.say(f"Seed {seed}. Type the number of your choice; q at any prompt quits.")
    try:
        for s in humans if not game.state.history else []:
            _briefing(game, s, page)
            _ask(stdin, page, "Press Enter to begin. ")
        seen = dict(game.state.meters)
        while not game.over:
            seen = _turn(game, humans, seen, stdin, page)
            problem = autosave.keep(game) if autosave else ""
            if problem:
                page.say(f"(Could not autosave: {problem})")
    except _Quit:
        page.say(f"\nGame left at turn {game.state.turn}. Replay it with --seed {seed}.")
        if autosave is not None:
            page.say(autosave.promise(game))
            if autosave.keeper is not None:
                # Not wrapped: a command to copy must stay on one line.
                page.write(
                    f"Take it up again: alliance-game play --plain --load {autosave.keeper}\n"
                )
        return 0
    points = debrief.turning_points(scenario, game.state, game.seats, game.actions)
    for line in transcript.ending_lines(scenario, game.state, points):
        page.say(line, indent="    " if line.startswith("  ") else "")
    if scenario.discussion:
        page.say("\nQuestions for discussion:")
        for question in scenario.discussion:
            page.say(f"  - {question}", indent="    ")
    return 0


class _Page:
    """Writes text wrapped to the terminal's width."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.width = max(60, min(100, shutil.get_terminal_size((80, 24)).columns - 1))

    def say(self, text: str, indent: str = "") -> None:
        for paragraph in text.split("\n"):
            wrapped = textwrap.fill(paragraph, self.width, subsequent_indent=indent)
            self.stream.write(wrapped + "\n")

    def write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def _briefing(game: Game, side: Side, page: _Page) -> None:
    brief = game.scenario.sides[side]
    meters = game.scenario.lookup.meters
    page.say(f"\n== Briefing: {brief.name} ({brief.country}) ==")
    page.say(brief.briefing)
    page.say("Goals:")
    for goal in brief.goals:
        page.say(f"  - {goal}", indent="    ")
    page.say("Your interests: " + ", ".join(meters[m].label for m in brief.interests))
    page.say(f"What each ending is worth to you: {transcript.worth_text(game.scenario, side)}")
    agenda = transcript.agenda_brief(game.scenario, game.state, side)
    if agenda:
        page.say(agenda, indent="    ")


def _turn(
    game: Game, humans: list[Side], seen: dict[str, int], stdin: TextIO, page: _Page
) -> dict[str, int]:
    """Play one turn; return the meters as the player last saw them."""
    state, scenario = game.state, game.scenario
    turn = state.turn
    label = scenario.calendar.labels[turn - 1]
    page.say(f"\n== Turn {turn} of {scenario.calendar.turns} · {label} ==")
    for entry in transcript.news(state):
        text = transcript.entry_text(scenario, entry, brief=True)
        page.say(f"{transcript.PREFIX[entry.kind]}: {text}", "    ")
    _meters(scenario, state, seen, page)
    page.say(f"Outlook: {transcript.outlook_text(scenario, state.outlook)}", "    ")
    for heading, lines in transcript.why_sections(scenario, state):
        page.say(f"{heading}:")
        for line in lines:
            page.say(f"  - {line}", "    ")
    for side in humans if scenario.pledges else []:  # pledges are made in the open
        _pledge(game, side, stdin, page)
    for side in humans:
        if len(humans) > 1:
            page.write(CLEAR)
            page.say(f"{scenario.sides[side].name}'s decision. The other side looks away.")
            _ask(stdin, page, "Press Enter when ready. ")
        option = _decide(game, side, stdin, page)
        lever = _lever(game, side, stdin, page)
        if lever:
            game.pull(side, lever)
        game.choose(side, option)
    if len(humans) > 1:
        page.write(CLEAR)
    game.advance()
    page.say(f"\n-- What happened in {label} --")
    for entry in game.state.log:
        if entry.turn == turn and entry.kind in transcript.RESOLUTION:
            page.say(f"  {transcript.entry_text(scenario, entry)}", "    ")
    record = game.state.history[-1]
    page.say(f"Outlook: {transcript.outlook_text(scenario, record.outlook, state.outlook)}", "    ")
    return dict(state.meters)


def _meters(scenario: Scenario, state: GameState, seen: dict[str, int], page: _Page) -> None:
    """The meters grouped by owner, with a bar and the change since the last decision."""
    for owner in (Owner.SHARED, Owner.MOSCOW, Owner.TEHRAN, Owner.WORLD):
        group = [m for m in scenario.meters if m.owner is owner]
        if not group:
            continue
        page.say(f"{OWNER_TITLE[owner]}:")
        for m in group:
            value = state.meters[m.id]
            filled = round(20 * (value - m.min) / (m.max - m.min))
            moved = value - seen[m.id]
            change = f" ({moved:+d})" if moved else ""
            page.say(f"  {m.label:<30} {'#' * filled}{'.' * (20 - filled)} {value:>3}{change}")


OWNER_TITLE = {
    Owner.SHARED: "The partnership",
    Owner.MOSCOW: "Moscow's interests",
    Owner.TEHRAN: "Tehran's interests",
    Owner.WORLD: "The world",
}


def _decide(game: Game, side: Side, stdin: TextIO, page: _Page) -> str:
    scenario = game.scenario
    card, options = game.card(side), game.shown(side)
    for line in transcript.stakes_lines(scenario, game.state, side):
        page.say(line, indent="    ")
    page.say(f"\n{scenario.sides[side].name}: {card.title} [{transcript.domain_text(card.domain)}]")
    page.say(card.prompt)
    for n, option in enumerate(options, 1):
        seen = transcript.reveal_text(scenario, option)
        page.say(f"  {n}) {option.label}: {option.text}{f' ({seen})' if seen else ''}", "     ")
    while True:
        answer = _ask(stdin, page, f"Choose 1-{len(options)}: ")
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1].id
        page.say(f"Please type a number from 1 to {len(options)}, or q to quit.")


def _pick(stdin: TextIO, page: _Page, items: list[str], prompt: str) -> int:
    """A number from 0 (none, or just Enter) to len(items); the items are listed from 1."""
    for n, item in enumerate(items, 1):
        page.say(f"  {n}) {item}", "     ")
    while True:
        answer = _ask(stdin, page, prompt)
        if not answer:
            return 0
        if answer.isdigit() and 0 <= int(answer) <= len(items):
            return int(answer)
        page.say(f"Please type a number from 0 to {len(items)}, or q to quit.")


def _pledge(game: Game, side: Side, stdin: TextIO, page: _Page) -> None:
    """A human side may pledge, in the open, before the secret choices."""
    scenario = game.scenario
    page.say(f"\n{scenario.sides[side].name}: a pledge the other side will see (Enter for none).")
    pledges = scenario.pledges
    items = [transcript.pledge_text(scenario, game.state, side, p.id) for p in pledges]
    n = _pick(stdin, page, items, "Pledge: ")
    if n:
        game.pledge(side, pledges[n - 1].id)
        page.say(f"  {scenario.sides[side].name} pledges: {pledges[n - 1].label}.")


def _lever(game: Game, side: Side, stdin: TextIO, page: _Page) -> str:
    """A lever the side uses with its choice ('' for none)."""
    open_levers = rules.levers_open(game.scenario, game.state, side)
    if not open_levers:
        return ""
    page.say("Use a lever with your choice? (Enter for none)")
    items = [transcript.lever_text(game.scenario, lever.id, left) for lever, left in open_levers]
    n = _pick(stdin, page, items, "Lever: ")
    return open_levers[n - 1][0].id if n else ""


def _ask(stdin: TextIO, page: _Page, prompt: str) -> str:
    page.write(prompt)
    line = stdin.readline()
    if not line or line.strip().lower() in ("q", "quit"):
        raise _Quit
    return line.strip()
