"""The scenario file format: pydantic models of everything a scenario YAML holds.

These models only describe and validate shape and types. Cross-references between
parts (unknown meters, unknown options, unreachable end states) are checked in
`loader.py`, after validation, so that every error can point at a line of YAML.
The docstrings under fields become the JSON Schema descriptions that editors show.
"""

from __future__ import annotations

import datetime
import sys
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

if TYPE_CHECKING:
    from .lookup import ScenarioIndex

Id = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64), AfterValidator(sys.intern)
]
"""An id (of a meter, card, option, flag ...), interned: the engine's tables are keyed by
ids, and a look-up that meets the very same string object skips comparing characters."""
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Effects = dict[Id, int]
"""Meter id -> change (positive or negative), applied at once and clamped to the meter's range."""


class Side(StrEnum):
    """The two capitals a player can take."""

    MOSCOW = "moscow"
    TEHRAN = "tehran"

    @property
    def other(self) -> Side:
        return OTHER[self]


SIDES = (Side.MOSCOW, Side.TEHRAN)
"""Both sides, in turn order (iterating the enum itself is slow on the per-turn path)."""
OTHER = {Side.MOSCOW: Side.TEHRAN, Side.TEHRAN: Side.MOSCOW}
"""Each side's partner, looked up (reading members through the enum class is slow on the
per-turn path)."""


class Owner(StrEnum):
    """Whose meter it is: one capital's interest, the partnership's, or the wider world's."""

    MOSCOW = "moscow"
    TEHRAN = "tehran"
    SHARED = "shared"
    WORLD = "world"


class Domain(StrEnum):
    """The field a decision belongs to."""

    ENERGY = "energy"
    SECURITY = "security"
    THIRD_PARTIES = "third_parties"
    ECONOMY = "economy"
    DIPLOMACY = "diplomacy"


class Stance(StrEnum):
    """How an option treats the partner; computer counterparts weigh it."""

    COOPERATE = "cooperate"
    HEDGE = "hedge"
    COMPETE = "compete"


class Reveal(StrEnum):
    """How much of an option's effects the game shows before a choice."""

    HIDDEN = "hidden"
    HINTED = "hinted"
    SHOWN = "shown"


class Strict(BaseModel):
    """Base for every scenario model: unknown keys are errors, docstrings become descriptions."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Reference(Strict):
    """A source the scenario rests on."""

    id: Id
    """Short id that citations use, e.g. `a000`."""
    title: Text
    author: Text | None = None
    date: str | datetime.date | None = None
    """Publication date, e.g. `2023-11-03`."""
    file: str | None = None
    """Where a reader can find the text: a web address or a library's reference. The shipped
    scenarios describe their sources in docs/sources.md instead."""


class Citation(Strict):
    """Which reference, and which point of it, something rests on."""

    ref: Id
    """A reference id from `references`."""
    point: Text
    """The section or argument of the reference, in your own words."""


class Calendar(Strict):
    """How long a game lasts and what each turn is called."""

    turns: Annotated[int, Field(ge=1, le=60)]
    """Number of turns in a full game."""
    labels: list[Text]
    """One label per turn, e.g. `Spring 2022`; as many as `turns`."""


class SideBrief(Strict):
    """One capital: who it is, what it wants, and which meters score its interests."""

    name: Text
    """Display name, e.g. `Moscow`."""
    country: Text
    briefing: Text
    """The situation at the start, from this side's point of view."""
    goals: list[Text]
    interests: dict[Id, Annotated[float, Field(gt=0)]]
    """Interest meter id -> weight in this side's final interest score."""
    sources: list[Citation] = []


class Meter(Strict):
    """A quantity the game tracks, with its range and starting value."""

    id: Id
    label: Text
    """Name shown on screen, e.g. `Russian energy revenue`."""
    short: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    """A name of at most 16 characters for narrow panels, e.g. `Energy revenue`."""
    owner: Owner
    min: int = 0
    max: int = 100
    start: int
    description: Text


class Bound(Strict):
    """An inclusive range a meter must lie in."""

    min: int | None = None
    max: int | None = None


