"""Computer counterparts: the players that choose an option when no human does.

Four kinds, each deterministic by the game's seed:
- **personas**, defined in the scenario: each offered option is scored by what it does
  for the persona's own interests and for the alliance, by its liking for the option's
  stance, by how the option answers the partner's last stance, and by the state of the
  alliance; a little seeded noise keeps it from being predictable;
- **fixed policies**, which never read a card: `cooperate`, `hedge` and `compete` take
  the option of that stance, `tit-for-tat` answers the partner's last stance in kind;
- `random`, uniform among the offered options;
- `strategist`, which searches over the rest of the game for its best final score
  (`strategist.py`);
- `aim:END_STATE` (for example `aim:strengthening`), which steers the alliance index
  towards that end state, one turn ahead: the audit's targeted player.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import combinations

from . import outlook, rules
from .dice import Dice
from .scenario import (
    OTHER,
    SIDES,
    Lever,
    Option,
    Persona,
    Scenario,
    ScenarioIndex,
    Side,
    Stance,
)
from .state import Changes, GameState

RANDOM = "random"
"""A player that picks uniformly among the offered options."""
STRATEGIST = "strategist"
"""A player that searches the rest of the game for its own best final score."""
TIT_FOR_TAT = "tit-for-tat"
FIXED = ("cooperate", "hedge", "compete", TIT_FOR_TAT)
"""Policies that play by stance alone, whatever the card says."""
UNSEARCHING = (*FIXED, RANDOM)
"""The players besides personas that choose without searching."""
AIM = "aim:"
"""Prefix of a targeted player: `aim:` and an end state id."""

FALLBACK = {
    Stance.COOPERATE: (Stance.COOPERATE, Stance.HEDGE, Stance.COMPETE),
    Stance.HEDGE: (Stance.HEDGE, Stance.COOPERATE, Stance.COMPETE),
    Stance.COMPETE: (Stance.COMPETE, Stance.HEDGE, Stance.COOPERATE),
}
"""The stance a fixed policy takes on a card without its own: the nearest one, and for
`hedge` (between the two) the cooperative one first."""

PERSONA_DRAW, PLEDGE_DRAW = 10, 20
LEVER_BAR = 0.5
"""How much (in persona units) a lever must be worth to be spent at once when its uses are
scarce: the bar falls as the turns left run short of the uses left."""
STANCE_VALUE = {Stance.COOPERATE: 1, Stance.HEDGE: 0, Stance.COMPETE: -1}
_FLOOR = float("-inf")
"""Below every score."""
_TEHRAN = Side.TEHRAN
_STANCES = {stance.value: stance for stance in Stance}
POINTS = 4.0
"""Index or interest-score points that count as one unit of a persona's weights."""


def names(scenario: Scenario) -> list[str]:
    """Every computer player a scenario offers: its personas, the fixed policies,
    `random` and `strategist` (the targeted players, `aim:...`, are accepted too)."""
    return [*scenario.lookup.personas, *FIXED, RANDOM, STRATEGIST]


def counterparts(scenario: Scenario) -> list[tuple[str, str]]:
    """(name, id) of the computer players a game screen offers as the counterpart: the
    scenario's personas, then the strategist and `random`."""
    return [
        *((p.name, p.id) for p in scenario.personas),
        ("The Strategist (plays every option out)", STRATEGIST),
        ("Random", RANDOM),
    ]


FIXED_ABOUT = {
    "cooperate": "Always takes the option that reaches for the partnership.",
    "hedge": "Always takes the middle option, keeping its doors open.",
    "compete": "Always takes the option that puts its own capital first.",
    TIT_FOR_TAT: "Answers your last stance with the same: help for help, a snub for a snub.",
}


def describe(scenario: Scenario, player: str) -> str:
    """Who a computer player is, in a line, for a screen where one is chosen."""
    if player in scenario.lookup.personas:
        return scenario.lookup.personas[player].description
    if player == STRATEGIST:
        return (
            "Plays every option out to the end of the game and takes the one that serves "
            "its own final score best: the hardest counterpart."
        )
    if player == RANDOM:
        return "Picks any option at random: a game of chance, not of reading."
    return FIXED_ABOUT.get(player, "")


def known(scenario: Scenario, player: str) -> bool:
    """Whether `player` names a computer player of this scenario."""
    if player.startswith(AIM):
        return player[len(AIM) :] in scenario.lookup.end_states
    return player in names(scenario)


