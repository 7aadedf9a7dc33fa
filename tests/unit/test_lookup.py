"""The engine's tables (lookup.py) and the board's meter changes read from them."""

from __future__ import annotations

from alliance_game import rules
from alliance_game.lookup import index_of, moves, net
from alliance_game.scenario import Scenario
from alliance_game.state import Levels


def test_index_of_gives_each_scenario_its_own_tables(mini: Scenario, default: Scenario) -> None:
    for scenario in (mini, default, default, mini):
        assert index_of(scenario) is scenario.lookup


def test_a_condition_on_flags_is_read_as_sorted_tuples(default: Scenario) -> None:
    checks = [
        row.check
        for rows in index_of(default).news_on.values()
        for row in rows
        if row.check is not None and row.check.flagged
    ]
    assert checks
    for check in checks:
        assert isinstance(check.needed, tuple) and list(check.needed) == sorted(check.needed)
        assert isinstance(check.forbidden, tuple)


def test_a_change_logs_what_happened_to_the_meters(mini: Scenario) -> None:
    look = index_of(mini)
    board = rules._Board(look, rules.new_game(mini, seed=1))
    trust = look.places["trust"]
    board.levels[trust] = 95

    def change(written: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
        return board.change(moves(written, look.places), written)

    in_full = (("trust", 3),)
    assert change(in_full) is in_full  # nothing clamped: the effects themselves
    assert change((("trust", 5), ("trust", -10))) == (("trust", 2), ("trust", -10))
    assert change((("trust", 0), ("trust", 4))) == (("trust", 4),)
    assert board.change(((trust, -4),), None) == (("trust", -4),)  # no tuple to hand
    assert board.levels[trust] == 90
    assert Levels(board.ids, board.levels).by_id()["trust"] == 90


def test_an_option_with_situations_holding_adds_their_changes_once_per_meter(
    default: Scenario,
) -> None:
    look = index_of(default)
    situated = [t for t in look.terms.values() if len(t.situated) >= 2]
    assert situated, "the default scenario has options with two situations or more"
    terms = situated[0]
    (_, first), (_, second) = terms.situated[:2]
    both = net(terms.act.changes, (*first, *second))
    assert terms.held(0b11) == (moves(both, look.places), both)
    assert terms.held(0b11)[1] is terms.held(0b11)[1]  # worked out once
    totals: dict[str, int] = {}
    for meter, delta in (*terms.act.changes, *first, *second):
        totals[meter] = totals.get(meter, 0) + delta
    assert dict(both) == {m: d for m, d in totals.items() if d}
    assert len({m for m, _ in both}) == len(both)
    assert terms.held(0b01)[1] == net(terms.act.changes, first)
