"""Many games at once, for balance: how often each end state comes up, and what never happens."""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from . import policies
from .game import Game
from .scenario import Scenario, Side

MIXED = "mixed"
"""Draw a computer player afresh for each game, with equal chances, from the scenario's
personas and `random` (the draw is fixed by the game's seed)."""
FEW_COLLECTIONS = (100_000, 50, 1_000)
"""The cycle collector's thresholds while many games are played (`few_collections`)."""


@contextmanager
def few_collections() -> Iterator[None]:
    """Python's cycle collector seldom, while thousands of games are played.

    The games make almost no reference cycles, yet each full collection walks every
    object still alive, and their number grows with every result kept; with the
    collector's usual thresholds that was about a tenth of an audit's time, and 4% of
    a simulation's. Nothing about the results changes."""
    before = gc.get_threshold()
    gc.freeze()  # what is alive now (the scenario, its tables) is never walked again
    gc.set_threshold(*FEW_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


@dataclass
class Summary:
    """What `games` simulated games add up to."""

    scenario: str
    games: int
    seed: int
    players: dict[Side, str]
    end_states: Counter[str] = field(default_factory=Counter)
    ended_early: int = 0
    meter_totals: Counter[str] = field(default_factory=Counter)
    score_totals: Counter[Side] = field(default_factory=Counter)
    chosen: set[str] = field(default_factory=set)
    fired: set[str] = field(default_factory=set)
    thresholds: Counter[str] = field(default_factory=Counter)
    """Threshold id -> games it ended."""
    picks: Counter[str] = field(default_factory=Counter)
    """Option id -> times it was chosen."""

    def share(self, end_state: str) -> float:
        return self.end_states[end_state] / self.games if self.games else 0.0

    def to_json(self, scenario: Scenario) -> dict[str, Any]:
        """The summary as one JSON-ready object."""
        n = max(self.games, 1)
        return {
            "scenario": self.scenario,
            "games": self.games,
            "seed": self.seed,
            "players": {s.value: p for s, p in self.players.items()},
            "end_states": {e.id: self.end_states[e.id] for e in scenario.lookup.by_centre},
            "shares": {e.id: round(self.share(e.id), 4) for e in scenario.lookup.by_centre},
            "ended_early": self.ended_early,
            "mean_meters": {m: round(t / n, 2) for m, t in sorted(self.meter_totals.items())},
            "mean_scores": {s.value: round(self.score_totals[s] / n, 2) for s in Side},
            "thresholds": {t.id: self.thresholds[t.id] for t in scenario.thresholds},
            "options_picked": {
                card.id: {o.id: self.picks[o.id] for o in card.options} for card in scenario.cards
            },
            "options_never_chosen": never_chosen(scenario, self),
            "events_never_fired": never_fired(scenario, self),
        }


def players(scenario: Scenario) -> list[str]:
    """Every computer player name accepted on the command line, `mixed` included."""
    return [*policies.names(scenario), MIXED]


def mixed_pool(scenario: Scenario) -> list[str]:
    """The players a mixed seat is drawn from: the personas, and `random`."""
    return [*scenario.lookup.personas, policies.RANDOM]


def seats_for(scenario: Scenario, seed: int, moscow: str, tehran: str) -> dict[Side, str]:
    """The players of the game with this seed: a `mixed` seat drawn from the seed."""
    if MIXED not in (moscow, tehran):
        return {Side.MOSCOW: moscow, Side.TEHRAN: tehran}
    pick = random.Random(seed * 7 + 3)
    pool = mixed_pool(scenario)
    return {
        side: pick.choice(pool) if player == MIXED else player
        for side, player in ((Side.MOSCOW, moscow), (Side.TEHRAN, tehran))
    }


def run(
    scenario: Scenario,
    games: int,
    seed: int = 0,
    moscow: str = MIXED,
    tehran: str = MIXED,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Play `games` computer-vs-computer games with seeds `seed`, `seed + 1`, ...;
    `progress(done, games)` after each."""
    summary = Summary(scenario.id, games, seed, {Side.MOSCOW: moscow, Side.TEHRAN: tehran})
    with few_collections():
        for i in range(games):
            game_seed = seed + i
            game = Game.new(scenario, game_seed, seats_for(scenario, game_seed, moscow, tehran))
            while not game.over:
                game.advance()
            _tally(scenario, summary, game)
            if progress:
                progress(i + 1, games)
    return summary


def _tally(scenario: Scenario, summary: Summary, game: Game) -> None:
    state = game.state
    assert state.ending is not None
    summary.end_states[state.ending.end_state] += 1
    summary.ended_early += state.ending.cause != "final_turn"
    if state.ending.cause in scenario.lookup.thresholds:
        summary.thresholds[state.ending.cause] += 1
    totals = summary.meter_totals
    for meter, value in state.meters.items():
        totals[meter] = totals.get(meter, 0) + value
    for side, score in state.ending.scores:
        summary.score_totals[side] += score
    picked = [option for record in state.history for _, option in record.choices]
    summary.chosen.update(picked)
    summary.picks.update(picked)
    summary.fired.update(state.fired)  # each event fired (no injects in computer games)


def never_chosen(scenario: Scenario, summary: Summary) -> list[str]:
    return [o for o in scenario.lookup.options if o not in summary.chosen]


def never_fired(scenario: Scenario, summary: Summary) -> list[str]:
    return [e for e in scenario.lookup.events if e not in summary.fired]


def matrix(scenario: Scenario, games: int, seed: int = 0) -> dict[tuple[str, str], Summary]:
    """Every pairing of the personas, the fixed policies and `random` (Moscow, Tehran),
    `games` games each."""
    names = [*scenario.lookup.personas, *policies.FIXED, policies.RANDOM]
    return {(m, t): run(scenario, games, seed, m, t) for m in names for t in names}


def report(scenario: Scenario, summary: Summary) -> str:
    """A readable summary of a simulation run."""
    n = max(summary.games, 1)
    who = ", ".join(f"{scenario.sides[s].name} {p}" for s, p in summary.players.items())
    last = summary.seed + summary.games - 1
    lines = [
        f"{summary.games} games of {scenario.title!r} (seeds {summary.seed}..{last}; {who})",
        *[f"({mixed_text(scenario)})"] * (MIXED in summary.players.values()),
        "",
        "End states:",
    ]
    for e in scenario.lookup.by_centre:
        lines.append(f"  {e.title:<48} {summary.end_states[e.id]:>6}  {summary.share(e.id):6.1%}")
    lines.append(
        f"  ended early at a threshold: {summary.ended_early} ({summary.ended_early / n:.1%})"
    )
    for t in scenario.thresholds:
        ended = summary.thresholds[t.id]
        lines.append(f"    {t.title} ({t.id}): {ended} ({ended / n:.1%})")
    lines.append("")
    lines.append(
        "Mean interest scores: "
        + ", ".join(f"{scenario.sides[s].name} {summary.score_totals[s] / n:.1f}" for s in Side)
    )
    lines.append("Mean final meters:")
    for m in scenario.meters:
        lines.append(f"  {m.label:<36} {summary.meter_totals[m.id] / n:6.1f}")
    lines += ["", "Options picked (share of the times the card was played):"]
    lines += option_lines(scenario, summary)
    unchosen, unfired = never_chosen(scenario, summary), never_fired(scenario, summary)
    lines.append("")
    lines.append(f"Options never chosen ({len(unchosen)}): {', '.join(unchosen) or 'none'}")
    lines.append(f"Events never fired ({len(unfired)}): {', '.join(unfired) or 'none'}")
    return "\n".join(lines) + "\n"


def option_lines(scenario: Scenario, summary: Summary) -> list[str]:
    """`  ru_buyers (played 812 times): ru_buyers_share 61%, ru_buyers_undercut 39%`."""
    lines = []
    for card in scenario.cards:
        played = sum(summary.picks[o.id] for o in card.options)
        shares = ", ".join(
            f"{o.id} {summary.picks[o.id] / max(played, 1):.0%}" for o in card.options
        )
        lines.append(f"  {card.id} (played {played} times): {shares}")
    return lines


def mixed_text(scenario: Scenario) -> str:
    """What a mixed seat draws from, for the report."""
    return f"mixed = each game draws one of {', '.join(mixed_pool(scenario))}, with equal chances"


def matrix_report(scenario: Scenario, results: dict[tuple[str, str], Summary]) -> str:
    """A table of end-state shares for every pairing of computer players."""
    ends = scenario.lookup.by_centre
    head = f"{'Moscow':<12} {'Tehran':<12} " + " ".join(f"{e.id[:13]:>13}" for e in ends)
    lines = [head, "-" * len(head)]
    for (m, t), s in results.items():
        lines.append(f"{m:<12} {t:<12} " + " ".join(f"{s.share(e.id):>13.0%}" for e in ends))
    return "\n".join(lines) + "\n"