def choose(
    scenario: Scenario, state: GameState, side: Side, player: str, partner: str | None = None
) -> str:
    """The option id a computer `player` picks for `side` this turn; `partner` names who
    plays the other side (players that look ahead model it)."""
    if player in scenario.lookup.personas:
        return persona_choice(scenario, state, side, player, partner=partner).id
    if state.over:
        raise rules.IllegalMove("the game is over")
    study, hand = _study(scenario.lookup), _hand(state, side)
    if player == RANDOM:
        draw = Dice(state.seed, state.turn, PERSONA_DRAW + (side is _TEHRAN))
        return draw.choice(study.offered(hand)).id
    if player == TIT_FOR_TAT:
        return study.by_stance(hand, _answer(study, state, side)).id
    if player == STRATEGIST or player.startswith(AIM):
        from . import strategist  # the search plays whole games through this module

        if player == STRATEGIST:
            return strategist.plan(scenario, state, side, partner)
        return strategist.steer(scenario, state, side, player[len(AIM) :], partner)
    return study.by_stance(hand, _STANCES.get(player) or Stance(player)).id


def likely(
    scenario: Scenario,
    state: GameState,
    side: Side,
    player: str | None,
    partner: str | None = None,
    think: bool = False,
) -> str:
    """The choice another player would expect of `player`: a persona's without its noise
    (and, unless `think`, without looking ahead; looking ahead, it expects its own
    `partner` to play as written), a fixed policy's or `random`'s own; a human's or a
    searching player's as the scenario's first persona's."""
    look = scenario.lookup
    if player not in look.personas and player not in UNSEARCHING:
        player = scenario.personas[0].id
    if player in look.personas:
        if think:
            option = persona_choice(scenario, state, side, player, False, partner, think)
            return option.id
        if state.over:
            raise rules.IllegalMove("the game is over")
        return _plain_pick(_study(look), state, side, player).id
    return choose(scenario, state, side, player)


def pledge_for(
    scenario: Scenario, state: GameState, side: Side, player: str, partner: str | None = None
) -> str | None:
    """The pledge a computer player makes as the turn opens, if any: a persona promises
    what it means to do when keeping the promise is worth something to it (of the pledges
    its card puts to the test and its likeliest choice keeps, the one worth most); one of
    little candour now and then promises the first pledge whatever it means to do. Other
    players make none."""
    look = scenario.lookup
    persona = look.personas.get(player)
    if persona is None or not scenario.pledges:
        return None
    if persona.candour < 1.0:  # a draw, below 1, never tops full candour
        bluff = Dice(state.seed, state.turn, PLEDGE_DRAW + (side is _TEHRAN)).random()
        if bluff > persona.candour:
            return scenario.pledges[0].id
    hand = _hand(state, side)
    study = _study(look)
    if not any(study.tested[card] for card in hand):
        return None
    last = _last_stance(study, state, OTHER[side])
    intended = _plain(study, player, hand, last, state.outlook.index)
    return _promise(look, player, side, hand, intended.id)


@lru_cache(maxsize=65536)
def _promise(
    lookup: ScenarioIndex, persona_id: str, side: Side, hand: tuple[str, ...], intended: str
) -> str | None:
    """The pledge a candid persona makes with this hand when it means to take `intended`
    (see `pledge_for`)."""
    persona = lookup.personas[persona_id]
    cards = set(hand)
    tested = [p for p in lookup.pledges.values() if lookup.testing[p.id] & cards]
    scale, index_scale = lookup.interest_scale[side], lookup.index_scale
    best, best_value = None, 0.0
    for pledge in tested:
        if intended in lookup.breaking[pledge.id]:
            continue
        own = sum(scale.get(meter, 0.0) * delta for meter, delta in pledge.changes)
        value = persona.interest * own + persona.alliance * sum(
            index_scale.get(meter, 0.0) * delta for meter, delta in pledge.changes
        )
        if value > best_value:
            best, best_value = pledge.id, value
    return best


