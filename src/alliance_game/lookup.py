"""The tables the engine reads on every turn, built once per scenario from its models.

Compiled with the rest of the engine (`compiled.MODULES`): reading a table is then a
field of a native object, not a look-up in an instance's dictionary.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Final, TypeVar

from .dice import Weighted
from .scenario import (
    CompiledCondition,
    DecisionCard,
    Effect,
    Event,
    Gate,
    JointOutcome,
    Lever,
    MeterChanges,
    Option,
    Pressure,
    Scenario,
    Side,
    Threshold,
)
from .state import Changes, Reading

Gated = TypeVar("Gated", DecisionCard, Event, Pressure)
Places = dict[str, int]
"""Meter id -> its place among the scenario's meters, where a board keeps its level."""
Moves = tuple[tuple[int, int], ...]
"""Meter changes by place: (place of the meter, change), in the order written."""


def moves(changes: MeterChanges, places: Places) -> Moves:
    """Meter changes by place."""
    return tuple([(places[meter], delta) for meter, delta in changes])


class Act:
    """Consequences as a board applies them: under `ref`, the meter changes (by id, as
    the log keeps them, and by place), any lasting effect, the flags set and cleared."""

    __slots__ = ("changes", "clears", "lasting", "moves", "ref", "sets")

    def __init__(self, ref: str, effect: Effect, places: Places) -> None:
        changes, lasting, sets, clears = effect
        self.ref: Final = ref
        self.changes: Final = changes
        self.moves: Final = moves(changes, places)
        self.lasting: Final = lasting
        self.sets: Final = sets
        self.clears: Final = clears


class Check:
    """A condition as the turn tests it, its turns already known: the (place, min, max)
    bounds the meters must lie within, the flags it needs set and those it needs unset
    (tuples: compiled, a loop over a tuple is native, over a set it is not)."""

    __slots__ = ("bounds", "flagged", "forbidden", "needed")

    def __init__(self, gate: Gate, places: Places) -> None:
        bounds, needed, forbidden = gate
        self.bounds: Final = tuple([(places[m], low, high) for m, low, high in bounds])
        self.needed: Final = tuple(sorted(needed))
        self.forbidden: Final = tuple(sorted(forbidden))
        self.flagged: Final = bool(needed or forbidden)
        """Whether any flag counts (most conditions read meters only)."""


def _check(gate: Gate | None, places: Places) -> Check | None:
    return None if gate is None else Check(gate, places)


class Dealt(Weighted):
    """A decision card as the deal reads it."""

    __slots__ = ("check", "id")

    def __init__(self, card: DecisionCard, gate: Gate | None, places: Places) -> None:
        super().__init__(card.weight)
        self.id: Final = card.id
        self.check: Final = _check(gate, places)


class News(Weighted):
    """An event as the turn reads it."""

    __slots__ = ("act", "check", "id", "once")

    def __init__(self, event: Event, gate: Gate | None, places: Places) -> None:
        super().__init__(event.weight)
        self.id: Final = event.id
        self.once: Final = event.once
        self.check: Final = _check(gate, places)
        self.act: Final = Act(event.id, event.effect, places)


class Pressing:
    """A standing pressure as the turn reads it: for one driven by a meter, that meter's
    place (else -1), its centre and its step."""

    __slots__ = ("_times", "act", "centre", "check", "driver", "id", "step")

    def __init__(self, pressure: Pressure, gate: Gate | None, places: Places) -> None:
        drive = pressure.driven_by
        self.id: Final = pressure.id
        self.check: Final = _check(gate, places)
        self.act: Final = Act(pressure.id, pressure.effect, places)
        self.driver: Final = -1 if drive is None else places[drive.meter]
        self.centre: Final = 0 if drive is None else drive.centre
        self.step: Final = 1 if drive is None else drive.step
        self._times: dict[int, tuple[Moves, Changes]] = {}

    def times(self, times: int) -> tuple[Moves, Changes]:
        """Its changes `times` over, by place and by id (worked out once for each number:
        a driven pressure applies every turn, most often a few times over)."""
        found = self._times.get(times)
        if found is None:
            act = self.act
            found = self._times[times] = (
                tuple([(place, delta * times) for place, delta in act.moves]),
                tuple([(meter, delta * times) for meter, delta in act.changes]),
            )
        return found


