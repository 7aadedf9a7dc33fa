"""The computer players' own tables of a scenario agree with the scenario's index."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_game import loader, outlook, policies
from alliance_game.scenario import Side

ROOT = Path(__file__).parents[2]
SCENARIOS = [
    ROOT / "scenarios" / "default.yaml",
    ROOT / "tests" / "fixtures" / "stakes.yaml",
    ROOT / "tests" / "fixtures" / "promises.yaml",
]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_joint_effects_of_every_pair_are_those_of_the_index(path: Path) -> None:
    scenario = loader.load(path)
    look = scenario.lookup
    study = policies._study(look)
    moscow = [o for c in look.cards_of[Side.MOSCOW] for o in c.options]
    tehran = [o for c in look.cards_of[Side.TEHRAN] for o in c.options]
    for m in moscow:
        for t in tehran:
            written = tuple(change for j in look.joint_for(m.id, t.id) for change in j.changes)
            assert study.joint_effects(m.id, t.id) == written, (m.id, t.id)


def test_the_nearest_point_of_the_index_is_that_of_round() -> None:
    points = [i / 8 for i in range(-100, 1000)] + [49.99999999999999, 50.5000000001, 0.49999999]
    for x in points:
        assert outlook.nearest(x) == round(x), x


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_a_compiled_agenda_is_met_as_its_goal_reads(path: Path) -> None:
    scenario = loader.load(path)
    look = scenario.lookup
    flags = sorted({f for a in look.agendas.values() for f in (*a.goal.flags, *a.goal.not_flags)})
    for agenda in look.agendas.values():
        for shift in range(-30, 31, 3):
            meters = {
                m: min(high, max(low, (low + high) // 2 + shift))
                for m, (low, high) in look.ranges.items()
            }
            for held in ([], flags[:1], flags):
                for end in look.end_states:
                    written = (not agenda.end_states or end in agenda.end_states) and outlook.meets(
                        agenda.goal, meters, set(held)
                    )
                    met = outlook.agenda_met(scenario, agenda.id, meters, set(held), end)
                    assert met == written, (agenda.id, shift, held, end)