def lever_for(
    scenario: Scenario,
    state: GameState,
    side: Side,
    player: str,
    partner: str | None = None,
    choice: str | None = None,
) -> str | None:
    """The lever a computer player uses this turn beside `choice`, if any: a persona spends
    the lever worth most to it when that worth clears a bar that falls as the game runs
    out; the strategist plays the game out with each; other players keep theirs."""
    if player == STRATEGIST and choice is not None:
        from . import strategist

        return strategist.lever(scenario, state, side, choice, partner)
    if player not in scenario.lookup.personas or state.over:
        return None
    turns_left = scenario.calendar.turns - state.turn + 1
    if turns_left > 0 and not _study(scenario.lookup).hopeful(player, side, turns_left):
        return None  # no lever of its could clear the bar this early
    best, best_value = None, 0.0
    for lever, left in rules.levers_open(scenario, state, side):
        extra = rules.situational(lever, state) if lever.situations else ()
        value = _lever_worth(scenario.lookup, player, side, lever.id, extra)
        if value > best_value and value > LEVER_BAR * max(0.0, 1 - left / turns_left):
            best, best_value = lever.id, value
    return best


@lru_cache(maxsize=16384)
def _lever_worth(
    lookup: ScenarioIndex, persona_id: str, side: Side, lever_id: str, extra: Changes
) -> float:
    """What a lever is worth to a persona (in its units) with `extra` effects of situations."""
    persona = lookup.personas[persona_id]
    own, alliance = lookup.worth[lever_id]
    scale, index_scale = lookup.interest_scale[side], lookup.index_scale
    own += sum(scale.get(meter, 0.0) * delta for meter, delta in extra)
    alliance += sum(index_scale.get(meter, 0.0) * delta for meter, delta in extra)
    return (persona.interest * own + persona.alliance * alliance) / POINTS


def by_stance(options: Sequence[Option], stance: Stance) -> Option:
    """The first option of `stance`, or of the nearest stance when the card has none."""
    for wanted in FALLBACK[stance]:
        for option in options:
            if option.stance is wanted:
                return option
    return options[0]


def _answer(study: _Study, state: GameState, side: Side) -> Stance:
    """Tit-for-tat: the partner's last stance, cooperating first (and after a skipped turn)."""
    chosen = state.history[-1].choice(OTHER[side]) if state.history else None
    return Stance.COOPERATE if chosen is None else study.lookup.options[chosen].stance


def persona_choice(
    scenario: Scenario,
    state: GameState,
    side: Side,
    persona_id: str,
    noise: bool = True,
    partner: str | None = None,
    think: bool = True,
) -> Option:
    """The option a persona picks; without `noise`, its likeliest pick; without `think`,
    its pick by the options as written, not looking ahead."""
    if state.over:
        raise rules.IllegalMove("the game is over")
    study = _study(scenario.lookup)
    persona = study.lookup.personas[persona_id]
    spread = persona.noise if noise else 0.0
    foresight = persona.foresight if think else 0.0
    if not foresight and not spread:
        return _plain_pick(study, state, side, persona_id)
    last = _last_stance(study, state, OTHER[side])
    leanings = study.leanings(persona_id, _hand(state, side), last)
    scores = _weigh(persona, leanings, last, state.outlook.index)
    ahead = Foresight(scenario, state, side, partner) if foresight else None
    draw = Dice(state.seed, state.turn, PERSONA_DRAW + (side is _TEHRAN))
    interest, alliance_weight = persona.interest, persona.alliance
    best, best_score = leanings[0][0], _FLOOR
    for i, score in enumerate(scores):
        option = leanings[i][0]
        if ahead is not None:
            own, alliance = ahead.gain(option)
            score += foresight * (interest * own + alliance_weight * alliance)
        if spread:
            score += spread * draw.uniform(-1, 1)
        if score > best_score:
            best, best_score = option, score
    return best


def _plain_pick(study: _Study, state: GameState, side: Side, persona_id: str) -> Option:
    """The option a persona picks this turn without looking ahead and without noise."""
    last = _last_stance(study, state, OTHER[side])
    return _plain(study, persona_id, _hand(state, side), last, state.outlook.index)


@lru_cache(maxsize=65536)
def _plain(
    study: _Study,
    persona_id: str,
    hand: tuple[str, ...],
    partner_last: int | None,
    index: float,
) -> Option:
    """The option a persona picks by the part of its score that needs no look ahead and no
    noise (see `_weigh`)."""
    leanings = study.leanings(persona_id, hand, partner_last)
    scores = _weigh(study.lookup.personas[persona_id], leanings, partner_last, index)
    best, best_score = 0, _FLOOR
    for i, score in enumerate(scores):
        if score > best_score:
            best, best_score = i, score
    return leanings[best][0]