class When:
    """A condition as the turn tests it, turns and all: it holds on turns `first` to
    `last` while its check holds (or it has none)."""

    __slots__ = ("check", "first", "last")

    def __init__(self, compiled: CompiledCondition, places: Places) -> None:
        self.first: Final = compiled[0]
        self.last: Final = compiled[1]
        self.check: Final = Check(compiled[2:], places)


def _when(compiled: CompiledCondition | None, places: Places) -> When | None:
    return None if compiled is None else When(compiled, places)


class Tripwire:
    """A threshold as the end of a turn tests it: when it holds (or it has no condition),
    the game ends in `end_state`."""

    __slots__ = ("end_state", "id", "when")

    def __init__(self, threshold: Threshold, places: Places) -> None:
        self.id: Final = threshold.id
        self.end_state: Final = threshold.end_state
        self.when: Final = _when(threshold.when.compiled, places)


Situated = tuple[tuple[When | None, MeterChanges], ...]
"""An option's (or lever's) situations as (condition, extra changes)."""


class Terms:
    """What taking an option (or using a lever) does, as the turn reads it."""

    __slots__ = ("_extra", "_held", "act", "places", "situated")

    def __init__(self, act: Act, situated: Situated, places: Places) -> None:
        self.act: Final = act
        self.situated: Final = situated
        self.places: Final = places
        self._extra: dict[int, Changes] = {}
        self._held: dict[int, tuple[Moves, Changes]] = {}

    def extra(self, mask: int) -> Changes:
        """The extra changes of the situations in `mask` (bit i for situation i), joined in
        order (worked out once per mask)."""
        if not mask:
            return ()
        found = self._extra.get(mask)
        if found is None:
            found = ()
            for i, (_, changes) in enumerate(self.situated):
                if mask >> i & 1:
                    found += changes
            self._extra[mask] = found
        return found

    def held(self, mask: int) -> tuple[Moves, Changes]:
        """Its changes, by place and by id, with the `extra` changes of the situations in
        `mask`, a meter at most once (worked out once per mask)."""
        found = self._held.get(mask)
        if found is None:
            act, extra = self.act, self.extra(mask)
            both = net(act.changes, extra) if extra else act.changes
            found = self._held[mask] = (moves(both, self.places) if extra else act.moves, both)
        return found


def net(changes: Changes, extra: Changes) -> Changes:
    """Two sets of meter changes as one, a meter at most once."""
    total = dict(changes)
    for meter, delta in extra:
        total[meter] = total.get(meter, 0) + delta
    return tuple((meter, delta) for meter, delta in total.items() if delta)


def _pool(items: Sequence[Gated], turn: int) -> tuple[tuple[Gated, Gate | None], ...]:
    """The items whose condition admits `turn`, each with the rest of its condition."""
    return tuple((item, item.when.gate) for item in items if item.when.admits(turn))


