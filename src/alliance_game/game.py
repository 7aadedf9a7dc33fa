"""A game with its players: the one path every front end (CLI, scripts, simulator, UI) drives.

Humans choose through `choose`; computer seats are filled in by `advance`. Choices stay
hidden until both sides have chosen, and a side cannot choose twice in one turn. In
classroom play, sides are teams whose choices carry a rationale, and a facilitator can
fire injects or skip a turn; every facilitator action is kept with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NamedTuple

from . import policies, rules
from .lookup import index_of
from .scenario import SIDES, DecisionCard, Option, Scenario, Side
from .state import GameState

HUMAN = "human"
MOSCOW: Final = Side.MOSCOW  # compiled, a constant; read through the enum, a look-up
TEHRAN: Final = Side.TEHRAN


class SeatError(ValueError):
    """A seat names a player the scenario does not know."""


class Team(NamedTuple):
    """The people playing a side in class."""

    name: str
    members: tuple[str, ...] = ()


class Action(NamedTuple):
    """Something the facilitator did, when and why (`at`: ISO time, from the caller's clock)."""

    turn: int
    action: str
    """`inject`, `skip`, `pause`, `resume`, `extend`, `fog`, `clear` ..."""
    detail: str
    reason: str
    at: str


@dataclass
class Game:
    """A scenario, its current state, who plays each side, and the choices made so far this turn."""

    scenario: Scenario
    state: GameState
    seats: dict[Side, str]
    """Side -> `human`, a persona id, or `random`."""
    chosen: dict[Side, str] = field(default_factory=dict)
    pulled: dict[Side, str] = field(default_factory=dict)
    """Levers the humans will use with this turn's choices, hidden like the choices."""
    source: Path | None = None
    """The scenario's file, when it was loaded from one (saves record it)."""
    teams: dict[Side, Team] = field(default_factory=dict)
    rationales: dict[tuple[int, Side], str] = field(default_factory=dict)
    """(turn, side) -> the team's reason for its choice."""
    actions: list[Action] = field(default_factory=list)
    """The facilitator's actions, in order."""

    def __post_init__(self) -> None:
        # Not a field (so not compared or shown), and set here: mypyc does not give
        # `init=False` fields their defaults.
        self._opened: tuple[GameState, dict[Side, str]] | None = None
        """The state and seats `open_turn` last left: with both unchanged it has nothing
        to do."""

    @classmethod
    def new(
        cls, scenario: Scenario, seed: int, seats: dict[Side, str], source: Path | None = None
    ) -> Game:
        """Start a game; raise `SeatError` for an unknown player name."""
        for side, player in seats.items():
            if player != HUMAN and not policies.known(scenario, player):
                allowed = [HUMAN, *policies.names(scenario)]
                raise SeatError(
                    f"unknown player {player!r} for {side.value} (choose from {', '.join(allowed)})"
                )
        game = cls(scenario, rules.new_game(scenario, seed), dict(seats), source=source)
        game.open_turn()
        return game

    def open_turn(self) -> None:
        """Computer sides make their pledges for the turn, in the open, as it opens (they
        follow from the state, so saves need not record them). Does nothing twice."""
        state = self.state
        if state.ending is not None or not index_of(self.scenario).pledges:
            return
        opened = self._opened
        if opened is not None and opened[0] is state and opened[1] == self.seats:
            return
        scenario = self.scenario
        made = [
            (side, pledge_id)
            for side, player, partner in self._players()
            if player != HUMAN
            and state.pledge(side) is None
            and (pledge_id := policies.pledge_for(scenario, state, side, player, partner))
        ]
        if made:
            self.state = rules.pledges(scenario, state, tuple(made))
        self._opened = (self.state, dict(self.seats))

    def _players(self) -> tuple[tuple[Side, str, str], ...]:
        """Each side, in turn order, with its player and its partner's."""
        moscow, tehran = self.seats[MOSCOW], self.seats[TEHRAN]
        return ((MOSCOW, moscow, tehran), (TEHRAN, tehran, moscow))

    @property
    def over(self) -> bool:
        return self.state.over

    def card(self, side: Side) -> DecisionCard:
        """The card `side` faces this turn."""
        return rules.card(self.scenario, self.state, side)

    def shown(self, side: Side) -> list[Option]:
        """The options of `side`'s card in the order its player sees them."""
        return rules.shown(self.scenario, self.state, side)

    def take_over(self, sides: list[Side]) -> None:
        """Humans take over sides computer players had (continuing a computer-only save)."""
        for side in sides:
            self.seats[side] = HUMAN

    def waiting_on(self) -> list[Side]:
        """Human sides that have not chosen yet this turn."""
        if self.over:
            return []
        return [s for s in SIDES if self.seats[s] == HUMAN and s not in self.chosen]

    def choose(self, side: Side, option_id: str, rationale: str = "") -> None:
        """Record a human side's choice (and why), kept hidden until the turn resolves."""
        if side in self.chosen:
            raise rules.IllegalMove(f"turn {self.state.turn}: {side.value} has already chosen")
        rules.check_choice(self.scenario, self.state, side, option_id)
        self.chosen[side] = option_id
        if rationale.strip():
            self.rationales[(self.state.turn, side)] = rationale.strip()

    def pledge(self, side: Side, pledge_id: str) -> None:
        """A human side's pledge for this turn, made in the open before the choices."""
        if self.seats[side] != HUMAN:
            raise rules.IllegalMove(f"{side.value} is played by the computer")
        if side in self.chosen:
            raise rules.IllegalMove(f"turn {self.state.turn}: {side.value} has already chosen")
        self.state = rules.pledge(self.scenario, self.state, side, pledge_id)

    def pull(self, side: Side, lever_id: str) -> None:
        """A human side will use one of its levers with this turn's choice (kept hidden
        until the turn resolves); pulling another replaces it."""
        rules.check_lever(self.scenario, self.state, side, lever_id)
        self.pulled[side] = lever_id

    def release(self, side: Side) -> None:
        """The side will not use a lever this turn after all."""
        self.pulled.pop(side, None)

    def inject(self, ref: str, reason: str, at: str = "") -> None:
        """The facilitator fires an inject (or a scenario event) now."""
        self.state = rules.inject(self.scenario, self.state, ref)
        self.actions.append(Action(self.state.turn, "inject", ref, reason, at))

    def skip(self, reason: str, at: str = "") -> None:
        """The facilitator lets this turn pass without decisions (any choice made is void)."""
        turn = self.state.turn
        self.state = rules.skip_turn(self.scenario, self.state)
        self.chosen, self.pulled = {}, {}
        for side in SIDES:
            self.rationales.pop((turn, side), None)
        self.actions.append(Action(turn, "skip", "", reason, at))
        self.open_turn()

    def note(self, action: str, detail: str, reason: str, at: str = "") -> None:
        """Keep a facilitator action that does not change the game (pause, fog, timer)."""
        self.actions.append(Action(self.state.turn, action, detail, reason, at))

    def advance(self) -> GameState:
        """Fill in the computer sides (choices and levers) and resolve the turn; every human
        must have chosen."""
        waiting = self.waiting_on()
        if waiting:
            names = ", ".join(s.value for s in waiting)
            raise rules.IllegalMove(f"turn {self.state.turn}: still waiting for {names}")
        self.open_turn()
        choices, levers = dict(self.chosen), dict(self.pulled)
        for side, player, partner in self._players():
            if player == HUMAN:
                continue
            if side not in choices:
                choices[side] = policies.choose(self.scenario, self.state, side, player, partner)
            lever = policies.lever_for(
                self.scenario, self.state, side, player, partner, choices[side]
            )
            if lever and side not in levers:
                levers[side] = lever
        self.state = rules.play_turn(self.scenario, self.state, choices, levers)
        self.chosen, self.pulled = {}, {}
        self.open_turn()
        return self.state