def _weigh(
    persona: Persona, leanings: Leanings, partner_last: int | None, index: float
) -> list[float]:
    """The part of a persona's score for each option that needs no look ahead and no noise:
    its appeal, the mood of the alliance, the answer to the partner's last stance."""
    mood = persona.trust_sensitivity * (index - 50.0) / 50.0
    scores = []
    for _, appeal, stance, answering in leanings:
        score = appeal + mood * stance
        if partner_last is not None:
            score -= answering
        scores.append(score)
    return scores


class Foresight:
    """One turn ahead, as a persona sees it: the partner's likely answer, and what each of
    its own options then adds beyond what the option says (the pair's joint outcomes, the
    situation the option meets, what the turn does to the expected end-state payoff and to
    its agenda), in units of `POINTS` on its score and on the alliance index."""

    def __init__(
        self, scenario: Scenario, state: GameState, side: Side, partner: str | None
    ) -> None:
        self.state, self.side = state, side
        self.study = study = _study(scenario.lookup)
        self.answer = _answer_to(scenario, state, OTHER[side], partner)
        self.pledge = state.pledge(side)
        self.index = state.outlook.index
        self.agenda, self.curve = study.prospects(scenario, side, state.agenda(side))
        self.held = self.agenda.held(state.flags) if self.agenda is not None else 0
        self.expected = self._expected(self.index, _NOTHING)

    def gain(self, option: Option) -> tuple[float, float]:
        """(own score, alliance index) gained beyond the option's written worth."""
        extra = rules.situational(option, self.state) if option.situations else ()
        if self.pledge is not None:
            extra += self.study.judged(self.pledge, option.id)
        if extra:
            own, alliance, shift, moved = _ahead(
                self.study, self.side, option.id, self.answer, extra
            )
        else:
            own, alliance, shift, moved = self.study.pair(self.side, option.id, self.answer)
        stakes = self._expected(self.index + shift, moved) - self.expected
        return (own + stakes) / POINTS, alliance / POINTS

    def _expected(self, index: float, moved: Mapping[str, int]) -> float:
        """The end-state payoff and agenda points this side can expect from here."""
        at = round(index)
        value = self.curve[0 if at < 0 else 100 if at > 100 else at]
        if self.agenda is not None:
            value += self.agenda.progress_held(self.state.meters, moved, self.held, index)
        return value


_NOTHING: Mapping[str, int] = {}


def _answer_to(scenario: Scenario, state: GameState, side: Side, player: str | None) -> str:
    """The choice a persona expects of the player on `side`: its likely choice, within what
    its pledge allows unless it has broken a pledge before."""
    look = scenario.lookup
    promise = look.pledges.get(state.pledge(side) or "")
    answer = likely(scenario, state, side, player)
    if promise is None or _study(look).broke[side] in state.flags:
        return answer
    breaking = look.breaking[promise.id]
    if answer not in breaking:
        return answer
    keeping = [o for o in rules.offered(scenario, state, side) if o.id not in breaking]
    if not keeping:
        return answer
    if player in look.personas:
        return max(keeping, key=lambda o: _appeal(look, player or "", o.id)).id
    return keeping[0].id


@lru_cache(maxsize=65536)
def _ahead(study: _Study, side: Side, option_id: str, answer_id: str, extra: Changes) -> Effects:
    """The pair's effects (`_Study.pair`), with `extra` meter changes of the turn
    (situations, a pledge) added."""
    own, alliance, shift, moved = study.pair(side, option_id, answer_id)
    scale, index_scale = study.interest_scale[side], study.index_scale
    own += sum(scale.get(meter, 0.0) * delta for meter, delta in extra)
    more = sum(index_scale.get(meter, 0.0) * delta for meter, delta in extra)
    alliance, shift = alliance + more, shift + more
    summed = dict(moved)
    for meter, delta in extra:
        summed[meter] = summed.get(meter, 0) + delta
    return own, alliance, shift, summed