class Condition(Strict):
    """When something applies. Every part given must hold; an empty condition always holds."""

    from_turn: Annotated[int, Field(ge=1)] | None = None
    """First turn (inclusive) on which this can apply."""
    until_turn: Annotated[int, Field(ge=1)] | None = None
    """Last turn (inclusive) on which this can apply."""
    meters: dict[Id, Bound] = {}
    """Meter id -> the range it must lie in."""
    flags: list[Id] = []
    """Flags that must all be set."""
    not_flags: list[Id] = []
    """Flags that must all be unset."""

    def admits(self, turn: int) -> bool:
        """Whether `turn` lies within the condition's turns."""
        return (self.from_turn or 1) <= turn <= (self.until_turn or 10**9)

    @cached_property
    def gate(self) -> Gate | None:
        """The condition less its turns, for a pool already sorted by turn; None when only
        the turn decides it."""
        compiled = self.compiled
        if compiled is None or self.is_static:
            return None
        return compiled[2:]

    @property
    def is_static(self) -> bool:
        """True when only the turn number decides it (no meters, no flags)."""
        return not (self.meters or self.flags or self.not_flags)

    @cached_property
    def compiled(self) -> CompiledCondition | None:
        """The condition as plain tuples for fast checks; None when it always holds."""
        if self.from_turn is None and self.until_turn is None and self.is_static:
            return None
        bounds = tuple(
            (m, -(10**9) if b.min is None else b.min, 10**9 if b.max is None else b.max)
            for m, b in self.meters.items()
        )
        return (
            self.from_turn or 1,
            self.until_turn or 10**9,
            bounds,
            frozenset(self.flags),
            frozenset(self.not_flags),
        )


Gate = tuple[tuple[tuple[str, int, int], ...], frozenset[str], frozenset[str]]
"""A condition with its turns already checked: ((meter, min, max) bounds, flags needed,
flags forbidden)."""

CompiledCondition = tuple[
    int, int, tuple[tuple[str, int, int], ...], frozenset[str], frozenset[str]
]
"""(first turn, last turn, (meter, min, max) bounds, flags needed, flags forbidden)."""


MeterChanges = tuple[tuple[str, int], ...]
"""(meter id, change) pairs, in the order written."""

Effect = tuple[MeterChanges, tuple[MeterChanges, int] | None, tuple[str, ...], tuple[str, ...]]
"""Consequences as plain tuples: (changes, lasting (changes, turns) or None, flags set,
flags cleared)."""


class Lasting(Strict):
    """Effects that keep playing out at the start of each of the next turns (inertia)."""

    turns: Annotated[int, Field(ge=1, le=20)]
    effects: Effects

    @cached_property
    def changes(self) -> tuple[tuple[str, int], ...]:
        """The effects as (meter, change) pairs."""
        return tuple(self.effects.items())


class Consequences(Strict):
    """What happens: immediate effects, lasting effects, and flags set or cleared."""

    effects: Effects = {}
    lasting: Lasting | None = None
    sets: list[Id] = []
    """Flags to set, for later conditions."""
    clears: list[Id] = []
    """Flags to clear."""

    @cached_property
    def changes(self) -> tuple[tuple[str, int], ...]:
        """The immediate effects as (meter, change) pairs."""
        return tuple(self.effects.items())

    @cached_property
    def effect(self) -> Effect:
        """The consequences as plain tuples, for the per-turn path."""
        lasting = (self.lasting.changes, self.lasting.turns) if self.lasting else None
        return (self.changes, lasting, tuple(self.sets), tuple(self.clears))

    @cached_property
    def totals(self) -> dict[str, int]:
        """Every meter change this brings in all, lasting effects included."""
        totals = dict(self.effects)
        if self.lasting:
            for meter, delta in self.lasting.effects.items():
                totals[meter] = totals.get(meter, 0) + delta * self.lasting.turns
        return totals


class Situation(Strict):
    """Extra effects an option has when, at the moment it is chosen, the world is in some
    state: undercutting into a glut, a concession made from strength."""

    when: Condition
    effects: Effects

    @cached_property
    def changes(self) -> tuple[tuple[str, int], ...]:
        return tuple(self.effects.items())


def _situated(
    situations: list[Situation],
) -> tuple[tuple[CompiledCondition | None, MeterChanges], ...]:
    return tuple((situation.when.compiled, situation.changes) for situation in situations)


