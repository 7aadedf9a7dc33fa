"""A plain line-by-line game in the terminal: the same `Game` the other front ends drive."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from typing import TextIO

from . import transcript
from .game import HUMAN, Game
from .scenario import Scenario, Side
from .state import GameState, Kind

CLEAR = "\033[2J\033[H"
Write = Callable[[str], object]


class _Quit(Exception):
    pass


def play(
    scenario: Scenario,
    side: str,
    persona: str,
    seed: int | None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    """Play interactively on standard input and output; returns the exit code."""
    seed = random.SystemRandom().randrange(1_000_000) if seed is None else seed
    humans = list(Side) if side == "both" else [Side(side)]
    seats = {s: HUMAN if s in humans else persona for s in Side}
    game = Game.new(scenario, seed, seats)
    out = stdout.write
    out(f"{scenario.title}\n{scenario.summary}\nSeed {seed}. Type q at any prompt to quit.\n")
    try:
        for s in humans:
            _briefing(game, s, out)
            _ask(stdin, out, "Press Enter to begin. ")
        while not game.over:
            _turn(game, humans, stdin, out)
    except _Quit:
        out(f"\nGame left at turn {game.state.turn}. Replay it with --seed {seed}.\n")
        return 0
    out("\n".join(transcript.ending_lines(scenario, game.state)) + "\n")
    return 0


def _briefing(game: Game, side: Side, out: Write) -> None:
    brief = game.scenario.sides[side]
    meters = game.scenario.lookup.meters
    out(f"\n== Briefing: {brief.name} ({brief.country}) ==\n{brief.briefing}\nGoals:\n")
    out("".join(f"  - {g}\n" for g in brief.goals))
    out("Your interests: " + ", ".join(meters[m].label for m in brief.interests) + "\n")


def _turn(game: Game, humans: list[Side], stdin: TextIO, out: Write) -> None:
    state = game.state
    scenario = game.scenario
    turn = state.turn
    out(
        f"\n== Turn {turn} of {scenario.calendar.turns} · {scenario.calendar.labels[turn - 1]} ==\n"
    )
    for entry in state.log:
        if entry.turn == turn and entry.kind in (Kind.EVENT, Kind.PRESSURE, Kind.LASTING):
            out(f"  {transcript.PREFIX[entry.kind]:<9} {transcript.entry_text(scenario, entry)}\n")
    out(_meters(scenario, state))
    out(f"Outlook: {transcript.outlook_text(scenario, state.outlook)}\n")
    for side in humans:
        if len(humans) > 1:
            out(CLEAR + f"{scenario.sides[side].name}'s decision. The other side looks away.\n")
            _ask(stdin, out, "Press Enter when ready. ")
        game.choose(side, _decide(game, side, stdin, out))
    if len(humans) > 1:
        out(CLEAR)
    game.advance()
    out(f"\n-- What happened in {scenario.calendar.labels[turn - 1]} --\n")
    for entry in game.state.log:
        if entry.turn == turn and entry.kind in (Kind.CHOICE, Kind.JOINT, Kind.THRESHOLD):
            out(f"  {transcript.entry_text(scenario, entry)}\n")
    record = game.state.history[-1]
    out(f"Outlook: {transcript.outlook_text(scenario, record.outlook, state.outlook)}\n")


def _meters(scenario: Scenario, state: GameState) -> str:
    rows = [f"  {m.label:<34} {state.meters[m.id]:>3}" for m in scenario.meters]
    return "Meters:\n" + "\n".join(rows) + "\n"


def _decide(game: Game, side: Side, stdin: TextIO, out: Write) -> str:
    card = game.card(side)
    out(f"\n{game.scenario.sides[side].name}: {card.title} [{card.domain.value}]\n{card.prompt}\n")
    for n, option in enumerate(card.options, 1):
        hint = (
            f" ({option.hint})"
            if option.hint and game.scenario.rules.reveal.value != "hidden"
            else ""
        )
        out(f"  {n}) {option.label}: {option.text}{hint}\n")
    while True:
        answer = _ask(stdin, out, f"Choose 1-{len(card.options)}: ")
        if answer.isdigit() and 1 <= int(answer) <= len(card.options):
            return card.options[int(answer) - 1].id
        out(f"Please type a number from 1 to {len(card.options)}, or q to quit.\n")


def _ask(stdin: TextIO, out: Write, prompt: str) -> str:
    out(prompt)
    line = stdin.readline()
    if not line or line.strip().lower() in ("q", "quit"):
        raise _Quit
    return line.strip()