@lru_cache(maxsize=4096)
def _appeal(lookup: ScenarioIndex, persona_id: str, option_id: str) -> float:
    """The part of an option's score that never changes: its worth and its stance."""
    persona, option = lookup.personas[persona_id], lookup.options[option_id]
    interest_gain, alliance_gain = lookup.worth[option_id]
    return (
        persona.interest * interest_gain / POINTS
        + persona.alliance * alliance_gain / POINTS
        + float(getattr(persona.stance, option.stance.value))
    )


def _hand(state: GameState, side: Side) -> tuple[str, ...]:
    """`GameState.hand`, from a table of the turn's offer."""
    return _hands(state.offer)[side]


@lru_cache(maxsize=4096)
def _hands(offer: tuple[tuple[Side, str], ...]) -> dict[Side, tuple[str, ...]]:
    return {side: tuple(card for who, card in offer if who is side) for side in SIDES}


def _last_stance(study: _Study, state: GameState, side: Side) -> int | None:
    chosen = state.history[-1].choice(side) if state.history else None
    if chosen is None:  # the first turn, or after a skipped one
        return None
    return study.stance[chosen]


Leanings = tuple[tuple[Option, float, int, float], ...]
"""Each option in a hand with what a persona makes of it before the alliance's mood."""
Prospects = tuple[outlook.Aim | None, tuple[float, ...]]
Effects = tuple[float, float, float, Mapping[str, int]]
"""What a turn does for a side beyond its option as written: own score and alliance index
gained, the index's whole shift, every meter change."""


