"""The command line: output, exit codes, and one clear line for every bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_game import loader, rules
from alliance_game.cli import main
from alliance_game.scenario import Side

FIXTURES = Path(__file__).parents[1] / "fixtures"
MINI = FIXTURES / "mini.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def dealt(seed: int) -> tuple[str, str]:
    """An option Moscow is offered on turn 1 with this seed, and one it is not."""
    scenario = loader.load(MINI)
    card = rules.card(scenario, rules.new_game(scenario, seed), Side.MOSCOW)
    other = next(
        o for c in scenario.cards if c.side is Side.MOSCOW and c is not card for o in c.options
    )
    return card.options[0].id, other.id


def script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "script.yaml"
    path.write_text(f"scenario: {MINI}\n" + body)
    return path


def test_run_prints_a_transcript(tmp_path: Path, capsys) -> None:
    path = script(
        tmp_path,
        "seed: 4\nmoscow: {persona: friend}\ntehran: {persona: friend}\nexpect: {end_state: high}\n",
    )
    code, out, err = run(capsys, "run", str(path))
    assert code == 0, err
    assert "== Turn 1 of 4 · T1 ==" in out
    assert "Moscow helped" in out and 'the outlook shifts towards "High"' in out
    assert "== Ending (turn 4, after the final turn): High ==" in out


def test_run_json_has_the_promised_fields(tmp_path: Path, capsys) -> None:
    path = script(tmp_path, "seed: 4\nmoscow: {persona: rival}\ntehran: {persona: friend}\n")
    code, out, _ = run(capsys, "run", str(path), "--json")
    data = json.loads(out)
    assert code == 0
    assert {"end_state", "turns", "meters", "scores", "log"} <= data.keys()
    assert data["end_state"] in {"low", "mid", "high"}
    assert data["log"][-1]["kind"] == "ending"
    assert all("text" in entry for entry in data["log"])


def test_run_is_byte_for_byte_deterministic(tmp_path: Path, capsys) -> None:
    path = script(tmp_path, "seed: 11\nmoscow: {persona: tit}\ntehran: {persona: random}\n")
    assert run(capsys, "run", str(path), "--json") == run(capsys, "run", str(path), "--json")


def test_failed_expectation_exits_1(tmp_path: Path, capsys) -> None:
    path = script(
        tmp_path,
        "seed: 4\nmoscow: {persona: friend}\ntehran: {persona: friend}\nexpect: {end_state: low, meters: {trust: {max: 10}}}\n",
    )
    code, out, err = run(capsys, "run", str(path))
    assert code == 1
    assert "expected end state 'low', got 'high'" in out
    assert "expected trust <= 10" in out
    assert "2 expectation(s) failed" in err


def test_script_that_stops_early_leaves_the_game_in_progress(tmp_path: Path, capsys) -> None:
    path = script(
        tmp_path, f"seed: 3\nmoscow: {{choices: [{dealt(3)[0]}]}}\ntehran: {{persona: tit}}\n"
    )
    code, out, _ = run(capsys, "run", str(path))
    assert code == 0
    assert "(game in progress: turn 2)" in out


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            f"seed: 3\nmoscow: {{choices: [{dealt(3)[1]}]}}\ntehran: {{persona: tit}}\n",
            f"turn 1: '{dealt(3)[1]}' is not offered to Moscow",
        ),
        (
            "seed: 3\nmoscow: {choices: [warp_drive]}\ntehran: {persona: tit}\n",
            ":3:20: unknown option id 'warp_drive'",
        ),
        (
            "seed: 3\nmoscow: {persona: sphinx}\ntehran: {persona: tit}\n",
            "unknown persona 'sphinx'",
        ),
        (
            "seed: 3\nmoscow: {persona: tit, choices: []}\ntehran: {persona: tit}\n",
            "give exactly one of 'choices' or 'persona'",
        ),
        ("seed: -1\nmoscow: {persona: tit}\ntehran: {persona: tit}\n", "seed"),
        ("seed: 3\nmoscow: {persona: tit}\n", "missing required key 'tehran'"),
        (
            "seed: 3\nmoscow: {persona: tit}\ntehran: {persona: tit}\nexpect: {end_state: nirvana}\n",
            "unknown end state 'nirvana'",
        ),
    ],
)
def test_bad_scripts_give_one_line_and_exit_2(
    tmp_path: Path, capsys, body: str, message: str
) -> None:
    path = script(tmp_path, body)
    code, out, err = run(capsys, "run", str(path))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert message in err and err.startswith(str(path))


def test_script_naming_a_missing_scenario(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("scenario: atlantis\nmoscow: {persona: tit}\ntehran: {persona: tit}\n")
    code, _, err = run(capsys, "run", str(path))
    assert code == 2 and "atlantis: no such scenario" in err


def test_simulate_json(capsys) -> None:
    code, out, _ = run(capsys, "simulate", "--scenario", str(MINI), "--games", "30", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["games"] == 30
    assert sum(data["end_states"].values()) == 30
    assert set(data["end_states"]) == {"low", "mid", "high"}
    assert "options_never_chosen" in data and "events_never_fired" in data


def test_simulate_shows_which_threshold_ended_games_and_what_was_picked(capsys) -> None:
    from alliance_game import simulate

    scenario = loader.load(MINI)
    summary = simulate.run(scenario, 40, 0, "compete", "compete")
    # Always competing drives trust to the collapse threshold in every game.
    assert summary.thresholds == {"collapse": 40} and summary.ended_early == 40
    played = {c.id: sum(summary.picks[o.id] for o in c.options) for c in scenario.cards}
    assert all(
        summary.picks[o.id] == 0
        for c in scenario.cards
        for o in c.options
        if o.stance.value != "compete"
    )
    always_compete = ["simulate", "--scenario", str(MINI), "--games", "40"]
    always_compete += ["--moscow", "compete", "--tehran", "compete"]
    code, out, _ = run(capsys, *always_compete, "--json")
    data = json.loads(out)
    assert code == 0 and data["thresholds"] == {"collapse": 40}
    assert data["options_picked"]["ru_one"] == {
        "ru_one_coop": 0,
        "ru_one_hedge": 0,
        "ru_one_comp": summary.picks["ru_one_comp"],
    }
    code, out, _ = run(capsys, *always_compete)
    assert code == 0 and "    Collapse (collapse): 40 (100.0%)\n" in out
    assert (
        f"  ru_one (played {played['ru_one']} times): ru_one_coop 0%, ru_one_hedge 0%, "
        "ru_one_comp 100%\n" in out
    )


def test_simulate_says_what_mixed_means(capsys) -> None:
    code, out, _ = run(capsys, "simulate", "--scenario", str(MINI), "--games", "3")
    assert code == 0
    assert "(mixed = each game draws one of friend, rival, tit, random, with equal chances)" in out
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    helptext = " ".join(capsys.readouterr().out.split())
    assert (
        "mixed (the default): for each game, one of the scenario's personas or random" in helptext
    )


def test_simulate_report_and_matrix(capsys) -> None:
    code, out, _ = run(
        capsys,
        "simulate",
        "--scenario",
        str(MINI),
        "--games",
        "10",
        "--moscow",
        "friend",
        "--tehran",
        "friend",
    )
    assert code == 0 and "10 games of 'Mini alliance'" in out and "Options never chosen" in out
    code, out, _ = run(capsys, "simulate", "--scenario", str(MINI), "--games", "5", "--matrix")
    assert (
        code == 0 and out.count("\n") == 2 + 8 * 8
    )  # header, rule: 3 personas, 4 fixed policies and random, squared


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["simulate", "--games", "lots"], "--games: not a whole number: 'lots'"),
        (["simulate", "--games", "0"], "--games: must be at least 1"),
        (["simulate", "--moscow", "sphinx"], "unknown player 'sphinx' for --moscow"),
        (["simulate", "--scenario", "atlantis"], "atlantis: no such scenario"),
        (["play", "--side", "paris"], "invalid choice: 'paris'"),
        (["play", "--persona", "sphinx"], "unknown persona 'sphinx'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["simulate", "--wibble"], "unrecognized arguments: --wibble"),
        (["run", "/nonexistent/script.yaml"], "/nonexistent/script.yaml: cannot read"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(capsys, argv: list[str], message: str) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert message in err


def test_check_summarises_valid_files_and_reports_bad_ones(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text().replace("end_state: low", "end_state: lower"))
    code, out, err = run(capsys, "check", str(MINI), str(bad))
    assert code == 2
    assert "mini.yaml: ok - 'Mini alliance': 4 turns; cards: Moscow 2, Tehran 2; 3 events" in out
    assert err.startswith(f"{bad}:") and "unknown end state 'lower'" in err


def test_new_writes_a_scenario_that_check_passes_and_analyze_runs_on(
    tmp_path: Path, capsys
) -> None:
    target = tmp_path / "the-caspian_corridor"
    code, out, err = run(capsys, "new", str(target))
    written = tmp_path / "the-caspian_corridor.yaml"
    assert code == 0 and err == "" and out.startswith(f"wrote {written}")
    text = written.read_text()
    assert "id: the_caspian_corridor\n" in text and 'title: "The caspian corridor"' in text
    assert text.count("\n#") > 5  # commented for an author
    code, out, err = run(capsys, "check", str(written))
    assert code == 0 and err == ""
    assert "ok - 'The caspian corridor': 2 turns; cards: Moscow 2, Tehran 2; 2 events" in out
    code, out, err = run(capsys, "analyze", str(written), "--games", "10", "--json")
    report = json.loads(out)
    assert code in (0, 1) and err == "" and report["scenario"] == "the_caspian_corridor"


def test_new_never_writes_over_a_file(tmp_path: Path, capsys) -> None:
    existing = tmp_path / "mine.yaml"
    existing.write_text("my work")
    code, _, err = run(capsys, "new", str(existing))
    assert (code, err) == (2, f"{existing}: already exists (choose another name)\n")
    assert existing.read_text() == "my work"
    code, _, err = run(capsys, "new", str(tmp_path / "missing" / "x"))
    assert code == 2 and err.endswith("x.yaml: cannot write: No such file or directory\n")
    code, _, err = run(capsys, "new", str(tmp_path / ("n" * 300)))
    assert code == 2 and err.count("\n") == 1 and "cannot write" in err
    code, _, err = run(capsys, "new", "")
    assert code == 2 and "give a name" in err
    code, _, err = run(capsys, "new", str(tmp_path))
    assert code == 2 and err.startswith(f"{tmp_path}: is a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]


def test_schema_is_json_schema_with_descriptions(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["title"] == "Scenario"
    assert "cards" in schema["properties"]
    assert "Unique across the whole scenario" in json.dumps(schema)


def test_scenarios_lists_every_shipped_scenario(capsys) -> None:
    code, out, _ = run(capsys, "scenarios")
    shipped = sorted(p.stem for p in (Path(__file__).parents[2] / "scenarios").glob("*.yaml"))
    assert code == 0
    rows = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]
    assert rows == ["id", *shipped]  # a table: a header, then one row per scenario
    assert all(len(line.rstrip()) <= 80 for line in out.splitlines())  # wrapped, when piped
    assert "Oil Shock: Moscow and Tehran in a Falling Market" in out


def test_console_script_reports_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: !!python/object/apply:os.system [echo hi]\n")
    done = subprocess.run(
        [sys.executable, "-m", "alliance_game", "check", str(bad)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert (
        done.stderr.strip()
        == f"{bad}:1:5: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed (plain YAML only)"
    )


class Terminal(io.StringIO):
    """Standard error as a terminal would be."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_standard_error_only_at_a_terminal(monkeypatch) -> None:
    from alliance_game.cli import _progress

    quiet = io.StringIO()
    monkeypatch.setattr(sys, "stderr", quiet)
    with _progress("games") as progress:
        assert progress is None
    assert quiet.getvalue() == ""

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with _progress("games") as progress:
        assert progress is not None
        for done in range(1, 201):
            progress(done, 200)
    assert "200/200" in screen.getvalue()


