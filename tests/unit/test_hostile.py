"""Hostile files and names: special files, oversized files, names too long or empty, corrupt
headers, reports aimed at the game's own files, and edits by hand. Each gets one line and
exit code 2 (or a clean refusal), and no file is changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_game import loader, regularfile, savefile, saves
from alliance_game.cli import main
from alliance_game.game import HUMAN, Game, Team
from alliance_game.loader import ScenarioError
from alliance_game.savefile import SaveError
from alliance_game.saves import SaveMismatch
from alliance_game.scenario import Scenario, Side

FIXTURES = Path(__file__).parents[1] / "fixtures"
MINI = FIXTURES / "mini.yaml"
LONG = "x" * 300


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    """The single line of an error, asserting there is exactly one."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def script(folder: Path, body: str = "", name: str = "script.yaml") -> Path:
    path = folder / name
    path.write_text(
        f"scenario: {MINI}\nmoscow: {{persona: friend}}\ntehran: {{persona: friend}}\n{body}"
    )
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A saves folder with one good save, `good`."""
    saves_dir = tmp_path / "saves"
    code = main(["run", str(script(tmp_path)), "--save", "good", "--saves-dir", str(saves_dir)])
    assert code == 0
    return saves_dir


def snapshot(where: Path) -> dict[str, bytes]:
    """Every regular file under `where` and its bytes."""
    return {
        str(p): p.read_bytes()
        for p in sorted(where.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.stat().st_size < 10_000_000
    }


def class_game(scenario: Scenario, source: Path) -> Game:
    """A classroom game of two turns: teams, a reason, an inject, a pause."""
    game = Game.new(scenario, 3, {Side.MOSCOW: HUMAN, Side.TEHRAN: HUMAN}, source)
    game.teams = {Side.MOSCOW: Team("Red", ("Ana", "Ben")), Side.TEHRAN: Team("Blue")}
    game.choose(Side.MOSCOW, game.card(Side.MOSCOW).options[0].id, "Keep them close.")
    game.choose(Side.TEHRAN, game.card(Side.TEHRAN).options[-1].id)
    game.advance()
    game.inject("sanctions_lifted", "to test the teams", at="2026-11-23T10:00:00+00:00")
    game.note("pause", "", "a question from the class")
    return game


# --- 4. regular files only, bounded reads ---------------------------------------------------


def test_only_a_regular_file_is_read_and_never_past_its_limit(tmp_path: Path) -> None:
    fifo, zero, big = tmp_path / "pipe", tmp_path / "zero", tmp_path / "big"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    with big.open("wb") as out:
        out.truncate(1 << 30)  # a sparse GiB: refused from its size, before any read
    (tmp_path / "ok").write_bytes(b"12345")
    cases = {fifo: "a FIFO", zero: "a device", tmp_path: "a folder"}
    for path, kind in cases.items():
        with pytest.raises(regularfile.Refused, match=f"not a regular file \\({kind}\\)"):
            regularfile.read(path, 100)
    with pytest.raises(regularfile.Refused, match=r"too large \(1,073,741,824 bytes"):
        regularfile.read(big, 2_000_000)
    with pytest.raises(regularfile.Refused, match="too large"):
        regularfile.read(tmp_path / "ok", 4)
    assert regularfile.read(tmp_path / "ok", 5) == b"12345"


def cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own: a hang fails the test instead of stopping it."""
    return subprocess.run(
        [sys.executable, "-m", "alliance_game", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_a_fifo_or_dev_zero_as_scenario_script_or_save_is_refused(
    folder: Path, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    here = ["--saves-dir", str(folder)]
    commands = [
        (["check", "pipe.yaml"], "pipe.yaml: cannot read: not a regular file (a FIFO)"),
        (["check", "zero.yaml"], "zero.yaml: cannot read: not a regular file (a device)"),
        (["run", "pipe.yaml"], "pipe.yaml: cannot read: not a regular file (a FIFO)"),
        (["simulate", "--scenario", "zero.yaml"], "zero.yaml: not a regular file"),
        (["replay", "pipe", *here], "pipe.json: not a regular file (a FIFO)"),
        (["report", "zero", *here], "zero.json: not a regular file (a device)"),
        (["play", "--plain", "--load", "pipe", *here], "pipe.json: not a regular file (a FIFO)"),
    ]
    for argv, message in commands:
        done = cli(*argv, cwd=tmp_path)
        assert done.returncode == 2 and message in one_line(done.stderr), argv
    listed = cli("saves", *here, cwd=tmp_path)
    assert listed.returncode == 0 and listed.stdout.splitlines()[1].startswith("good ")
    assert sorted(listed.stderr.splitlines()) == [
        f"cannot read {folder / 'pipe.json'}: not a regular file (a FIFO)",
        f"cannot read {folder / 'zero.json'}: not a regular file (a device)",
    ]


def test_an_oversized_scenario_or_script_is_refused_before_it_is_read(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(1 << 30)
    read = []
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real(fd, n))
    for argv in (["check", str(big)], ["run", str(big)]):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "too large (1,073,741,824 bytes; the limit is 2,000,000)" in err
    assert read == []


# --- 3. one corrupt save never breaks the list ----------------------------------------------


def corrupt_saves(folder: Path) -> None:
    """Beside the good save: an endless turn, a lone surrogate, a folder, a FIFO."""
    good = json.loads((folder / "good.json").read_text())
    endless = json.dumps(good | {"state": good["state"] | {"turn": 987654321}})
    (folder / "endless.json").write_text(endless.replace("987654321", "1e999"))
    surrogate = json.dumps(good | {"saved": "SURROGATE"})
    (folder / "surrogate.json").write_text(surrogate.replace("SURROGATE", "\\ud800"))
    (folder / "folder.json").mkdir()
    os.mkfifo(folder / "pipe.json")


def test_the_saves_list_shows_every_readable_save_and_a_line_per_unreadable_file(
    folder: Path, capsys
) -> None:
    corrupt_saves(folder)
    assert '"turn": 1e999' in (folder / "endless.json").read_text()
    before = snapshot(folder)
    code, out, err = run(capsys, "saves", "--saves-dir", str(folder))
    assert code == 0
    assert sorted(line.split()[0] for line in out.splitlines()[1:]) == ["good", "surrogate"]
    assert "\\ud800" in out  # shown as an escape, never a UnicodeEncodeError
    assert sorted(err.splitlines()) == [
        f"cannot read {folder / 'endless.json'}: not a save file (its header is missing "
        "or malformed)",
        f"cannot read {folder / 'folder.json'}: not a regular file (a folder)",
        f"cannot read {folder / 'pipe.json'}: not a regular file (a FIFO)",
    ]
    assert snapshot(folder) == before


def test_a_file_name_the_system_cannot_decode_is_listed_printably(folder: Path, capsys) -> None:
    (folder / os.fsdecode(b"bad-\xff.json")).write_bytes(b"{")
    code, _, err = run(capsys, "saves", "--saves-dir", str(folder))
    assert code == 0 and "bad-\\udcff.json: not a save file" in one_line(err)


# --- 5. names too long, and empty names -----------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "argument"),
    [
        (["replay", LONG], "SAVE"),
        (["report", LONG], "SAVE"),
        (["report", "good", "-o", f"{LONG}.md"], "-o/--output"),
        (["play", "--plain", "--load", LONG], "--load"),
        (["run", "{script}", "--save", LONG], "--save"),
        (["run", f"{LONG}.yaml"], "SCRIPT.yaml"),
        (["play", "--plain", "--scenario", f"{LONG}.yaml"], "--scenario"),
        (["simulate", "--scenario", LONG], "--scenario"),
        (["host", "--scenario", LONG], "--scenario"),
        (["analyze", LONG], "SCENARIO"),
        (["saves", "--saves-dir", LONG], "--saves-dir"),
        (["replay", f"dir/{LONG}.json"], "SAVE"),
        (["run", "{script}", "--save", ""], "--save"),
        (["play", "--plain", "--load", ""], "--load"),
        (["report", "", "--saves-dir", "{folder}"], "SAVE"),
    ],
)
def test_a_name_too_long_or_empty_is_one_line_and_exit_2(
    argv: list[str], argument: str, folder: Path, tmp_path: Path, capsys
) -> None:
    argv = [a.format(script=script(tmp_path), folder=folder) for a in argv]
    before = snapshot(tmp_path)
    code, out, err = run(capsys, *argv)
    line = one_line(err)
    assert code == 2 and out == "" and f"argument {argument}: " in line
    assert "a name too long (3" in line or "an empty name" in line
    assert snapshot(tmp_path) == before


def test_names_too_long_inside_files_are_one_line_too(folder: Path, tmp_path: Path, capsys) -> None:
    for scenario in (LONG, f"{LONG}.yaml"):
        path = tmp_path / "long.yaml"
        path.write_text(
            f"scenario: {scenario}\nmoscow: {{persona: friend}}\ntehran: {{persona: friend}}\n"
        )
        code, _, err = run(capsys, "run", str(path))
        assert code == 2 and "no such" in one_line(err)
    with pytest.raises(ScenarioError, match="no such file"):
        loader.resolve(f"{LONG}.yaml")  # as a hosted game's recorded scenario is found
    data = json.loads((folder / "good.json").read_text())
    data["scenario"] |= {"id": LONG, "path": f"/{LONG}/mini.yaml"}
    (folder / "long.json").write_text(json.dumps(data))
    code, _, err = run(capsys, "replay", "long", "--saves-dir", str(folder))
    assert code == 2 and f"scenario '{LONG}' is not installed" in one_line(err)


# --- 6. run --save checks where it will save before playing ----------------------------------


def test_run_save_to_a_place_that_cannot_take_it_fails_before_playing(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = script(tmp_path)
    (tmp_path / "a-file").write_text("not a folder")
    for argv, message in [
        (["--saves-dir", str(tmp_path / "a-file")], "a-file is not a folder"),
        (["--saves-dir", str(tmp_path / "a-file" / "deeper")], "a-file is not a folder"),
    ]:
        code, out, err = run(capsys, "run", str(path), "--save", "kept", *argv)
        assert code == 2 and out == "" and message in one_line(err)
    (tmp_path / "pipe.json").unlink(missing_ok=True)
    os.mkfifo(tmp_path / "pipe.json")
    code, out, err = run(
        capsys, "run", str(path), "--save", str(tmp_path / "pipe.json"), "--overwrite"
    )
    assert code == 2 and out == "" and "not a regular file" in one_line(err)

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(savefile.tempfile, "TemporaryFile", read_only)
    code, out, err = run(capsys, "run", str(path), "--save", "kept", "--saves-dir", str(tmp_path))
    assert code == 2 and out == ""
    assert (
        one_line(err) == f"{tmp_path / 'kept.json'}: cannot save in {tmp_path}: Permission denied"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_run_save_into_a_read_only_folder_fails_before_playing(tmp_path: Path, capsys) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    code, out, err = run(
        capsys, "run", str(script(tmp_path)), "--save", "x", "--saves-dir", str(locked)
    )
    assert code == 2 and out == "" and "Permission denied" in one_line(err)


# --- 7. a report never replaces a file of the game's ----------------------------------------


def test_a_report_is_never_written_over_a_file_the_game_owns(
    folder: Path, tmp_path: Path, capsys
) -> None:
    corrupt_saves(folder)
    elsewhere = tmp_path / "copy.json"
    elsewhere.write_bytes((folder / "good.json").read_bytes())
    (tmp_path / "hosted.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    installed = Path(__file__).parents[2] / "scenarios" / "default.yaml"
    here = ["--saves-dir", str(folder)]
    before = snapshot(tmp_path) | {str(installed): installed.read_bytes()}
    for target, why in [
        (folder / "good.json", "it is the game this report is of"),
        (folder / "good.json.bak", "it is the backup of the game this report is of"),
        (folder / "new.json", "it is a save's place in the saves folder"),
        (folder / ".new.json.1234.tmp", "it is a save's place in the saves folder"),
        (elsewhere, "it is a save"),
        (tmp_path / "hosted.db", "it is a hosted game"),
        (installed, "it is a scenario installed with the game"),
    ]:
        for force in ([], ["--force"]):
            code, out, err = run(capsys, "report", "good", "-o", str(target), *force, *here)
            assert code == 2 and out == "" and why in one_line(err), target
    assert snapshot(tmp_path) | {str(installed): installed.read_bytes()} == before


def test_a_report_replaces_another_existing_file_only_with_force(
    folder: Path, tmp_path: Path, capsys
) -> None:
    out_file = tmp_path / "debrief.md"
    here = ["--saves-dir", str(folder)]
    assert run(capsys, "report", "good", "-o", str(out_file), *here)[0] == 0
    out_file.write_text("the teacher's notes")
    code, _, err = run(capsys, "report", "good", "-o", str(out_file), *here)
    assert code == 2 and "the file exists (add --force to replace it)" in one_line(err)
    assert out_file.read_text() == "the teacher's notes"
    assert run(capsys, "report", "good", "-o", str(out_file), "--force", *here)[0] == 0
    assert out_file.read_text().startswith("#")


# --- 12. silent no-ops ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("seed: true\n", "seed: expected a whole number, found true"),
        ("expect: {meters: {trust: {}}}\n", "give min, max or both"),
        ("expect: {scores: {moscow: {min: 5, max: 1}}}\n", "min (5) is above max (1)"),
    ],
)
def test_a_script_that_would_test_nothing_is_refused(
    tmp_path: Path, capsys, body: str, message: str
) -> None:
    code, out, err = run(capsys, "run", str(script(tmp_path, body)))
    assert code == 2 and out == "" and message in one_line(err)


@pytest.fixture
def lesson(mini: Scenario, tmp_path: Path) -> Path:
    path = tmp_path / "lesson.json"
    saves.write(class_game(mini, MINI), path)
    return path


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["sides"]["moscow"].update(team="Blue"),
        lambda d: d["sides"]["tehran"].update(members=["Eve"]),
        lambda d: d["log"][0]["rationale"].update(moscow="We never said that."),
        lambda d: d["facilitator"][1].update(reason="made up"),
        lambda d: d["facilitator"][0].update(at="2020-01-01T00:00:00+00:00"),
        lambda d: d.update(saved="2020-01-01T00:00:00+00:00"),
    ],
)
def test_an_edit_by_hand_anywhere_in_a_save_is_caught(lesson: Path, edit) -> None:
    data = json.loads(lesson.read_text())
    edit(data)
    lesson.write_text(json.dumps(data, indent=4))
    before = lesson.read_bytes()
    with pytest.raises(SaveMismatch, match="the file was edited after the game wrote it"):
        saves.read(lesson)
    assert saves.read(lesson, accept_changes=True).state.turn == 2  # taken as it is, if asked
    assert lesson.read_bytes() == before


def test_a_save_laid_out_anew_is_not_an_edit(lesson: Path) -> None:
    lesson.write_text(json.dumps(json.loads(lesson.read_text()), indent=None, sort_keys=True))
    assert saves.read(lesson).teams[Side.MOSCOW].name == "Red"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["facilitator"].append(
                {"turn": 2, "action": "inject", "detail": "inj_invented", "reason": "x"}
            ),
            "facilitator: its inject actions (turn 2 sanctions_lifted, turn 2 inj_invented) "
            "are not the log's (turn 2 sanctions_lifted)",
        ),
        (
            lambda d: d["facilitator"][0].update(detail="storm"),
            "its inject actions (turn 2 storm) are not the log's (turn 2 sanctions_lifted)",
        ),
        (lambda d: d["facilitator"].pop(0), "its inject actions (none) are not the log's"),
        (
            lambda d: d["facilitator"].append({"turn": 1, "action": "skip"}),
            "its skip actions (turn 1) are not the log's (none)",
        ),
        (lambda d: d["facilitator"][1].update(action="erase"), "no facilitator action 'erase'"),
        (lambda d: d["facilitator"][1].update(turn=9), "turn 9 has not been played"),
        (lambda d: d["current"].update(injects=["inj_invented"]), "no inject or event"),
    ],
)
def test_an_invented_inject_or_action_is_refused_even_when_changes_are_accepted(
    lesson: Path, edit, message: str
) -> None:
    data = json.loads(lesson.read_text())
    edit(data)
    lesson.write_text(json.dumps(data))
    with pytest.raises(SaveError) as caught:
        saves.read(lesson, accept_changes=True)
    assert not isinstance(caught.value, SaveMismatch)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_fourth_format_save_without_a_check_still_loads(lesson: Path) -> None:
    data = json.loads(lesson.read_text())
    del data["check"]
    lesson.write_text(json.dumps(data | {"format": 4}))
    assert saves.read(lesson).rationales == {(1, Side.MOSCOW): "Keep them close."}