class ScenarioIndex:
    """Derived, read-only tables over a validated scenario."""

    def __init__(self, scenario: Scenario) -> None:
        self.meters = {m.id: m for m in scenario.meters}
        self.ranges = {m.id: (m.min, m.max) for m in scenario.meters}
        self.start = {m.id: m.start for m in scenario.meters}
        # A board keeps the meters as a list, each in its place: a list is indexed
        # natively, where a meter read or written by id is a look-up by name.
        self.meter_ids = tuple(m.id for m in scenario.meters)
        """The meters' ids, in their places."""
        places = self.places = {meter: i for i, meter in enumerate(self.meter_ids)}
        self.lows = tuple(m.min for m in scenario.meters)
        self.highs = tuple(m.max for m in scenario.meters)
        weights = scenario.outlook.index
        self.spread = scenario.outlook.spread
        self.index_scale = {
            m: 100.0 * w / ((self.meters[m].max - self.meters[m].min) * sum(weights.values(), 0.0))
            for m, w in weights.items()
            if m in self.meters
        }
        """Meter id -> alliance-index points per meter point."""
        self.index_terms = tuple((m, k, self.ranges[m][0]) for m, k in self.index_scale.items())
        """(meter id, index points per meter point, the meter's minimum), for the index."""
        self.index_places = tuple((places[m], k, low) for m, k, low in self.index_terms)
        """`index_terms` by the meters' places."""
        self.interest_scale = {
            side: {
                m: 100.0
                * w
                / ((self.meters[m].max - self.meters[m].min) * sum(b.interests.values(), 0.0))
                for m, w in b.interests.items()
                if m in self.meters
            }
            for side, b in scenario.sides.items()
        }
        """Side -> meter id -> interest-score points per meter point."""
        owned: list[tuple[Side, Option | Lever]] = [
            (c.side, o) for c in scenario.cards for o in c.options
        ]
        owned += [(lever.side, lever) for lever in scenario.levers]
        self.worth: dict[str, tuple[float, float]] = {
            what.id: (
                sum(
                    (self.interest_scale[side].get(m, 0.0) * d for m, d in what.totals.items()), 0.0
                ),
                sum((self.index_scale.get(m, 0.0) * d for m, d in what.totals.items()), 0.0),
            )
            for side, what in owned
        }
        """Option or lever id -> (points on its side's interest score, points on the alliance
        index), lasting effects included."""
        self.cards = {c.id: c for c in scenario.cards}
        self.cards_of = {side: tuple(c for c in scenario.cards if c.side is side) for side in Side}
        self.options = {o.id: o for c in scenario.cards for o in c.options}
        self.card_of_option = {o.id: c for c in scenario.cards for o in c.options}
        self.card_id_of = {o.id: c.id for c in scenario.cards for o in c.options}
        """Option id -> the id of the card it is on."""
        self.options_on = {c.id: tuple(c.options) for c in scenario.cards}
        """Card id -> its options, as written."""
        self.events = {e.id: e for e in scenario.events}
        self.injects = {i.id: i for i in scenario.injects}
        # The per-turn path reads pools sorted by turn as native rows, each item with what
        # is left of its condition once the turn is known (None: nothing left to check).
        turns = range(1, scenario.calendar.turns + 1)
        scheduled = [e for e in scenario.events if e.turn is not None]
        unscheduled = [e for e in scenario.events if e.turn is None]
        self.pressing_on = {
            t: tuple(Pressing(p, gate, places) for p, gate in _pool(scenario.pressures, t))
            for t in turns
        }
        self.news_on = {
            t: tuple(
                News(e, gate, places) for e, gate in _pool([e for e in scheduled if e.turn == t], t)
            )
            for t in turns
        }
        self.chances_on = {
            t: tuple(News(e, gate, places) for e, gate in _pool(unscheduled, t)) for t in turns
        }
        self.dealing_on = {
            side: {
                t: tuple(Dealt(c, gate, places) for c, gate in _pool(self.cards_of[side], t))
                for t in turns
            }
            for side in Side
        }
        self.tripwires = tuple(Tripwire(t, places) for t in scenario.thresholds)
        """Each threshold as the end of a turn tests it, in scenario order."""
        self.turns = scenario.calendar.turns
        self.event_chance = scenario.rules.event_chance
        self.hand = scenario.rules.hand
        self.end_states = {e.id: e for e in scenario.end_states}
        self.by_centre = tuple(sorted(scenario.end_states, key=lambda e: e.centre))
        self.readings: dict[float, Reading] = {}
        """Alliance index -> the outlook there, as met (`outlook.read`)."""
        self.bands = tuple((a.centre + b.centre) / 2 for a, b in pairwise(self.by_centre))
        """The index values where the heading passes from one end state to the next."""
        self.personas = {p.id: p for p in scenario.personas}
        self.agendas = {a.id: a for a in scenario.agendas}
        self.pledges = {p.id: p for p in scenario.pledges}
        # Which options break each pledge, and which cards test it (have such an option):
        # read on every persona's turn, so worked out once.
        self.breaking = {
            p.id: frozenset(o.id for c in scenario.cards for o in c.options if p.broken_by(o))
            for p in scenario.pledges
        }
        self.testing = {
            p.id: frozenset(
                c.id for c in scenario.cards if any(o.id in self.breaking[p.id] for o in c.options)
            )
            for p in scenario.pledges
        }
        self.levers = {lever.id: lever for lever in scenario.levers}
        taken: list[Option | Lever] = [*self.options.values(), *scenario.levers]
        self.terms = {
            what.id: Terms(
                Act(what.id, what.effect, places),
                tuple((_when(when, places), extra) for when, extra in what.situated),
                places,
            )
            for what in taken
        }
        """Option or lever id -> what taking it does."""
        self.levers_of = {
            side: tuple(lever for lever in scenario.levers if lever.side is side) for side in Side
        }
        self.lever_terms = {
            side: tuple(
                (lv, lv.id, lv.uses, _when(lv.when.compiled, places)) for lv in self.levers_of[side]
            )
            for side in Side
        }
        """Side -> (lever, id, uses a game, condition) of each of its levers."""
        self.agendas_of = {
            side: tuple(a for a in scenario.agendas if a.side is side) for side in Side
        }
        self.payoff = {
            side: {e.id: e.payoffs.get(side, 0) for e in scenario.end_states} for side in Side
        }
        """Side -> end state id -> what ending there adds to that side's final score."""
        self.joint = {j.id: j for j in scenario.joint_outcomes}
        self.joint_acts = {j.id: Act(j.id, j.effect, places) for j in scenario.joint_outcomes}
        self.kept = {p.id: Act(p.id, p.effect, places) for p in scenario.pledges}
        """Pledge id -> what keeping it does."""
        self.broken = {p.id: Act(p.id, p.broken.effect, places) for p in scenario.pledges}
        """Pledge id -> what breaking it does."""
        self._joint_pairs: dict[tuple[str, str], tuple[JointOutcome, ...]] = {}
        self.pressures = {p.id: p for p in scenario.pressures}
        self.thresholds = {t.id: t for t in scenario.thresholds}
        self.references = {r.id: r for r in scenario.references}
        self._joint = scenario.joint_outcomes
        options = self.options.values()
        self.joining = {
            Side.MOSCOW: {o.id: _naming(o, [j.moscow for j in self._joint]) for o in options},
            Side.TEHRAN: {o.id: _naming(o, [j.tehran for j in self._joint]) for o in options},
        }
        """Side -> option id -> the positions of the joint outcomes it matches as that side's."""

    def joint_for(self, moscow: str, tehran: str) -> tuple[JointOutcome, ...]:
        """The joint outcomes this pair of choices (option ids) triggers, in scenario order."""
        pair = (moscow, tehran)
        found = self._joint_pairs.get(pair)
        if found is None:
            theirs = self.joining[Side.TEHRAN][tehran]
            found = self._joint_pairs[pair] = tuple(
                self._joint[i] for i in self.joining[Side.MOSCOW][moscow] if i in theirs
            )
        return found


def _naming(option: Option, lists: list[list[str]]) -> tuple[int, ...]:
    """The positions of the lists that name the option (by its id, stance or a tag)."""
    names = {option.id, option.stance.value, *option.tags}
    return tuple(i for i, named in enumerate(lists) if names & set(named))


class _Latest:
    """The scenario whose tables were read last, and its tables."""

    def __init__(self) -> None:
        self.scenario: Scenario | None = None
        self.index: ScenarioIndex | None = None


_LATEST: Final = _Latest()


def index_of(scenario: Scenario) -> ScenarioIndex:
    """`scenario.lookup`: the engine reads it many times a turn, and for the scenario read
    last this skips the models' attribute machinery (some hundreds of instructions)."""
    latest = _LATEST
    if latest.scenario is scenario and latest.index is not None:
        return latest.index
    index = scenario.lookup
    latest.scenario, latest.index = scenario, index
    return index