def test_simulate_json_keeps_standard_error_clean(capsys) -> None:
    code, out, err = run(capsys, "simulate", "--scenario", str(MINI), "--games", "300", "--json")
    assert code == 0 and err == ""
    assert json.loads(out)["games"] == 300


# --- saves on the command line ----------------------------------------------------------------


def test_run_save_writes_the_game_as_the_script_left_it(tmp_path: Path, capsys) -> None:
    first, _ = dealt(4)
    path = script(
        tmp_path, f"seed: 4\nmoscow: {{choices: [{first}]}}\ntehran: {{persona: friend}}\n"
    )
    folder = tmp_path / "class"
    code, out, err = run(capsys, "run", str(path), "--save", "Week 3!", "--saves-dir", str(folder))
    assert code == 0 and err == f"saved to {folder / 'Week-3.json'}\n"
    code, listing, _ = run(capsys, "saves", "--saves-dir", str(folder))
    assert code == 0
    assert listing.splitlines()[0].split() == [
        "NAME",
        "SCENARIO",
        "TURN",
        "SIDES",
        "SAVED",
        "(UTC)",
    ]
    assert listing.splitlines()[1].split()[:5] == ["Week-3", "mini", "2", "moscow:", "human,"]
    code, replayed, _ = run(capsys, "replay", "Week-3", "--saves-dir", str(folder))
    assert code == 0 and replayed == out  # the saved game tells the same story