class Option(Consequences):
    """One choice on a decision card."""

    id: Id
    """Unique across the whole scenario; scripts choose by this id."""
    label: Text
    """The choice in a few words, shown on the card."""
    text: Text
    """What choosing it means, one or two sentences."""
    hint: Text | None = None
    """A hint of the consequences, shown when the scenario reveals `hinted`."""
    log: Text
    """What the side did, for the log, without the side's name, e.g. `backed the militias`."""
    stance: Stance
    tags: list[Id] = []
    """Labels that joint outcomes can match, e.g. `undercut`."""
    situations: list[Situation] = []
    """Effects added when a situation holds as the option is chosen (tried in order, each
    that holds applies)."""

    @cached_property
    def situated(self) -> tuple[tuple[CompiledCondition | None, MeterChanges], ...]:
        """The situations as (compiled condition, changes), for the per-turn path."""
        return _situated(self.situations)


class DecisionCard(Strict):
    """A decision one capital faces on some turn."""

    id: Id
    side: Side
    domain: Domain
    title: Text
    prompt: Text
    when: Condition = Condition()
    weight: Annotated[float, Field(gt=0)] = 1.0
    """Relative chance of being drawn among the cards available that turn."""
    options: Annotated[list[Option], Field(min_length=2, max_length=4)]
    sources: Annotated[list[Citation], Field(min_length=1)]


class JointOutcome(Consequences):
    """Extra consequences when the two capitals make a given pair of choices in one turn."""

    id: Id
    title: Text
    news: Text
    moscow: Annotated[list[Id], Field(min_length=1)]
    """Moscow option ids, tags or stances (`cooperate`, `hedge`, `compete`); any one matches."""
    tehran: Annotated[list[Id], Field(min_length=1)]
    """Tehran option ids, tags or stances (`cooperate`, `hedge`, `compete`); any one matches."""
    sources: Annotated[list[Citation], Field(min_length=1)]


class Event(Consequences):
    """World news that changes the situation: scheduled on a turn, or drawn at random."""

    id: Id
    title: Text
    news: Text
    turn: Annotated[int, Field(ge=1)] | None = None
    """Fire on exactly this turn (if `when` holds). Without it the event is drawn at random."""
    weight: Annotated[float, Field(gt=0)] = 1.0
    """Relative chance among the random events available that turn."""
    when: Condition = Condition()
    once: bool = True
    """Fire at most once per game."""
    sources: Annotated[list[Citation], Field(min_length=1)]


class Inject(Consequences):
    """A prepared development a facilitator can fire during a turn's decision phase. It
    never happens by itself."""

    id: Id
    title: Text
    news: Text
    note: Text
    """For the facilitator: when to use it and what it asks of the teams."""
    sources: Annotated[list[Citation], Field(min_length=1)]


class Drive(Strict):
    """How strongly a meter drives a pressure: its effects are applied once for every `step`
    points the meter stands above `centre`, and reversed for every `step` below it."""

    meter: Id
    centre: int
    step: Annotated[int, Field(ge=1)]


class Pressure(Consequences):
    """A standing force applied at the start of every turn while its condition holds."""

    id: Id
    title: Text
    news: Text
    when: Condition
    driven_by: Drive | None = None
    """Scale the effects with a meter (oil prices driving revenue); without it, the effects
    apply as written."""
    sources: Annotated[list[Citation], Field(min_length=1)]


class Threshold(Strict):
    """An early ending: a collapse or a breakthrough once a condition holds after a turn."""

    id: Id
    title: Text
    news: Text
    when: Condition
    end_state: Id
    sources: Annotated[list[Citation], Field(min_length=1)]


class Outlook(Strict):
    """How the alliance index is computed from the meters.

    The index is the weighted mean of the named meters, each scaled to 0-100 over its
    range. Each end state sits at a point (`centre`) on that scale; the partnership is
    heading towards the end state whose centre is nearest to the index.
    """

    index: dict[Id, Annotated[float, Field(gt=0)]]
    """Meter id -> weight in the alliance index."""
    spread: Annotated[float, Field(gt=0)] = 12.0
    """How sharply the displayed drift favours the nearest end state (smaller is sharper)."""


class EndState(Strict):
    """One of the ways the partnership can end up."""

    id: Id
    title: Text
    short: Annotated[str, StringConstraints(min_length=1, max_length=15)] | None = None
    """A name of at most 15 characters for narrow panels, e.g. `Rivalry`."""
    narrative: Text
    implications: list[Text]
    centre: Annotated[float, Field(ge=0, le=100)]
    """Where on the 0-100 alliance index this end state sits."""
    payoffs: dict[Side, int] = {}
    """What ending here adds to each side's final score (0 when left out)."""
    sources: Annotated[list[Citation], Field(min_length=1)]


