"""The design audit: does a scenario offer real decisions? (`alliance-game analyze`)

It plays many computer games through the same `Game` path as every front end and
measures what GAME-DESIGN.md asks of a strategy game:

- `payoffs`: each side's mean final score for every pairing of fixed policies, personas
  and `random`, with 95% confidence intervals; best responses; dominated policies; the
  strategist (a deliberate player) against every opponent;
- `dilemma`: mutual cooperation against mutual competition, the temptation to exploit
  a cooperator and the sucker's payoff;
- `cards`: what each option is worth to its chooser and to the alliance, in the games
  where it was offered;
- `agency`: how often one choice, flipped with everything else equal, changes the ending;
- `arc`: how far the alliance index travels in a game and how often its heading turns;
- `reachability`: whether a player aiming at an end state gets there, against each
  persona; the end-state shares under mixed play;
- `fairness`: the starting scores and the spread of final scores;
- `content`: what never happens, how much of its deck a side sees, how alike games are;
- `verdict`: each target of the scenario's `audit:` section, its value and whether it passes.

Work is split into batches of games, each a pure function of the scenario and its seeds,
so the result is the same whatever `jobs` is.
"""

from __future__ import annotations

import gc
import itertools
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from . import forces, loader, outlook, policies, simulate
from .game import Game
from .scenario import SIDES, AuditTargets, Chain, Scenario, Side
from .state import GameState, Kind

Batch = tuple[str, tuple[Any, ...]]
"""A unit of work: its kind and its arguments (plain values, so it can go to a worker)."""


