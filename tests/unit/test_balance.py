"""Balance: every shipped scenario held to its design audit (docs/balance.md), at a size
that keeps CI fast, and every option, event and ending of it able to happen."""

from __future__ import annotations

import pytest

from alliance_game import audit, loader, simulate, transcript
from alliance_game.scenario import Scenario

AUDIT_GAMES = 60
SHIPPED = ["default", "classroom", "oil_shock"]


@pytest.fixture(scope="module", params=SHIPPED)
def shipped(request: pytest.FixtureRequest) -> Scenario:
    return loader.load(loader.resolve(request.param))


def test_every_shipped_scenario_passes_its_design_audit(shipped: Scenario) -> None:
    """The audit at a small size, fixed seed: every target of docs/balance.md passes."""
    report = audit.audit(shipped, games=AUDIT_GAMES, seed=0)
    failing = [(r["target"], r["value"]) for r in report["verdict"] if not r["pass"]]
    assert failing == []


def test_every_ending_tells_what_its_game_did(shipped: Scenario) -> None:
    """Two to four epilogue lines for every game, and no price war told without one."""
    price_war = {e.text for e in shipped.epilogues if "price_war_fought" in e.when.flags}
    for seed in range(80):
        game, _ = audit.play(shipped, seed, *audit.mixed_seats(shipped, seed))
        lines = transcript.epilogue(shipped, game.state)
        assert 2 <= len(lines) <= 4, (seed, lines)
        if "price_war_fought" not in game.state.flags:
            assert price_war.isdisjoint(lines), seed


def test_every_option_and_event_can_happen(shipped: Scenario) -> None:
    summary = simulate.run(shipped, 1000, 0)
    assert simulate.never_chosen(shipped, summary) == []
    assert simulate.never_fired(shipped, summary) == []