class Agenda(Strict):
    """A secret aim dealt to one side at the start: it counts in that side's final score if
    met when the game ends, and only that side sees it until then."""

    id: Id
    side: Side
    title: Text
    text: Text
    """What the side is to bring about, in words the player reads."""
    goal: Condition = Condition()
    """Meters and flags that must hold at the end (its turn bounds are not read)."""
    end_states: list[Id] = []
    """The game must end in one of these (any, when left empty)."""
    points: Annotated[int, Field(ge=1, le=100)]
    """Added to the side's final score when the agenda is met."""
    weight: Annotated[float, Field(gt=0)] = 1.0
    """Relative chance of being dealt among the side's agendas."""
    sources: Annotated[list[Citation], Field(min_length=1)]


class Pledge(Consequences):
    """A promise a side may make before the secret choices, which the other side sees. It is
    kept unless the side's choice matches one of `breaks`; its own consequences (`effects`,
    `sets` ...) apply when it is kept, those of `broken` when it is broken."""

    id: Id
    label: Text
    """The promise in a few words, as the other side reads it: `No undercutting this season`."""
    breaks: Annotated[list[Id], Field(min_length=1)]
    """Option ids, tags or stances (`cooperate`, `hedge`, `compete`) that break the pledge."""
    broken: Consequences = Consequences()
    """What breaking it costs: effects, and flags that later cards and events can read."""
    sources: Annotated[list[Citation], Field(min_length=1)]

    def broken_by(self, option: Option) -> bool:
        """Whether choosing `option` breaks this pledge (by its id, stance or a tag)."""
        return bool({option.id, option.stance.value, *option.tags} & set(self.breaks))


class Lever(Consequences):
    """A capability one side holds, usable beside its card a limited number of times a game."""

    id: Id
    side: Side
    title: Text
    text: Text
    """What using it means, one or two sentences."""
    hint: Text | None = None
    log: Text
    """What the side did, for the log, without the side's name."""
    uses: Annotated[int, Field(ge=1, le=12)]
    """How many times a game the side may use it."""
    when: Condition = Condition()
    """When it can be used."""
    situations: list[Situation] = []
    sources: Annotated[list[Citation], Field(min_length=1)]

    @cached_property
    def situated(self) -> tuple[tuple[CompiledCondition | None, MeterChanges], ...]:
        """The situations as (compiled condition, changes), for the per-turn path."""
        return _situated(self.situations)


class Chain(Strict):
    """A story of several steps (cards and events gated by the flags of earlier steps), for
    the audit to follow: it is completed in a game when each step has happened, in order."""

    id: Id
    title: Text
    steps: Annotated[list[list[Id]], Field(min_length=2)]
    """Each step: the card or event ids any one of which makes it happen."""


class Epilogue(Strict):
    """A line of the ending, told when its condition holds on the final state."""

    id: Id
    text: Text
    when: Condition = Condition()
    """Meters and flags of the final state (turns are not read)."""
    end_states: list[Id] = []
    """Told only after these end states (any, when left empty)."""
    sources: list[Citation] = []


class StanceWeights(Strict):
    """A persona's liking for each stance, before anything else is weighed."""

    cooperate: float = 0.0
    hedge: float = 0.0
    compete: float = 0.0


class Persona(Strict):
    """A computer counterpart's character: how it weighs the options it is offered."""

    id: Id
    name: Text
    description: Text
    interest: float = 1.0
    """Weight of the option's effect on the persona's own interest meters."""
    alliance: float = 0.0
    """Weight of the option's effect on the alliance index."""
    stance: StanceWeights = StanceWeights()
    reciprocity: float = 0.0
    """Liking for answering the partner's last stance in kind."""
    trust_sensitivity: float = 0.0
    """How much a high alliance index draws it to cooperate, and a low one to compete."""
    noise: Annotated[float, Field(ge=0)] = 0.0
    """Random spread added to each option's score, drawn from the seed."""
    candour: Annotated[float, Field(ge=0, le=1)] = 1.0
    """How often its pledges mean what they say: below 1, it now and then pledges what it
    does not intend."""
    foresight: Annotated[float, Field(ge=0)] = 0.0
    """Weight of looking one turn ahead: the partner's likely answer and what the pair of
    choices does together, the situation each option meets, and what the turn does to
    the expected end-state payoff and to the persona's agenda. 0 weighs the options as
    written only."""