class _Study:
    """A scenario as the computer players know it by heart: what they read on every turn,
    worked out once, or once for each case as it comes up."""

    def __init__(self, lookup: ScenarioIndex) -> None:
        self.lookup = lookup
        self.stance = {o.id: STANCE_VALUE[o.stance] for o in lookup.options.values()}
        """Option id -> the value of its stance."""
        self.broke = {side: rules.broke_pledge(side) for side in SIDES}
        """Side -> the flag it carries once it has broken a pledge."""
        self.tested = {
            card: any(card in cards for cards in lookup.testing.values()) for card in lookup.cards
        }
        """Card id -> whether some pledge is put to the test by it."""
        # The joint outcomes (by position) each option can take part in, as each side's
        # (`ScenarioIndex.joining`): a pair's are those both can, in scenario order.
        options = lookup.options.values()
        self.as_moscow = lookup.joining[Side.MOSCOW]
        self.as_tehran = {o: frozenset(at) for o, at in lookup.joining[Side.TEHRAN].items()}
        self.totals = {o.id: dict(o.totals) for o in options}
        """Option id -> every meter change it brings, lasting effects included."""
        self.joint_changes = tuple(joint.changes for joint in lookup.joint.values())
        self.interest_scale, self.index_scale = lookup.interest_scale, lookup.index_scale
        self.worth = lookup.worth
        self._pairs: dict[tuple[Side, str, str], Effects] = {}
        self._leanings: dict[tuple[str, tuple[str, ...], int | None], Leanings] = {}
        self._hopes: dict[tuple[str, Side, int], bool] = {}
        self._offered: dict[tuple[str, ...], tuple[Option, ...]] = {}
        self._judged: dict[tuple[str, str], Changes] = {}
        self._prospects: dict[tuple[Side, str | None], Prospects] = {}
        self._by_stance: dict[tuple[tuple[str, ...], Stance], Option] = {}

    def offered(self, hand: tuple[str, ...]) -> tuple[Option, ...]:
        """Every option of the cards in a hand (`rules.offered`)."""
        found = self._offered.get(hand)
        if found is None:
            cards = self.lookup.cards
            found = self._offered[hand] = tuple(o for c in hand for o in cards[c].options)
        return found

    def by_stance(self, hand: tuple[str, ...], stance: Stance) -> Option:
        """`by_stance` among the options of a hand."""
        key = (hand, stance)
        found = self._by_stance.get(key)
        if found is None:
            found = self._by_stance[key] = by_stance(self.offered(hand), stance)
        return found

    def joint_effects(self, moscow: str, tehran: str) -> Changes:
        """The meter changes of the joint outcomes this pair of options triggers, in
        scenario order (those of `ScenarioIndex.joint_for`)."""
        theirs = self.as_tehran[tehran]
        return tuple(
            change
            for i in self.as_moscow[moscow]
            if i in theirs
            for change in self.joint_changes[i]
        )

    def pair(self, side: Side, option_id: str, answer_id: str) -> Effects:
        """What a pair of choices does beyond the chooser's option as written: (own score
        gained through joint outcomes, alliance index gained through them, the whole turn's
        shift of the index, every meter change of the turn), situations aside."""
        key = (side, option_id, answer_id)
        found = self._pairs.get(key)
        if found is None:
            found = self._pairs[key] = self._pair(side, option_id, answer_id)
        return found

    def _pair(self, side: Side, option_id: str, answer_id: str) -> Effects:
        moscow, tehran = (answer_id, option_id) if side is _TEHRAN else (option_id, answer_id)
        extra = self.joint_effects(moscow, tehran)
        scale, index_scale = self.interest_scale[side], self.index_scale
        own = sum(scale.get(m, 0.0) * d for m, d in extra)
        alliance = sum(index_scale.get(m, 0.0) * d for m, d in extra)
        shift = self.worth[option_id][1] + self.worth[answer_id][1] + alliance
        moved = dict(self.totals[option_id])
        for meter, delta in self.totals[answer_id].items():
            moved[meter] = moved.get(meter, 0) + delta
        for meter, delta in extra:
            moved[meter] = moved.get(meter, 0) + delta
        return own, alliance, shift, moved

    def judged(self, pledge_id: str, option_id: str) -> Changes:
        """What a side's own pledge does to the turn if it takes an option: broken, kept at
        a cost, or an empty promise (nothing on the card could break it)."""
        key = (pledge_id, option_id)
        found = self._judged.get(key)
        if found is None:
            look = self.lookup
            promise = look.pledges[pledge_id]
            if option_id in look.breaking[pledge_id]:
                found = promise.broken.changes
            elif look.card_of_option[option_id].id in look.testing[pledge_id]:
                found = promise.changes
            else:
                found = ()
            self._judged[key] = found
        return found

    def prospects(self, scenario: Scenario, side: Side, agenda_id: str | None) -> Prospects:
        """A side's agenda, compiled (if it has one), and what it can expect of the
        end-state payoff at each point of the index."""
        key = (side, agenda_id)
        found = self._prospects.get(key)
        if found is None:
            aim = outlook.Aim.of(scenario, agenda_id) if agenda_id else None
            found = self._prospects[key] = (aim, outlook.payoff_curve(scenario, side))
        return found

    def leanings(
        self, persona_id: str, hand: tuple[str, ...], partner_last: int | None
    ) -> Leanings:
        """Each option in the hand with what a persona makes of it before the alliance's
        mood: its appeal, its stance's value, and what answering the partner's last stance
        (if any) with it costs."""
        key = (persona_id, hand, partner_last)
        found = self._leanings.get(key)
        if found is None:
            lookup = self.lookup
            persona = lookup.personas[persona_id]
            leaning = []
            for option in self.offered(hand):
                stance = self.stance[option.id]
                answering = (
                    persona.reciprocity * abs(stance - partner_last) / 2
                    if partner_last is not None
                    else 0.0
                )
                appeal = _appeal(lookup, persona_id, option.id)
                leaning.append((option, appeal, stance, answering))
            found = self._leanings[key] = tuple(leaning)
        return found

    def hopeful(self, persona_id: str, side: Side, turns_left: int) -> bool:
        """Whether some lever of the side could clear a persona's bar with `turns_left`:
        whether the most it can be worth (whichever of its situations hold) tops the bar
        with every use still left, the lowest the bar can be then."""
        key = (persona_id, side, turns_left)
        found = self._hopes.get(key)
        if found is None:
            found = self._hopes[key] = any(
                self._peak(persona_id, lever) > LEVER_BAR * max(0.0, 1 - lever.uses / turns_left)
                for lever in self.lookup.levers_of[side]
            )
        return found

    def _peak(self, persona_id: str, lever: Lever) -> float:
        """The most a lever can be worth to a persona, whichever of its situations hold."""
        situations = range(len(lever.situations))
        return max(
            _lever_worth(
                self.lookup,
                persona_id,
                lever.side,
                lever.id,
                tuple(change for i in held for change in lever.situations[i].changes),
            )
            for size in range(len(lever.situations) + 1)
            for held in combinations(situations, size)
        )


@lru_cache(maxsize=16)
def _study(lookup: ScenarioIndex) -> _Study:
    return _Study(lookup)
