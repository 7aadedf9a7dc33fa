"""Classroom play: the decision timer on a fake clock, and a game hosted in SQLite shared by
several connections and processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_game import loader
from alliance_game.classroom import Table, TableError, Timer, clock_text
from alliance_game.game import HUMAN, Game, Team
from alliance_game.scenario import Side

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_timer_counts_only_the_decision_phase() -> None:
    clock = FakeClock()
    timer = Timer(300, clock=clock)
    clock.now += 50  # before the decisions are shown: nothing counts
    assert timer.remaining == 300 and not timer.running
    timer.start()
    clock.now += 100
    assert timer.remaining == 200
    timer.pause()
    clock.now += 500  # paused: the class discusses, the clock stands still
    assert timer.remaining == 200 and timer.paused
    timer.resume()
    timer.extend(60)
    clock.now += 10
    assert timer.remaining == 250
    timer.stop()  # the turn resolves
    clock.now += 1000
    assert not timer.expired and timer.remaining == 300  # the extension was for that turn only


def test_the_timer_warns_once_at_each_mark_and_expires() -> None:
    clock = FakeClock()
    timer = Timer(120, warnings=(60, 10), clock=clock)
    timer.start()
    given: set[int] = set()
    assert timer.due(given) is None
    clock.now += 61
    assert timer.due(given) == 60 and timer.due(given) is None
    clock.now += 55
    assert timer.due(given) == 10 and timer.due(given) is None
    assert timer.due(set()) == 10  # another screen, its own warnings
    clock.now += 10
    assert timer.expired and timer.remaining == 0 and clock_text(timer.remaining) == "0:00"
    assert Timer.from_json(json.loads(json.dumps(timer.to_json())), clock).remaining == 0


def test_clock_text() -> None:
    assert [clock_text(s) for s in (0, 0.2, 59.5, 60, 245)] == [
        "0:00",
        "0:01",
        "1:00",
        "1:00",
        "4:05",
    ]


@pytest.fixture
def hosted(tmp_path: Path) -> Path:
    game = Game.new(loader.load(MINI), 5, {Side.MOSCOW: HUMAN, Side.TEHRAN: HUMAN}, MINI)
    game.teams = {Side.MOSCOW: Team("Red", ("Ana",)), Side.TEHRAN: Team("Blue")}
    Table.create(tmp_path / "class.db", game, timer=240).close()
    return tmp_path / "class.db"


def seat(path: Path, *sides: Side) -> Table:
    """The hosted game opened by a team's screen (or one screen playing for several)."""
    table, tokens = Table.open(path), Table.tokens_of(path)
    for side in sides:
        table.admit(side, tokens[side])
    return table


def test_two_connections_share_one_game_and_hidden_choices_stay_hidden(hosted: Path) -> None:
    red, blue = seat(hosted, Side.MOSCOW), seat(hosted, Side.TEHRAN)
    option = red.game().card(Side.MOSCOW).options[0].id
    red.choose(Side.MOSCOW, option, "keep them close")
    seen = blue.view(Side.TEHRAN)
    assert seen.mine is None and not seen.waiting_for_other and seen.turn == 1
    assert option not in repr(seen)
    assert red.view(Side.MOSCOW).mine == option and red.view(Side.MOSCOW).waiting_for_other
    with pytest.raises(TableError, match="moscow: this screen has not the team's token"):
        blue.choose(Side.MOSCOW, option)
    with pytest.raises(TableError, match="moscow has already chosen"):
        red.choose(Side.MOSCOW, option)
    blue.choose(Side.TEHRAN, blue.game().card(Side.TEHRAN).options[1].id)
    for table in (red, blue):
        game = table.game()
        assert game.state.turn == 2 and game.state.history[0].choice(Side.MOSCOW) == option
        assert game.rationales == {(1, Side.MOSCOW): "keep them close"}
        assert game.teams[Side.MOSCOW] == Team("Red", ("Ana",))


