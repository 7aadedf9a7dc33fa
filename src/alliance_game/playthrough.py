"""Scripted playthroughs: a YAML script names a scenario, a seed and each side's play.

    scenario: default            # an installed id, or a path relative to the script
    seed: 7
    moscow: {persona: pragmatist}
    tehran:
      choices: [ir_oil_hold, ir_militia_restrain, ...]   # one option id per turn
      pledges: {2: no_undercut}  # optional: turn -> the pledge made as that turn opens
      levers: {5: ir_lever_restrain}   # optional: turn -> a lever used beside the choice
    expect:                      # optional
      end_state: pragmatic
      meters: {trust: {min: 40}}

A side given `choices` plays them turn by turn; when they run out before the game ends,
the script stops there and the game is left in progress.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, model_validator

from . import loader, outlook, policies, regularfile, yamlsafe
from .game import Game
from .loader import Problem
from .scenario import Bound, Id, Scenario, Side, Strict
from .state import GameState


class SidePlan(Strict):
    """How one side is played: a list of option ids, one per turn (with any pledges and
    levers, by turn), or a computer player."""

    choices: list[Id] | None = None
    pledges: dict[Annotated[int, Field(ge=1)], Id] = {}
    levers: dict[Annotated[int, Field(ge=1)], Id] = {}
    persona: str | None = None
    """A computer player: a persona id from the scenario, a fixed policy (`cooperate`,
    `hedge`, `compete`, `tit-for-tat`), `random`, `strategist` or `aim:END_STATE`."""

    @model_validator(mode="after")
    def _one_of(self) -> SidePlan:
        if (self.choices is None) == (self.persona is None):
            raise ValueError("give exactly one of 'choices' or 'persona'")
        if self.persona is not None and (self.pledges or self.levers):
            raise ValueError("a computer player makes its own pledges and levers")
        return self


class Within(Bound):
    """A range an expected value must lie in: at least one end, and `min` not above `max`
    (either mistake would make the expectation test nothing)."""

    @model_validator(mode="after")
    def _a_real_range(self) -> Within:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both (an empty range expects nothing)")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max}): nothing can pass")
        return self


class Expect(Strict):
    """What the script expects at its end; any miss makes `run` exit 1."""

    end_state: Id | None = None
    meters: dict[Id, Within] = {}
    scores: dict[Side, Within] = {}


class Script(Strict):
    """A scripted playthrough."""

    scenario: str = "default"
    seed: Annotated[int, Field(ge=0, strict=True)] = 0
    """A whole number (strict: `true` is not taken for 1)."""
    moscow: SidePlan
    tehran: SidePlan
    expect: Expect | None = None


class ScriptError(ValueError):
    """A script that cannot be played; `problems` holds one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class Result:
    """A played script: the game, and any expectations it missed."""

    game: Game
    failures: list[str]

    @property
    def state(self) -> GameState:
        return self.game.state


def load(path: str | Path) -> tuple[Script, Scenario]:
    """Read a script and the scenario it names."""
    path = Path(path)
    name = str(path)
    try:
        doc = yamlsafe.read(regularfile.read(path, yamlsafe.MAX_BYTES))
    except OSError as err:
        raise ScriptError([Problem(name, 0, 0, f"cannot read: {err.strerror}")]) from None
    except yamlsafe.YamlError as err:
        raise ScriptError([Problem(name, err.line, err.column, err.message)]) from None
    if not isinstance(doc.data, dict):
        raise ScriptError([Problem(name, 1, 1, "a script must be a mapping")])
    try:
        script = Script.model_validate(doc.data)
    except ValidationError as err:
        raise ScriptError(loader.pydantic_problems(err, doc, name, Script)) from None
    scenario = loader.load(scenario_path(script, path))
    problems = [
        Problem(name, *doc.locate(where, key=key), message)
        for where, key, message in _check(script, scenario)
    ]
    if problems:
        raise ScriptError(problems)
    return script, scenario


def scenario_path(script: Script, path: str | Path) -> Path:
    """The scenario file a script names: beside the script, else installed or by path."""
    relative = Path(path).parent / script.scenario
    # os.path: a name too long for the file system is not a file, not a traceback.
    return relative if os.path.isfile(relative) else loader.resolve(script.scenario)