def test_run_save_refuses_an_existing_name_unless_told_to_overwrite(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("ALLIANCE_GAME_SAVES", str(tmp_path / "env"))
    path = script(tmp_path, "seed: 1\nmoscow: {persona: friend}\ntehran: {persona: rival}\n")
    assert run(capsys, "run", str(path), "--save", "s")[0] == 0
    code, _, err = run(capsys, "run", str(path), "--save", "s")
    assert code == 2
    assert (
        err
        == f"{tmp_path / 'env' / 's.json'}: a save with that name exists (add --overwrite to replace it)\n"
    )
    assert run(capsys, "run", str(path), "--save", "s", "--overwrite")[0] == 0
    assert (tmp_path / "env" / "s.json.bak").exists()


def test_replay_json_and_a_save_given_by_path(tmp_path: Path, capsys) -> None:
    path = script(tmp_path, "seed: 6\nmoscow: {persona: tit}\ntehran: {persona: rival}\n")
    run(capsys, "run", str(path), "--save", str(tmp_path / "here.json"))
    code, out, _ = run(capsys, "replay", str(tmp_path / "here.json"), "--json")
    data = json.loads(out)
    assert code == 0 and data["seed"] == 6 and data["end_state"] in {"low", "mid", "high"}


def test_saves_lists_nothing_clearly_and_names_unreadable_files(tmp_path: Path, capsys) -> None:
    assert (
        run(capsys, "saves", "--saves-dir", str(tmp_path))[1] == f"No saved games in {tmp_path}/\n"
    )
    (tmp_path / "bad.json").write_text("{")
    code, _, err = run(capsys, "saves", "--saves-dir", str(tmp_path))
    assert code == 0 and err.startswith(f"cannot read {tmp_path / 'bad.json'}: not a save file")


def test_saves_prints_no_control_characters_from_file_names(tmp_path: Path, capsys) -> None:
    path = script(tmp_path, "seed: 6\nmoscow: {persona: tit}\ntehran: {persona: rival}\n")
    run(capsys, "run", str(path), "--save", str(tmp_path / "plain.json"))
    (tmp_path / "plain.json").rename(tmp_path / "red\x1b[31mflag.json")
    (tmp_path / "bell\x07.json").write_text("{")
    code, out, err = run(capsys, "saves", "--saves-dir", str(tmp_path))
    assert code == 0 and "redflag" in out.replace("[31m", "") and "bell" in err
    assert "\x1b" not in out + err and "\x07" not in out + err


def test_a_bad_save_on_the_command_line_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 2, "sav')
    for argv in (
        ["replay", str(bad)],
        ["play", "--load", str(bad)],
        ["replay", "missing", "--saves-dir", str(tmp_path)],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert bad.read_text() == '{"format": 2, "sav'


def test_a_changed_scenario_is_offered_a_replay_with_accept_changes(tmp_path: Path, capsys) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text(MINI.read_text())
    path = tmp_path / "script.yaml"
    path.write_text(
        f"scenario: {own}\nseed: 2\nmoscow: {{persona: friend}}\ntehran: {{persona: friend}}\n"
    )
    run(capsys, "run", str(path), "--save", "g", "--saves-dir", str(tmp_path))
    own.write_text(MINI.read_text().replace("Hurt them.", "Hurt them hard."))
    code, _, err = run(capsys, "replay", "g", "--saves-dir", str(tmp_path))
    assert code == 2
    assert err.strip().endswith(
        "has changed since this game was saved (add --accept-changes to replay its choices under the current one)"
    )
    assert run(capsys, "replay", "g", "--saves-dir", str(tmp_path), "--accept-changes")[0] == 0


def test_play_load_of_a_computer_only_save_lets_the_player_take_a_side(tmp_path: Path) -> None:
    from alliance_game import saves
    from alliance_game.game import Game

    game = Game.new(loader.load(MINI), 2, {Side.MOSCOW: "friend", Side.TEHRAN: "rival"}, MINI)
    game.advance()
    saves.write(game, tmp_path / "bots.json")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "alliance_game",
            "play",
            "--load",
            "bots",
            "--side",
            "tehran",
            "--saves-dir",
            str(tmp_path),
            "--plain",
        ],
        input="q\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "(computers played both sides of that save: you take over tehran)" in done.stderr
    assert "== Turn 2 of 4" in done.stdout
    card = game.card(Side.TEHRAN).title
    assert f"\nTehran: {card}" in done.stdout  # the player is asked Tehran's decision


# --- classroom on the command line ------------------------------------------------------------


def test_host_without_a_terminal_sets_up_the_game_and_says_how_to_join(
    tmp_path: Path, capsys
) -> None:
    table = tmp_path / "class.db"
    code, out, err = run(
        capsys,
        "host",
        str(table),
        "--scenario",
        str(MINI),
        "--seed",
        "3",
        "--tehran",
        "friend",
        "--team",
        "moscow=Red team: Ana, Ben",
        "--timer",
        "4",
    )
    assert code == 0, err
    from alliance_game.classroom import Table

    token = Table.tokens_of(table)[Side.MOSCOW]
    *prose, join = out.splitlines()
    assert " ".join(prose) == (
        f"Hosting Mini alliance in {table}. The file is readable by you only "
        "(docs/classroom.md: sharing it with team accounts). Teams join with these lines, "
        "each entering its own token when asked:"
    )  # wrapped to the terminal (80 columns without one), the path never broken
    assert all(len(line) < 80 or str(table) in line for line in prose)
    assert join == f"  alliance-game join {table} --side moscow   token {token}"  # one line

    game = Table.open(table).game()
    assert game.state.seed == 3 and game.seats[Side.TEHRAN] == "friend"
    assert game.teams[Side.MOSCOW].members == ("Ana", "Ben")
    assert Table.open(table).timer().limit == 240
    code, out, _ = run(capsys, "report", str(table))
    assert code == 0 and "- **Moscow**: Red team (Ana, Ben)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["host", "x.db", "--team", "kremlin=Red"],
            "--team 'kremlin=Red': expected SIDE=NAME[:MEMBERS]",
        ),
        (
            ["host", "x.db", "--moscow", "bot", "--scenario", str(MINI)],
            "unknown player 'bot' for --moscow",
        ),
        (
            ["host", "x.db", "--moscow", "friend", "--tehran", "rival", "--scenario", str(MINI)],
            "both sides are computers",
        ),
        (["host", "x.db", "--timer", "0"], "must be between 0 and 180 minutes"),
        (["join", "nowhere.db", "--side", "moscow"], "nowhere.db: no hosted game here"),
        (["join", "x.db"], "the following arguments are required: --side"),
        (["serve", "--port", "70000"], "not a port number: 70000"),
    ],
)
def test_bad_classroom_arguments_give_one_line_and_exit_2(
    tmp_path: Path, capsys, monkeypatch, argv: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err and len(err.splitlines()) == 1


def test_join_needs_a_screen_and_refuses_a_computer_side(tmp_path: Path, capsys) -> None:
    table = tmp_path / "class.db"
    run(capsys, "host", str(table), "--scenario", str(MINI), "--tehran", "friend")
    assert (
        run(capsys, "join", str(table), "--side", "tehran")[2]
        .strip()
        .endswith("tehran is played by the computer in this game")
    )
    code, _, err = run(capsys, "join", str(table), "--side", "moscow")
    assert code == 2 and "needs a terminal or a browser" in err
