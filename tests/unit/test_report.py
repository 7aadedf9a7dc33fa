"""The after-action report: what the debrief needs, in each format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from alliance_game import report, saves
from alliance_game.cli import main
from alliance_game.game import HUMAN, Game, Team
from alliance_game.scenario import Scenario, Side

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"


@pytest.fixture
def lesson(mini: Scenario) -> Game:
    """A finished classroom game: teams, a rationale with markup in it, an inject, a skip."""
    game = Game.new(mini, 3, {Side.MOSCOW: HUMAN, Side.TEHRAN: "tit"}, MINI)
    game.teams = {Side.MOSCOW: Team("Red team", ("Ana", "Ben")), Side.TEHRAN: Team("Blue team")}
    game.choose(Side.MOSCOW, "ru_one_coop", "Trust first, <b>then</b> verify & see")
    game.advance()
    game.inject("sanctions_lifted", "to test the teams", at="2026-11-23T10:12:00+00:00")
    game.skip("out of time")
    while not game.over:
        game.choose(Side.MOSCOW, game.card(Side.MOSCOW).options[-1].id)
        game.advance()
    return game


def test_markdown_has_everything_a_debrief_needs(lesson: Game) -> None:
    text = report.render(lesson, "md")
    end = lesson.scenario.lookup.end_states[lesson.state.ending.end_state]
    assert "- **Moscow**: Red team (Ana, Ben)" in text and "- **Tehran**: Blue team" in text
    assert f"**{end.title} (turn 4, after the final turn)**" in text and end.narrative in text
    assert all(f"- {item}" in text for item in end.implications)
    assert re.search(
        r"- Moscow [+-]\d+: interests [+-]\d+, the ending [+-]\d+, agenda [+-]\d+\n- Tehran [+-]\d+",
        text,
    )
    assert (
        "### Turn 1: T1" in text
        and "- **Moscow** (Moscow card one) chose **Help**: Help them." in text
    )
    assert (
        "Their reasoning: \u201cTrust first, &lt;b&gt;then&lt;/b&gt; verify &amp; see\u201d" in text
    )
    assert '- Rests on: "Test article": p' in text
    assert "Breaking: Sanctions lifted. The West relents." in text
    assert "The season passed without decisions" in text
    assert 'Turn 2: injected "Sanctions lifted" (to test the teams) at 10:12' in text
    assert "Turn 2: skipped the turn (out of time)" in text
    assert (
        "## Turning points" in text and "## Questions for discussion\n\n1. What happened?" in text
    )
    assert "| 4 |" in text  # a row per turn of the chart data, from turn 0


def test_html_is_one_self_contained_page_with_three_charts(lesson: Game) -> None:
    page = report.render(lesson, "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert set(re.findall(r"https?://[^\"' ]+", page)) == {"http://www.w3.org/2000/svg"}
    charts = re.findall(r"<svg.*?</svg>", page)
    assert len(charts) == 3
    points = re.findall(r'points="([^"]+)"', charts[0])
    assert all(len(p.split()) == 5 for p in points)  # the start and four turns
    assert "Trust first, &lt;b&gt;then&lt;/b&gt; verify &amp; see" in page
    assert "<b>then</b>" not in page


def test_csv_and_jsonl_hold_the_log_a_row_per_entry(lesson: Game) -> None:
    rows = list(csv.DictReader(io.StringIO(report.render(lesson, "csv"))))
    assert len(rows) == len(lesson.state.log)
    assert list(rows[0]) == [
        "turn",
        "season",
        "kind",
        "side",
        "ref",
        "changes",
        "text",
        "rationale",
    ]
    chosen = [r for r in rows if r["kind"] == "choice" and r["side"] == "moscow"]
    assert chosen[0]["rationale"] == "Trust first, <b>then</b> verify & see"
    assert chosen[0]["changes"] == "trust=+10;ru_gain=-2"
    lines = report.render(lesson, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [{**r, "turn": int(r["turn"])} for r in rows]


def test_a_game_in_progress_says_so(mini: Scenario) -> None:
    game = Game.new(mini, 3, {Side.MOSCOW: "friend", Side.TEHRAN: "rival"})
    game.advance()
    text = report.render(game, "md")
    assert "In progress at turn 2 of 4, heading for" in text
    assert "What it means" not in text and "### Turn 1: T1" in text


def test_report_command_writes_each_format(lesson: Game, tmp_path: Path, capsys) -> None:
    saves.write(lesson, tmp_path / "lesson.json")
    for fmt in report.FORMATS:
        out = tmp_path / f"debrief.{fmt}"
        assert (
            main(
                ["report", "lesson", "--saves-dir", str(tmp_path), "--format", fmt, "-o", str(out)]
            )
            == 0
        )
        assert out.read_text() == report.render(saves.read(tmp_path / "lesson.json"), fmt)
    assert main(["report", "lesson", "--saves-dir", str(tmp_path), "--format", "pdf"]) == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_a_turns_index_change_is_one_figure_everywhere(default: Scenario) -> None:
    """The history, the transcript and the report give each turn's index change from the
    index the players saw as they chose (after the news and any inject), as the screen
    after the choices does: turn 1 of the default scenario opens with news that moves it."""
    from alliance_game import transcript

    game = Game.new(default, 11, {Side.MOSCOW: HUMAN, Side.TEHRAN: "pragmatist"})
    on_screen = []
    while not game.over:
        if game.state.turn == 2:
            game.inject(next(e.id for e in default.events if e.effects), "to test the teams")
        before = game.state.outlook
        card = game.card(Side.MOSCOW)
        game.choose(Side.MOSCOW, card.options[0].id)
        game.advance()
        record = game.state.history[-1]
        on_screen.append(f"({record.outlook.index - before.index:+.1f})")
    history = transcript.render(default, game.state)
    shown = re.findall(r"  Outlook   alliance index [\d.]+ (\([+-][\d.]+\))", history)
    assert shown == on_screen
    turns = re.findall(r"alliance index [\d.]+ (\([+-][\d.]+\))", report.render(game, "md"))
    assert turns == on_screen
    opening = [e for e in game.state.log if e.turn == 1 and e.kind in transcript.OPENING]
    assert any(e.changes for e in opening)  # the case the two figures used to differ on


def test_lasting_effects_say_who_did_what_in_the_third_person() -> None:
    """A lasting effect names the side and what it did (its option's `log`), never the
    chooser's own second-person label."""
    from alliance_game import loader, transcript

    text = MINI.read_text().replace(
        "label: Hurt, text: Hurt them.", "label: Hurt Iran in Anzali, text: Hurt them.", 1
    )
    scenario = loader.parse(text, "s.yaml")
    game = Game.new(scenario, 1, {Side.MOSCOW: HUMAN, Side.TEHRAN: "rival"})
    while "ru_one_comp" not in [o.id for o in game.card(Side.MOSCOW).options]:
        game.choose(Side.MOSCOW, game.card(Side.MOSCOW).options[0].id)
        game.advance()
    game.choose(Side.MOSCOW, "ru_one_comp")
    game.advance()
    lasting = next(e for e in game.state.log if e.kind.value == "lasting")
    did = scenario.lookup.options["ru_one_comp"].log
    line = transcript.entry_text(scenario, lasting)
    assert line.startswith(f"Still playing out (Moscow {did}): ")
    assert "Hurt Iran in Anzali" not in line and "hurt Iran" not in line