@dataclass(frozen=True)
class Size:
    """How many games each part of the audit plays, from `--games N`."""

    pairing: int
    """Games for each pairing of the payoff matrix (N)."""
    search: int
    """Games for each pairing with a searching player: the strategist, the aimed players."""
    mixed: int
    """Games of mixed play, for the arc, the shares and content."""
    flipped: int
    """Games of mixed play whose every choice is flipped, for agency and card worth."""

    @classmethod
    def of(cls, games: int) -> Size:
        return cls(
            pairing=games,
            search=max(4, games // 10),
            mixed=max(20, games * 5),
            flipped=max(4, games // 2),
        )


@dataclass(frozen=True)
class Played:
    """One game, reduced to what the audit reads."""

    players: tuple[str, str]
    seed: int
    end_state: str
    scores: tuple[float, float]
    """Moscow's and Tehran's final scores."""
    readings: tuple[tuple[float, str], ...]
    """(alliance index, heading) before each decision, then once the game has ended."""
    decisions: tuple[tuple[str, str, str], ...]
    """(side, card id, option id) for every choice, in order."""
    fired: tuple[str, ...]
    happened: tuple[tuple[int, str], ...] = ()
    """(turn, id) of every card played and event fired, for chains."""
    promises: tuple[tuple[str, str], ...] = ()
    """(pledge id, `kept`, `broken` or `empty`) for every pledge judged."""
    levers: tuple[str, ...] = ()
    """Every lever used."""
    dealt: tuple[tuple[str, str], ...] = ()
    """(side, card id) of every card dealt, played or not."""


@dataclass(frozen=True)
class Flip:
    """One choice of a mixed game, and what every option on that card would have led to."""

    turn: int
    side: str
    card: str
    chosen: str
    outcomes: tuple[tuple[str, str, float, float, float, float], ...]
    """(option id, ending, chooser's final score, final alliance index, chooser's score
    change and index change this turn) for every option of the card."""


# --- playing ----------------------------------------------------------------------------


def play(scenario: Scenario, seed: int, moscow: str, tehran: str) -> tuple[Game, list[GameState]]:
    """A computer game to its end, and the state before each of its decisions."""
    game = Game.new(scenario, seed, {Side.MOSCOW: moscow, Side.TEHRAN: tehran})
    before = []
    while not game.over:
        before.append(game.state)
        game.advance()
    return game, before


def reduce(scenario: Scenario, game: Game, before: list[GameState]) -> Played:
    """What the audit keeps of a finished game."""
    state = game.state
    assert state.ending is not None
    readings = [(s.outlook.index, s.outlook.heading) for s in before]
    readings.append((state.outlook.index, state.outlook.heading))
    card_of = scenario.lookup.card_of_option
    decisions = tuple(
        (side.value, card_of[option].id, option)
        for record in state.history
        for side, option in record.choices
    )
    scores = dict(state.ending.scores)
    return Played(
        players=(game.seats[Side.MOSCOW], game.seats[Side.TEHRAN]),
        seed=state.seed,
        end_state=state.ending.end_state,
        scores=(scores[Side.MOSCOW], scores[Side.TEHRAN]),
        readings=tuple(readings),
        decisions=decisions,
        fired=tuple(sorted(state.fired)),
        happened=tuple(forces.happened(scenario, state)),
        promises=tuple(
            (e.ref, e.kind.value)
            for e in state.log
            if e.kind in (Kind.KEPT, Kind.BROKEN, Kind.EMPTY)
        ),
        levers=tuple(e.ref for e in state.log if e.kind is Kind.LEVER),
        dealt=tuple((side.value, card) for record in state.history for side, card in record.cards),
    )


def mixed_seats(scenario: Scenario, seed: int) -> tuple[str, str]:
    """The computer players of a mixed game: the simulator's draw for the same seed."""
    seats = simulate.seats_for(scenario, seed, simulate.MIXED, simulate.MIXED)
    return seats[Side.MOSCOW], seats[Side.TEHRAN]


def flips(scenario: Scenario, game: Game, before: list[GameState]) -> list[Flip]:
    """Every choice of a game, each option of its card played out with all else equal."""
    found = []
    for state, record in zip(before, game.state.history, strict=True):
        for side in SIDES:
            chosen = record.choice(side)
            if chosen is None:
                continue
            card = scenario.lookup.card_of_option[chosen]
            outcomes = tuple(
                _outcome(scenario, game, state, side, option.id) for option in card.options
            )
            found.append(Flip(state.turn, side.value, card.id, chosen, outcomes))
    return found


def _outcome(
    scenario: Scenario, game: Game, state: GameState, side: Side, option: str
) -> tuple[str, str, float, float, float, float]:
    """Where the game goes when `side` takes `option` in `state`, everything else equal."""
    branch = Game(scenario, state, dict(game.seats), chosen={side: option})
    branch.advance()
    after = branch.state
    while not branch.over:
        branch.advance()
    ending = branch.state.ending
    assert ending is not None
    moved = _resolution(scenario, state, after, side)
    return (
        option,
        ending.end_state,
        dict(ending.scores)[side],
        branch.state.outlook.index,
        outlook.score_change(scenario, moved, side),
        outlook.index_change(scenario, moved),
    )


def _resolution(
    scenario: Scenario, before: GameState, after: GameState, side: Side
) -> list[tuple[str, int]]:
    """The meter changes of a turn's resolution that `side`'s choice brought: its own
    option (lasting effects counted in full) and the joint outcomes of the pair."""
    option = scenario.lookup.options
    moved: list[tuple[str, int]] = []
    for entry in after.log[len(before.log) :]:
        if entry.turn != before.turn:
            break
        if entry.kind is Kind.CHOICE and entry.side is side:
            moved += entry.changes
            lasting = option[entry.ref].lasting
            if lasting:
                moved += [(m, d * lasting.turns) for m, d in lasting.changes]
        elif entry.kind is Kind.JOINT:
            moved += entry.changes
    return moved


def run_batch(scenario: Scenario, batch: Batch) -> list[Any]:
    """Play one batch: a pairing over some seeds, or mixed games (flipped or not)."""
    kind, args = batch
    if kind == "pairing":
        moscow, tehran, seeds = args
        return [reduce(scenario, *play(scenario, s, moscow, tehran)) for s in seeds]
    if kind == "mixed":
        (seeds,) = args
        return [reduce(scenario, *play(scenario, s, *mixed_seats(scenario, s))) for s in seeds]
    if kind == "flipped":
        (seeds,) = args
        out: list[Any] = []
        for s in seeds:
            game, before = play(scenario, s, *mixed_seats(scenario, s))
            out.extend(flips(scenario, game, before))
        return out
    raise ValueError(f"unknown batch kind {kind!r}")


_WORKER: Scenario | None = None


def _start_worker(text: bytes, name: str) -> None:
    global _WORKER
    _WORKER = loader.parse(text, name)
    gc.freeze()
    gc.set_threshold(*simulate.FEW_COLLECTIONS)  # as `few_collections`, for the worker's life


def _run_in_worker(batch: Batch) -> list[Any]:
    assert _WORKER is not None
    return run_batch(_WORKER, batch)


# --- the audit --------------------------------------------------------------------------


@dataclass
class Plan:
    """The batches an audit plays, in a fixed order."""

    batches: list[Batch] = field(default_factory=list)
    games: list[int] = field(default_factory=list)
    """Games in each batch, for progress."""

    def add(self, kind: str, *args: Any) -> None:
        self.batches.append((kind, args))
        self.games.append(len(args[-1]))


def columns(scenario: Scenario) -> list[str]:
    """The players of the payoff matrix: fixed policies, personas, `random`."""
    return [*policies.FIXED, *scenario.lookup.personas, policies.RANDOM]


def candidates(scenario: Scenario) -> list[str]:
    """The players among which a best response is sought: fixed policies and personas."""
    return [*policies.FIXED, *scenario.lookup.personas]


def plan(scenario: Scenario, size: Size, seed: int) -> Plan:
    """Every batch of an audit of this size."""
    work = Plan()
    players = columns(scenario)
    chunk = 25
    for moscow in players:
        for tehran in players:
            for start in range(0, size.pairing, chunk):
                seeds = range(seed + start, seed + min(size.pairing, start + chunk))
                work.add("pairing", moscow, tehran, tuple(seeds))
    search = tuple(range(seed, seed + size.search))
    for opponent in players:
        work.add("pairing", policies.STRATEGIST, opponent, search)
        work.add("pairing", opponent, policies.STRATEGIST, search)
    for persona in scenario.lookup.personas:
        for end in scenario.lookup.by_centre:
            work.add("pairing", policies.AIM + end.id, persona, search)
            work.add("pairing", persona, policies.AIM + end.id, search)
    for start in range(0, size.mixed, chunk * 4):
        seeds = range(seed + start, seed + min(size.mixed, start + chunk * 4))
        work.add("mixed", tuple(seeds))
    for start in range(0, size.flipped, 5):
        seeds = range(seed + start, seed + min(size.flipped, start + 5))
        work.add("flipped", tuple(seeds))
    return work


def audit(
    scenario: Scenario,
    games: int = 100,
    seed: int = 0,
    jobs: int = 1,
    source: tuple[bytes, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The whole audit as one JSON-ready object. `source` (the scenario's text and name)
    lets `jobs` worker processes load it; `progress(done, total)` counts games."""
    size = Size.of(games)
    work = plan(scenario, size, seed)
    with simulate.few_collections():
        results = _execute(scenario, work, jobs, source, progress)
    found: dict[str, list[Any]] = {"pairing": [], "mixed": [], "flipped": []}
    for (kind, _), result in zip(work.batches, results, strict=True):
        found[kind].extend(result)
    played, mixed, flipped = found["pairing"], found["mixed"], found["flipped"]
    return Findings(scenario, size, seed, played, mixed, flipped).report()


def _execute(
    scenario: Scenario,
    work: Plan,
    jobs: int,
    source: tuple[bytes, str] | None,
    progress: Callable[[int, int], None] | None,
) -> list[list[Any]]:
    total, done = sum(work.games), 0
    if jobs <= 1 or source is None:
        results = []
        for batch, n in zip(work.batches, work.games, strict=True):
            results.append(run_batch(scenario, batch))
            done += n
            if progress:
                progress(done, total)
        return results
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=source) as pool:
        futures = [pool.submit(_run_in_worker, b) for b in work.batches]
        results = []
        for future, n in zip(futures, work.games, strict=True):
            results.append(future.result())
            done += n
            if progress:
                progress(done, total)
        return results


# --- what the games add up to -------------------------------------------------------------


def mean_ci(values: Sequence[float]) -> dict[str, Any]:
    """Mean and 95% confidence interval (normal approximation)."""
    n = len(values)
    mean = statistics.fmean(values) if values else 0.0
    half = 1.96 * statistics.stdev(values) / math.sqrt(n) if n > 1 else 0.0
    return {"mean": round(mean, 2), "ci95": [round(mean - half, 2), round(mean + half, 2)], "n": n}


def quantiles(values: Sequence[float]) -> dict[str, float]:
    """Median, quartiles and extremes."""
    if not values:
        return {"median": 0.0, "p25": 0.0, "p75": 0.0, "min": 0.0, "max": 0.0}
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else ordered * 3
    return {
        "median": round(statistics.median(ordered), 2),
        "p25": round(q[0], 2),
        "p75": round(q[2], 2),
        "min": round(ordered[0], 2),
        "max": round(ordered[-1], 2),
    }


def share(count: float, total: float) -> float:
    return round(count / total, 4) if total else 0.0


class Findings:
    """The audit's measures, from the games it played."""

    def __init__(
        self,
        scenario: Scenario,
        size: Size,
        seed: int,
        played: list[Played],
        mixed: list[Played],
        flipped: list[Flip],
    ) -> None:
        self.scenario = scenario
        self.size = size
        self.seed = seed
        self.targets = scenario.audit or AuditTargets()
        self.by_pair: dict[tuple[str, str], list[Played]] = defaultdict(list)
        for game in played:
            self.by_pair[game.players].append(game)
        self.played = played
        self.mixed = mixed
        self.flipped = flipped
        self.cols = columns(scenario)
        self.rows = candidates(scenario)

    def score(self, side: Side, own: str, opponent: str) -> list[float]:
        """`side`'s final scores when it plays `own` against `opponent`."""
        pair = (own, opponent) if side is Side.MOSCOW else (opponent, own)
        at = 0 if side is Side.MOSCOW else 1
        return [g.scores[at] for g in self.by_pair[pair]]

    def mean(self, side: Side, own: str, opponent: str) -> float:
        values = self.score(side, own, opponent)
        return statistics.fmean(values) if values else 0.0

    # --- sections ---

    def payoffs(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "players": self.cols,
            "games_per_pairing": self.size.pairing,
            "note": "each side's mean final score: rows are its own player, columns its opponent",
        }
        for side in SIDES:
            table = {
                own: {opp: mean_ci(self.score(side, own, opp)) for opp in self.cols}
                for own in self.cols
            }
            out[side.value] = table
        out["best_response"] = {
            side.value: {opp: self.best_response(side, opp) for opp in self.cols} for side in SIDES
        }
        out["dominated"] = {side.value: self.dominated(side) for side in SIDES}
        out["strategist"] = {
            side.value: {
                "games_per_pairing": self.size.search,
                "against": {
                    opp: mean_ci(self.score(side, policies.STRATEGIST, opp)) for opp in self.cols
                },
            }
            for side in SIDES
        }
        return out

    def best_response(self, side: Side, opponent: str) -> str:
        """The fixed policy or persona that scores best for `side` against `opponent`."""
        return max(self.rows, key=lambda own: self.mean(side, own, opponent))

    def dominated(self, side: Side) -> list[dict[str, str]]:
        """Candidates another candidate beats against every opponent."""
        found = []
        for own in self.rows:
            for other in self.rows:
                if other != own and all(
                    self.mean(side, other, opp) > self.mean(side, own, opp) for opp in self.cols
                ):
                    found.append({"policy": own, "by": other})
                    break
        return found

    def dominant_policy(self, side: Side) -> str | None:
        """A fixed policy that is the best response to every opponent, if there is one."""
        best = {self.best_response(side, opp) for opp in self.cols}
        if len(best) == 1 and (only := best.pop()) in policies.FIXED:
            return only
        return None

    def dilemma(self) -> dict[str, Any]:
        out = {}
        for side in SIDES:
            reward = self.mean(side, "cooperate", "cooperate")
            punishment = self.mean(side, "compete", "compete")
            temptation = self.mean(side, "compete", "cooperate")
            sucker = self.mean(side, "cooperate", "compete")
            beaten_by = next(
                (d["by"] for d in self.dominated(side) if d["policy"] == "cooperate"), None
            )
            out[side.value] = {
                "mutual_cooperation": round(reward, 2),
                "mutual_competition": round(punishment, 2),
                "temptation": round(temptation, 2),
                "sucker": round(sucker, 2),
                "shape": dilemma_shape(temptation, reward, punishment, sucker),
                "cooperation_pays": reward > punishment,
                "cooperate_dominated": beaten_by is not None,
                "cooperate_dominated_by": beaten_by,
            }
        return out

    def cards(self) -> dict[str, Any]:
        worth: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        flagged: dict[str, bool] = {}
        for flip in self.flipped:
            scores = [o[2] for o in flip.outcomes]
            middle = statistics.fmean(scores)
            for option_id, _, final, _, now, moved in flip.outcomes:
                worth[option_id]["self"].append(now)
                worth[option_id]["alliance"].append(moved)
                worth[option_id]["final_self"].append(final - middle)
            greedy = max(flip.outcomes, key=lambda o: o[4])[0]
            harmful = min(flip.outcomes, key=lambda o: o[5])[0]
            flagged[flip.card] = flagged.get(flip.card, True) and greedy == harmful
        look = self.scenario.lookup
        options = {}
        for card in self.scenario.cards:
            for option in card.options:
                seen = worth.get(option.id, {})
                options[option.id] = {
                    "card": card.id,
                    "side": card.side.value,
                    "stance": option.stance.value,
                    "offered": len(seen.get("self", [])),
                    "self": _mean(seen.get("self", [])),
                    "alliance": _mean(seen.get("alliance", [])),
                    "final_self": _mean(seen.get("final_self", [])),
                }
        orders = Counter(tuple(o.stance.value for o in c.options) for c in self.scenario.cards)
        common, count = orders.most_common(1)[0] if orders else ((), 0)
        fixed_order = [
            c.id for c in self.scenario.cards if tuple(o.stance.value for o in c.options) == common
        ]
        return {
            "note": (
                "self and alliance: what an option did this turn, in the games where its card "
                "came up, to its chooser's score and to the alliance index; final_self: its "
                "chooser's final score against the card's average"
            ),
            "options": options,
            "self_serving_hurts_alliance": sorted(c for c, f in flagged.items() if f),
            "stance_order": {
                "most_common": list(common),
                "cards": fixed_order if count > 1 and len(look.cards) > 1 else [],
                "share": share(count, len(self.scenario.cards)),
                "shown_in_seeded_order": self.scenario.rules.shuffle_options,
            },
        }

    def agency(self) -> dict[str, Any]:
        flips = changed = 0
        by_turn: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for flip in self.flipped:
            ending = next(o[1] for o in flip.outcomes if o[0] == flip.chosen)
            for option, end, *_ in flip.outcomes:
                if option == flip.chosen:
                    continue
                flips += 1
                changed += end != ending
                by_turn[flip.turn][0] += 1
                by_turn[flip.turn][1] += end != ending
        return {
            "games": self.size.flipped,
            "flips": flips,
            "changed_ending": share(changed, flips),
            "by_turn": {str(t): share(c, n) for t, (n, c) in sorted(by_turn.items())},
        }

    def arc(self) -> dict[str, Any]:
        ranges, changes, last_change, settled = [], [], [], 0
        for game in self.mixed:
            indexes = [i for i, _ in game.readings]
            headings = [h for _, h in game.readings]
            ranges.append(max(indexes) - min(indexes))
            turns = [t for t in range(1, len(headings)) if headings[t] != headings[t - 1]]
            changes.append(len(turns))
            last_change.append(turns[-1] if turns else 0)
            settled += all(h == game.end_state for h in headings)
        n = len(self.mixed)
        return {
            "games": n,
            "index_range": quantiles(ranges),
            "heading_changes": {
                "mean": round(statistics.fmean(changes), 2) if changes else 0.0,
                "distribution": {
                    str(k): share(v, n)
                    for k, v in sorted(Counter(min(c, 4) for c in changes).items())
                },
                "two_or_more": share(sum(c >= 2 for c in changes), n),
            },
            "settled_from_turn_1": share(settled, n),
            "last_change_turn": quantiles(last_change),
        }

    def reachability(self) -> dict[str, Any]:
        needed = self.targets.reach_share
        personas = list(self.scenario.lookup.personas)
        ends = [e.id for e in self.scenario.lookup.by_centre]
        shares: dict[str, Any] = {}
        reached: dict[str, Any] = {}
        for side in SIDES:
            shares[side.value] = {}
            reached[side.value] = {e: [] for e in ends}
            for persona in personas:
                shares[side.value][persona] = {}
                for end in ends:
                    games = self._aimed(side, end, persona)
                    value = share(sum(g.end_state == end for g in games), len(games))
                    shares[side.value][persona][end] = value
                    if value >= needed:
                        reached[side.value][end].append(persona)
        counts = Counter(g.end_state for g in self.mixed)
        return {
            "note": "a player aiming at each end state (aim:END), against each persona",
            "games_per_pairing": self.size.search,
            "share_needed": needed,
            "aimed": shares,
            "reached_against": reached,
            "mixed_play": {
                "games": len(self.mixed),
                "shares": {e: share(counts[e], len(self.mixed)) for e in ends},
            },
        }

    def _aimed(self, side: Side, end: str, persona: str) -> list[Played]:
        aim = policies.AIM + end
        return self.by_pair[(aim, persona) if side is Side.MOSCOW else (persona, aim)]

    def fairness(self) -> dict[str, Any]:
        start = self.scenario.lookup.start
        return {
            "start": {s.value: 0 for s in SIDES},
            "start_interest": {
                s.value: outlook.interest_score(self.scenario, start, s) for s in SIDES
            },
            "scores_from_start": True,
            "final_under_mixed_play": {
                s.value: {
                    **quantiles([g.scores[i] for g in self.mixed]),
                    "sd": round(statistics.pstdev([g.scores[i] for g in self.mixed]), 2)
                    if self.mixed
                    else 0.0,
                }
                for i, s in enumerate(SIDES)
            },
        }

    def content(self) -> dict[str, Any]:
        games = [*self.played, *self.mixed]
        chosen = {option for g in games for _, _, option in g.decisions}
        fired = {e for g in games for e in g.fired}
        look = self.scenario.lookup
        used = Counter(lever for g in self.mixed for lever in g.levers)
        judged = Counter(verdict for g in self.mixed for _, verdict in g.promises)
        return {
            "options_never_chosen": [o for o in look.options if o not in chosen],
            "events_never_fired": [e for e in look.events if e not in fired],
            "levers_never_used": [lever for lever in look.levers if not used[lever]],
            "chains": [
                {
                    "id": chain.id,
                    "steps": len(chain.steps),
                    "completed": share(
                        sum(completes(chain, g) for g in self.mixed), len(self.mixed)
                    ),
                }
                for chain in self.scenario.chains
            ],
            "pledges": {
                "per_game": round(sum(judged.values()) / max(1, len(self.mixed)), 2),
                "kept": share(judged["kept"], judged["kept"] + judged["broken"]),
                "empty": share(judged["empty"], sum(judged.values())),
            },
            "levers_per_game": {
                lever: round(used[lever] / max(1, len(self.mixed)), 2) for lever in look.levers
            },
            "deck_seen_share": {
                side.value: _mean(
                    [
                        len({c for s, c in g.dealt if s == side.value})
                        / max(1, len(look.cards_of[side]))
                        for g in self.mixed
                    ]
                )
                for side in SIDES
            },
            "decision_overlap": self.decision_overlap(),
        }

    def decision_overlap(self) -> float:
        """How alike two games of the same players with different seeds are: the share of
        decisions (side, card, option) they have in common, averaged over neighbouring seeds."""
        overlaps = []
        for persona_m in self.scenario.lookup.personas:
            for persona_t in self.scenario.lookup.personas:
                games = self.by_pair[(persona_m, persona_t)]
                for a, b in itertools.pairwise(games):
                    one, two = set(a.decisions), set(b.decisions)
                    overlaps.append(len(one & two) / max(1, len(one), len(two)))
        return _mean(overlaps)

    # --- the verdict ---

    def verdict(self, sections: dict[str, Any]) -> list[dict[str, Any]]:
        t = self.targets
        rows: list[dict[str, Any]] = []

        def check(target: str, value: Any, threshold: Any, passed: bool) -> None:
            rows.append({"target": target, "value": value, "threshold": threshold, "pass": passed})

        for side in SIDES:
            dominant = self.dominant_policy(side)
            check(
                f"no_dominant_policy.{side.value}",
                dominant or "none",
                "no fixed policy best against all",
                dominant is None,
            )
        for side in SIDES:
            d = sections["dilemma"][side.value]
            margin = round(d["mutual_cooperation"] - d["mutual_competition"], 2)
            check(
                f"cooperation_pays.{side.value}",
                margin,
                f"> {t.cooperation_margin}",
                margin > t.cooperation_margin,
            )
        agency = sections["agency"]["changed_ending"]
        check("agency", agency, f">= {t.agency}", agency >= t.agency)
        arc = sections["arc"]
        span = arc["index_range"]["median"]
        check("arc.index_range", span, f">= {t.index_range}", span >= t.index_range)
        turning = arc["heading_changes"]["two_or_more"]
        check(
            "arc.two_heading_changes",
            turning,
            f">= {t.heading_changes}",
            turning >= t.heading_changes,
        )
        settled = arc["settled_from_turn_1"]
        check("arc.settled_from_turn_1", settled, f"<= {t.settled}", settled <= t.settled)
        reach = sections["reachability"]
        personas = len(self.scenario.lookup.personas)
        needed = min(t.reach_personas, personas)
        for side in SIDES:
            for end, against in reach["reached_against"][side.value].items():
                check(
                    f"reachable.{side.value}.{end}",
                    len(against),
                    f">= {needed} of {personas} personas",
                    len(against) >= needed,
                )
        mixed = reach["mixed_play"]["shares"]
        ordered = self.scenario.lookup.by_centre
        if len(ordered) % 2:
            middle = ordered[len(ordered) // 2].id
            top = max(mixed, key=lambda e: mixed[e])
            check("mixed.middle_most_common", top, middle, mixed[middle] == max(mixed.values()))
        for end, value in mixed.items():
            check(f"mixed.{end}", value, f">= {t.end_state_share}", value >= t.end_state_share)
        for side in SIDES:
            edge = self.deliberate_edge(side)
            check(
                f"deliberate_edge.{side.value}",
                edge,
                f">= {t.deliberate_edge}",
                edge >= t.deliberate_edge,
            )
        fair = sections["fairness"]
        gap = round(abs(fair["start"]["moscow"] - fair["start"]["tehran"]), 2)
        check(
            "fairness.start_gap",
            0 if fair["scores_from_start"] else gap,
            f"<= {t.start_gap} (or scores counted from the start)",
            fair["scores_from_start"] or gap <= t.start_gap,
        )
        self._content_verdict(sections["content"], check)
        return rows

    def _content_verdict(self, content: dict[str, Any], check: Callable[..., None]) -> None:
        """The targets on the story and replay value: chains, deck seen, decision overlap."""
        t = self.targets
        long_chains = [c for c in content["chains"] if c["steps"] >= 3]
        check(
            "content.chains",
            len(long_chains),
            f">= {t.chains} of 3+ steps",
            len(long_chains) >= t.chains,
        )
        for chain in content["chains"]:
            check(
                f"content.chain.{chain['id']}",
                chain["completed"],
                f">= {t.chain_share}",
                chain["completed"] >= t.chain_share,
            )
        for side, seen in content["deck_seen_share"].items():
            check(f"content.deck_seen.{side}", seen, f"<= {t.deck_seen}", seen <= t.deck_seen)
        overlap = content["decision_overlap"]
        check(
            "content.decision_overlap",
            overlap,
            f"<= {t.decision_overlap}",
            overlap <= t.decision_overlap,
        )

    def deliberate_edge(self, side: Side) -> float:
        """How far the strategist's mean score beats the best fixed policy's, against the
        same opponents over the same seeds."""
        seeds = self.size.search
        strategist = []
        fixed: dict[str, list[float]] = {p: [] for p in policies.FIXED}
        for opp in self.cols:
            strategist += self.score(side, policies.STRATEGIST, opp)
            for policy in policies.FIXED:
                fixed[policy] += self.score(side, policy, opp)[:seeds]
        best = max(_mean(v) for v in fixed.values())
        return round(_mean(strategist) - best, 2)

    def report(self) -> dict[str, Any]:
        sections: dict[str, Any] = {
            "scenario": self.scenario.id,
            "games": self.size.pairing,
            "seed": self.seed,
            "payoffs": self.payoffs(),
            "dilemma": self.dilemma(),
            "cards": self.cards(),
            "agency": self.agency(),
            "arc": self.arc(),
            "reachability": self.reachability(),
            "fairness": self.fairness(),
            "content": self.content(),
        }
        sections["verdict"] = self.verdict(sections)
        return sections


def completes(chain: Chain, game: Played) -> bool:
    """Whether every step of `chain` happened in `game`, each no earlier than the last."""
    return forces.steps_done(chain, game.happened) == len(chain.steps)


def dilemma_shape(temptation: float, reward: float, punishment: float, sucker: float) -> str:
    """The classic two-by-two game these four payoffs make, from one side's view."""
    if temptation > reward > punishment > sucker:
        return "prisoner's dilemma"
    if reward > temptation and punishment > sucker:
        return "stag hunt" if temptation >= punishment else "coordination"
    if temptation > reward and sucker > punishment:
        return "chicken"
    if reward >= temptation and sucker >= punishment:
        return "harmony (cooperating is safe)"
    if punishment >= reward:
        return "deadlock (competing pays)"
    return "mixed"


def passed(report: dict[str, Any]) -> bool:
    """Whether every target of an audit report passes."""
    return all(row["pass"] for row in report["verdict"])


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return round(statistics.fmean(items), 3) if items else 0.0