class Rules(Strict):
    """Scenario-wide settings of the turn."""

    event_chance: Annotated[float, Field(ge=0, le=1)] = 0.7
    """Chance that one random event is drawn at the start of a turn."""
    reveal: Reveal = Reveal.HINTED
    shuffle_options: bool = False
    """Show each card's options in an order of the game's own (fixed by the seed), so that
    the first option is not always the same kind."""
    hand: Annotated[int, Field(ge=1, le=2)] = 1
    """Cards dealt to each side each turn; with 2 it plays one and the other goes back to
    the deck, so timing matters."""


Share = Annotated[float, Field(ge=0, le=1)]


class AuditTargets(Strict):
    """Thresholds of the design audit (`alliance-game analyze`). The defaults fit a game of
    10-14 turns; a shorter scenario may scale the arc targets to its length. Two targets
    take no threshold: no fixed policy may be the best response to every opponent, and
    the middle end state must be the most common under mixed play."""

    cooperation_margin: float = 0.0
    """Mutual cooperation must beat mutual competition by more than this, for both sides."""
    agency: Share = 0.15
    """Least share of single choices whose flip (everything else equal) changes the ending."""
    index_range: Annotated[float, Field(ge=0, le=100)] = 20.0
    """Least median range of the alliance index over a game, in index points."""
    heading_changes: Share = 0.30
    """Least share of games whose heading changes twice or more."""
    settled: Share = 0.15
    """Most share of games that head for their final ending from turn 1 without a change."""
    reach_personas: Annotated[int, Field(ge=0)] = 3
    """Each end state must be reachable by each side against at least this many personas
    (or all of them, when the scenario has fewer)."""
    reach_share: Share = 0.3
    """The share of its games in which a player aiming at an end state must reach it."""
    end_state_share: Share = 0.15
    """Least share of each end state under mixed play."""
    deliberate_edge: float = 5.0
    """Points by which the strategist's mean score must beat every fixed policy's."""
    start_gap: Annotated[float, Field(ge=0)] = 5.0
    """Most gap between the two sides' starting scores, unless scores count from the start."""
    chains: Annotated[int, Field(ge=0)] = 3
    """Least number of chains of three or more steps the scenario must have."""
    chain_share: Share = 0.05
    """Least share of mixed games in which each chain is completed."""
    deck_seen: Share = 0.70
    """Most share of its deck a side sees in a game, on average."""
    decision_overlap: Share = 0.50
    """Most share of decisions two games of the same players with different seeds share."""


class Scenario(Strict):
    """A complete scenario: everything the engine needs to run a game."""

    id: Id
    title: Text
    summary: Text
    references: Annotated[list[Reference], Field(min_length=1)]
    calendar: Calendar
    rules: Rules = Rules()
    sides: dict[Side, SideBrief]
    """Exactly `moscow` and `tehran`."""
    meters: Annotated[list[Meter], Field(min_length=1)]
    outlook: Outlook
    end_states: Annotated[list[EndState], Field(min_length=2)]
    thresholds: list[Threshold] = []
    cards: list[DecisionCard]
    joint_outcomes: list[JointOutcome] = []
    events: list[Event] = []
    pressures: list[Pressure] = []
    injects: list[Inject] = []
    """Prepared developments for a facilitator (classroom play)."""
    agendas: list[Agenda] = []
    """Secret aims, one dealt to each side that has any."""
    pledges: list[Pledge] = []
    """Promises either side may make before the secret choices."""
    levers: list[Lever] = []
    """Each side's own capabilities, usable beside its card."""
    chains: list[Chain] = []
    """Stories of follow-up cards and events, for the audit."""
    epilogues: list[Epilogue] = []
    """Lines of the ending assembled from what happened."""
    personas: Annotated[list[Persona], Field(min_length=1)]
    discussion: list[Text] = []
    """Questions for a debrief after the game."""
    audit: AuditTargets | None = None
    """Thresholds for `alliance-game analyze`; the defaults when left out."""

    @cached_property
    def lookup(self) -> ScenarioIndex:
        """Lookup tables built once per scenario, so the engine never scans lists per turn."""
        from .lookup import ScenarioIndex  # the tables are built from these models

        return ScenarioIndex(self)
