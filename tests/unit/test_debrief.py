"""Turning points: the game replayed, same seed, with one choice changed."""

from __future__ import annotations

from alliance_game import debrief, policies, rules, transcript
from alliance_game.game import HUMAN, Game
from alliance_game.scenario import SIDES, Scenario, Side


def played(scenario: Scenario, seed: int, human: str = "hardliner") -> Game:
    """A whole game: Moscow a human who plays as `human` would, Tehran the pragmatist."""
    game = Game.new(scenario, seed, {Side.MOSCOW: HUMAN, Side.TEHRAN: "pragmatist"})
    while not game.over:
        choice = policies.choose(scenario, game.state, Side.MOSCOW, human, "pragmatist")
        game.choose(Side.MOSCOW, choice)
        game.advance()
    return game


def replay_with(game: Game, turn: int, side: Side, option: str) -> str:
    """The end state of the game replayed from `turn` with that one choice changed."""
    replay = debrief._Replay(game.scenario, game.state, game.seats, game.actions)
    for start, record in replay.starts():
        if record.turn == turn:
            end = replay._finish(start, record, side, option)
            assert end.ending is not None
            return end.ending.end_state
    raise AssertionError(turn)


def test_replaying_without_a_change_gives_the_same_game(default: Scenario) -> None:
    game = played(default, 3)
    replay = debrief._Replay(game.scenario, game.state, game.seats, game.actions)
    state = None
    for start, record in replay.starts():
        state = rules.play_turn(default, start, dict(record.choices), dict(record.levers))
    assert state is not None
    assert state.meters == game.state.meters and state.ending == game.state.ending


def test_turning_points_change_the_ending_and_say_how(default: Scenario) -> None:
    for seed in (1, 2, 3):
        game = played(default, seed)
        assert game.state.ending is not None
        points = debrief.turning_points(default, game.state, game.seats, game.actions)
        assert 1 <= len(points) <= 3
        first = points[0]
        assert first.changes_ending and first.would != game.state.ending.end_state
        # The claim holds: the game replayed with that choice changed ends as it says.
        assert replay_with(game, first.turn, first.side, first.instead) == first.would
        assert first.instead != first.chosen
        card = default.lookup.card_of_option[first.chosen]
        assert first.instead in {o.id for o in card.options}
        # Ranked: end-state changes first, then by the size of the move.
        ranks = [(not p.changes_ending, -abs(p.shift)) for p in points]
        assert ranks == sorted(ranks)
        text = transcript.turning_point_text(default, first)
        label = default.lookup.options[first.instead].label
        assert f'had {default.sides[first.side].name} chosen "{label}"' in text
        assert default.lookup.end_states[first.would].title in text
        assert default.calendar.labels[first.turn - 1] in text


def test_the_ending_lists_the_turning_points_in_every_front_end(default: Scenario) -> None:
    from alliance_game import report

    game = played(default, 2)
    points = debrief.turning_points(default, game.state, game.seats, game.actions)
    lines = transcript.ending_lines(default, game.state, points)
    story = transcript.render(default, game.state, game.seats, points)
    texts = [transcript.turning_point_text(default, p) for p in points]
    gathered = report.gather(game)
    for text in texts:
        assert any(text in line for line in lines) and text in story
        assert text in gathered.turning_points


def test_an_unfinished_game_has_no_turning_points(default: Scenario) -> None:
    game = Game.new(default, 1, {side: "pragmatist" for side in SIDES})
    game.advance()
    assert debrief.turning_points(default, game.state, game.seats) == []
