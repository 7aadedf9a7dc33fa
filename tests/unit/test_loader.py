"""Scenario loading: bad files give `path:line:col: message` lines, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from alliance_game import catalog, loader
from alliance_game.loader import ScenarioError

MINI = (Path(__file__).parents[1] / "fixtures" / "mini.yaml").read_text()


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loader.parse(text, "s.yaml")
    return [str(p) for p in caught.value.problems]


def edit(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_mini_fixture_loads(mini) -> None:
    assert mini.id == "mini" and len(mini.cards) == 4


def test_unknown_key_points_at_the_key() -> None:
    text = edit("    country: Iran\n", "    country: Iran\n    colour: green\n")
    assert problems(text) == [
        f"s.yaml:{line_of(text, 'colour')}:5: sides.tehran: unknown key 'colour' "
        "(keys here: briefing, country, goals, interests, name, sources)"
    ]


def test_wrong_type_points_at_the_value() -> None:
    text = edit("start: 50, description: Trust.", "start: lots, description: Trust.")
    [line] = problems(text)
    assert line.startswith(f"s.yaml:{line_of(text, 'lots')}:")
    assert line.endswith("meters[0].start: expected a whole number, found 'lots'")


def test_missing_key_is_named() -> None:
    [line] = problems(edit("  turns: 4\n", ""))
    assert "calendar: missing required key 'turns'" in line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: ru_two\n", "id: ru_one\n", "duplicate card id 'ru_one'"),
        ("{id: ru_two_coop,", "{id: ru_one_coop,", "duplicate option id 'ru_one_coop'"),
        (
            "effects: {trust: 10}}\n      - {id: ru_two_comp",
            "effects: {trusst: 10}}\n      - {id: ru_two_comp",
            "unknown meter 'trusst'",
        ),
        ("end_state: low", "end_state: lower", "unknown end state 'lower'"),
        (
            "moscow: [mean]",
            "moscow: [meen]",
            "'meen' is not an option id, tag or stance of a moscow option",
        ),
        ("flags: [betrayed]", "flags: [betrayd]", "flag 'betrayd' is never set"),
        ("effects: {trust: 1}", "effects: {trust: 0}", "a change of 0 can never matter"),
        ("labels: [T1, T2, T3, T4]", "labels: [T1, T2]", "2 labels for 4 turns"),
        ("trust: {max: 5}", "trust: {max: -5}", "trust can never lie in 0..-5"),
        (
            "ref: a000, point: p}]}\n  - {id: mid",
            "ref: a999, point: p}]}\n  - {id: mid",
            "unknown reference 'a999'",
        ),
        ("centre: 80", "centre: 50", "shares its centre with 'mid'"),
        ("{trust: -4, ir_gain: 6}", "{trust: -4, ir_gian: 6}", "unknown meter 'ir_gian'"),
        ("id: sanctions_lifted", "id: storm", "inject id 'storm' is already the id of an event"),
        (
            "interests: {ru_gain: 1}",
            "interests: {ir_gain: 1}",
            "meter 'ir_gain' belongs to tehran, not moscow",
        ),
        ("turn: 1, effects", "turn: 9, effects", "turn 9 is after the last turn (4)"),
        (
            "start: 50, description: Gain.}\n  - {id: ir_gain",
            "start: 150, description: Gain.}\n  - {id: ir_gain",
            "start 150 is outside 0..100",
        ),
    ],
)
def test_cross_reference_problems(old: str, new: str, message: str) -> None:
    text = edit(old, new)
    found = problems(text)
    assert any(message in p for p in found), found
    assert all(p.startswith("s.yaml:") and p.split(":")[1].isdigit() for p in found)


def test_cross_reference_problem_has_the_right_line() -> None:
    text = edit("end_state: low", "end_state: lower")
    [line] = problems(text)
    assert line.startswith(f"s.yaml:{line_of(text, 'end_state: lower')}:")


def test_meter_nothing_reads_is_reported() -> None:
    text = edit(
        "  - {id: ir_gain,",
        "  - {id: spare, label: Spare, owner: world, start: 5, description: x.}\n  - {id: ir_gain,",
    )
    assert any("meter 'spare' is read by no outlook" in p for p in problems(text))


def test_a_side_without_a_card_for_every_turn_is_reported() -> None:
    text = edit(
        "    domain: energy\n    title: Moscow card one",
        "    domain: energy\n    when: {flags: [betrayed]}\n    title: Moscow card one",
    )
    text = text.replace(
        "    domain: security\n    title: Moscow card two",
        "    domain: security\n    when: {from_turn: 2}\n    title: Moscow card two",
    )
    assert any("moscow has no card available on turn 1" in p for p in problems(text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a scenario must be a mapping, this is empty"),
        ("- 1\n- 2\n", "a scenario must be a mapping, this is a list"),
        ("id: !!python/object/apply:os.system [ls]\n", "is not allowed"),
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("a: [1, 2\n", "1:4: this [ is not closed: end it with ]"),
        ("a: " + "[" * 200 + "]" * 200 + "\n", "nesting deeper than"),
        (b"\xff\xfe\x00junk", "not UTF-8"),
        ("x" * 3_000_000, "file is too large"),
    ],
)
def test_unsafe_or_broken_yaml_is_refused(text: str | bytes, message: str) -> None:
    [line] = problems(text)
    assert message in line and line.startswith("s.yaml")


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    started = time.perf_counter()
    [line] = problems(bomb)
    assert "alias expansion" in line
    assert time.perf_counter() - started < 2


def test_shipped_scenarios_are_valid() -> None:
    shipped = catalog.installed()
    assert "default" in shipped
    for path in shipped.values():
        loader.load(path)


def test_resolve_by_id_and_path(tmp_path: Path) -> None:
    assert loader.resolve("default").name == "default.yaml"
    with pytest.raises(ScenarioError, match="no such scenario"):
        loader.resolve("atlantis")
    with pytest.raises(ScenarioError, match="no such file"):
        loader.resolve(str(tmp_path / "missing.yaml"))


def test_ids_shared_by_causes_of_different_kinds_are_reported() -> None:
    text = edit("- {id: storm,", "- {id: feud,")
    assert any("joint outcome id 'feud' is already the id of an event" in p for p in problems(text))


def test_scheduled_event_outside_its_own_turns_is_reported() -> None:
    text = edit(
        "turn: 1, effects: {trust: 2}", "turn: 1, when: {from_turn: 2}, effects: {trust: 2}"
    )
    assert any("turn 1 is outside its condition's turns" in p for p in problems(text))


def test_unquoted_reference_date_is_accepted() -> None:
    loader.parse(
        edit("{id: a000, title: Test article}", "{id: a000, title: Test article, date: 2023-11-03}")
    )


def test_the_class_scenarios_fit_a_lesson_and_have_injects_and_questions() -> None:
    lesson = loader.load(loader.resolve("classroom"))
    assert 6 <= lesson.calendar.turns <= 8
    for name in ("classroom", "oil_shock", "default"):
        scenario = loader.load(loader.resolve(name))
        assert len(scenario.discussion) >= 5, name
        assert scenario.injects or name == "default", name
        assert all(i.note and i.sources for i in scenario.injects)