def test_facilitator_moves_are_kept_with_their_reasons(hosted: Path) -> None:
    table = Table.open(hosted)
    table.facilitate("inject", "sanctions_lifted", "test the teams")
    table.facilitate("fog", "", "hide the drift this round")
    table.start_timer()
    table.facilitate("pause", "", "a question")
    table.facilitate("extend", "", "they need longer")
    table.facilitate("skip", "", "out of time")
    game = Table.open(hosted).game()
    assert [(a.action, a.detail, a.reason) for a in game.actions] == [
        ("inject", "sanctions_lifted", "test the teams"),
        ("fog", "on", "hide the drift this round"),
        ("pause", "", "a question"),
        ("extend", "60 s", "they need longer"),
        ("skip", "", "out of time"),
    ]
    assert game.state.turn == 2 and table.fog
    timer = table.timer()
    assert timer is not None and timer.started is None  # stopped when the turn passed
    with pytest.raises(TableError, match="no inject or event 'flood'"):
        table.facilitate("inject", "flood", "typo")


def test_a_computer_side_cannot_be_chosen_for_and_bad_files_are_refused(tmp_path: Path) -> None:
    game = Game.new(loader.load(MINI), 5, {Side.MOSCOW: HUMAN, Side.TEHRAN: "friend"}, MINI)
    table = Table.create(tmp_path / "solo.db", game)
    with pytest.raises(TableError, match="tehran is played by the computer"):
        table.choose(Side.TEHRAN, "ir_one_coop")
    table.choose(Side.MOSCOW, table.game().card(Side.MOSCOW).options[0].id)
    assert table.game().state.turn == 2  # the computer answered at once
    with pytest.raises(TableError, match="already exists"):
        Table.create(tmp_path / "solo.db", game)
    (tmp_path / "junk.db").write_text("not a database")
    with pytest.raises(TableError, match=r"junk\.db: not a hosted game"):
        Table.open(tmp_path / "junk.db")
    with pytest.raises(TableError, match="no hosted game here"):
        Table.open(tmp_path / "none.db")


TEAM = """
import json, sys
from pathlib import Path
from alliance_game.classroom import Table, TableError
from alliance_game.scenario import Side
table, side = Table.open(Path(sys.argv[1])), Side(sys.argv[2])
table.admit(side, Table.tokens_of(table.path)[side])
if sys.argv[3] == "choose":
    try:
        table.choose(side, table.game().card(side).options[int(sys.argv[4])].id)
        print("chosen")
    except TableError as err:
        print("refused:", err)
else:
    view = table.view(side)
    print(json.dumps({"view": repr(view), "turn": view.turn, "news": [e.ref for e in table.game().state.log]}))
"""


def team(db: Path, side: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", TEAM, str(db), side, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_two_processes_share_a_game_without_seeing_each_others_hidden_choice(hosted: Path) -> None:
    assert team(hosted, "moscow", "choose", "0") == "chosen\n"
    moscow_choice = seat(hosted, Side.MOSCOW).game().chosen[Side.MOSCOW]
    blue_sees = team(hosted, "tehran", "look")
    assert moscow_choice not in blue_sees and json.loads(blue_sees)["turn"] == 1
    assert team(hosted, "moscow", "choose", "1").startswith(
        "refused: turn 1: moscow has already chosen"
    )
    assert team(hosted, "tehran", "choose", "2") == "chosen\n"
    red_sees = json.loads(team(hosted, "moscow", "look"))
    assert red_sees["turn"] == 2 and moscow_choice in red_sees["news"]  # revealed once resolved


def test_racing_processes_cannot_both_choose_for_one_side(hosted: Path) -> None:
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", TEAM, str(hosted), "moscow", "choose", str(i)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    answers = sorted(p.communicate(timeout=60)[0] for p in racers)
    assert answers[0] == "chosen\n" and answers[1].startswith("refused:")


def test_opening_a_file_that_is_not_a_hosted_game_leaves_it_untouched(tmp_path: Path) -> None:
    import sqlite3

    junk, other = tmp_path / "junk.db", tmp_path / "other.db"
    junk.write_bytes(b"x")
    sqlite3.connect(other).execute("CREATE TABLE notes (text)").connection.commit()
    before = other.read_bytes()
    for path, why in ((junk, "not an SQLite database"), (other, "no setup table")):
        with pytest.raises(TableError, match=why):
            Table.open(path)
    assert junk.read_bytes() == b"x" and other.read_bytes() == before