def _check(script: Script, scenario: Scenario) -> list[tuple[tuple[str | int, ...], bool, str]]:
    found: list[tuple[tuple[str | int, ...], bool, str]] = []
    for side in Side:
        plan: SidePlan = getattr(script, side.value)
        if plan.persona is not None and not policies.known(scenario, plan.persona):
            players = ", ".join(policies.names(scenario))
            found.append(
                (
                    (side.value, "persona"),
                    False,
                    f"unknown persona {plan.persona!r} (choose from {players})",
                )
            )
        for i, option in enumerate(plan.choices or []):
            if option not in scenario.lookup.options:
                found.append(((side.value, "choices", i), False, f"unknown option id {option!r}"))
        found += _check_by_turn(side, "pledges", plan.pledges, scenario.lookup.pledges)
        found += _check_by_turn(side, "levers", plan.levers, scenario.lookup.levers)
    if script.expect:
        if script.expect.end_state and script.expect.end_state not in scenario.lookup.end_states:
            found.append(
                (("expect", "end_state"), False, f"unknown end state {script.expect.end_state!r}")
            )
        for meter in script.expect.meters:
            if meter not in scenario.lookup.meters:
                found.append((("expect", "meters", meter), True, f"unknown meter {meter!r}"))
    return found


def _check_by_turn(
    side: Side, key: str, by_turn: dict[int, str], known: Mapping[str, object]
) -> list[tuple[tuple[str | int, ...], bool, str]]:
    """Unknown pledge or lever ids in a side's plan."""
    choices = ", ".join(known) or "none in this scenario"
    return [
        ((side.value, key, turn), False, f"unknown {key[:-1]} id {ref!r} (choose from {choices})")
        for turn, ref in by_turn.items()
        if ref not in known
    ]


def play(script: Script, scenario: Scenario, name: str = "<script>") -> Result:
    """Play to the end of the game or of the choices; `ScriptError` on a bad choice."""
    plans = {side: getattr(script, side.value) for side in Side}
    seats = {
        side: "human" if plans[side].choices is not None else plans[side].persona for side in Side
    }
    game = Game.new(scenario, script.seed, seats)
    while not game.over:
        turn = game.state.turn
        if any(plans[s].choices is not None and len(plans[s].choices) < turn for s in Side):
            break
        for side in game.waiting_on():
            _play_side(game, plans[side], side, turn, name)
        game.advance()
    return Result(game, _failures(script, scenario, game.state))


def _play_side(game: Game, plan: SidePlan, side: Side, turn: int, name: str) -> None:
    """A scripted side's turn: its pledge, its choice and its lever, in that order."""
    steps: list[tuple[str, int, str | None, Callable[[Side, str], None]]] = [
        ("pledges", turn, plan.pledges.get(turn), game.pledge),
        ("choices", turn - 1, (plan.choices or [])[turn - 1], game.choose),
        ("levers", turn, plan.levers.get(turn), game.pull),
    ]
    for key, at, ref, act in steps:
        if ref is None:
            continue
        try:
            act(side, ref)
        except ValueError as err:
            raise ScriptError([Problem(name, 0, 0, f"{side.value} {key}[{at}]: {err}")]) from None


def _failures(script: Script, scenario: Scenario, state: GameState) -> list[str]:
    expect = script.expect
    if expect is None:
        return []
    failures = []
    if expect.end_state:
        got = state.ending.end_state if state.ending else "none (game in progress)"
        if got != expect.end_state:
            failures.append(f"expected end state {expect.end_state!r}, got {got!r}")
    for meter, bound in expect.meters.items():
        failures += _outside(meter, state.meters[meter], bound)
    for side, bound in expect.scores.items():
        failures += _outside(
            f"{side.value} score", outlook.score_now(scenario, state, side).total, bound
        )
    return failures


def _outside(name: str, value: int, bound: Bound) -> list[str]:
    if bound.min is not None and value < bound.min:
        return [f"expected {name} >= {bound.min}, got {value}"]
    if bound.max is not None and value > bound.max:
        return [f"expected {name} <= {bound.max}, got {value}"]
    return []
