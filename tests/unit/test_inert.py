"""Text from files is inert where it is shown: no terminal control, no active Markdown, no
spreadsheet formula (issue 12, item 9)."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from alliance_game import inert, report, saves
from alliance_game.cli import main
from alliance_game.game import HUMAN, Game, Team
from alliance_game.scenario import Scenario, Side

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<a href='javascript:alert(1)'>Red</a>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "Red\n<script>alert(1)</script>",
    "Red\n# A heading\n- a list",
    "**bold** _it_ `code` | pipe \\ back",
    "&lt;script&gt; &#106;avascript:",
]


def rendered(text: str) -> str:
    """The HTML a CommonMark renderer with raw HTML allowed makes of `text`."""
    return MarkdownIt("commonmark", {"html": True}).render(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaping_leaves_no_tag_or_link_and_shows_the_text_as_typed(text: str) -> None:
    out = rendered(f"- **Moscow**: {inert.markdown(text)}")
    assert re.findall(r"<(\w+)", out) == ["ul", "li", "strong"]  # no tag of the text's own
    shown = html.unescape(re.sub(r"<[^>]+>", "", out)).strip()
    assert shown == "Moscow: " + " ".join(text.splitlines())


def test_terminal_text_loses_control_characters_and_keeps_the_rest() -> None:
    text = "Red\x1b]0;owned\x07 team\r\x9b2J\u202eevil\u2066 \u0645\u06cc\u200c\u0631\tok\n\ud800"
    assert inert.terminal(text) == "Red]0;owned team2Jevil \u0645\u06cc\u200c\u0631\tok\n\ufffd"
    assert inert.terminal("Ana, Ben: plain words") == "Ana, Ben: plain words"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_is_quoted(start: str) -> None:
    assert inert.cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert inert.cell("Red team") == "Red team" and inert.cell(-3) == -3


@pytest.fixture
def hostile(mini: Scenario) -> Game:
    """A game whose team names, rationale and facilitator reason are hostile."""
    game = Game.new(mini, 3, {Side.MOSCOW: HUMAN, Side.TEHRAN: "tit"}, MINI)
    game.teams = {
        Side.MOSCOW: Team("<script>alert(1)</script>\x1b[2J", ("[x](javascript:alert(1))",)),
        Side.TEHRAN: Team('=HYPERLINK("http://evil")'),
    }
    game.choose(Side.MOSCOW, "ru_one_coop", "=1+1 <img src=x onerror=alert(1)>\x1b]0;t\x07")
    game.advance()
    game.skip("@SUM(A1) and -2+3")
    return game


def test_reports_of_a_hostile_game_carry_no_active_content(hostile: Game) -> None:
    page = rendered(report.render(hostile, "md"))
    tags = set(re.findall(r"<(\w+)", page))
    assert tags <= {
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "code",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }, tags
    assert "\x1b" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    for row in csv.reader(io.StringIO(report.render(hostile, "csv"))):
        assert all(not cell.startswith(inert.FORMULA) for cell in row), row
    rows = list(csv.DictReader(io.StringIO(report.render(hostile, "csv"))))
    assert "'=1+1 <img src=x onerror=alert(1)>\x1b]0;t\x07" in [r["rationale"] for r in rows]


def test_report_and_replay_print_no_control_characters(
    hostile: Game, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saves.write(hostile, tmp_path / "hostile.json")
    for argv in (
        ["report", str(tmp_path / "hostile.json")],
        ["report", str(tmp_path / "hostile.json"), "--format", "jsonl"],
        ["report", str(tmp_path / "hostile.json"), "--format", "csv"],
        ["replay", str(tmp_path / "hostile.json"), "--json"],
    ):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert out and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), argv
    assert main(["report", str(tmp_path / "hostile.json"), "-o", str(tmp_path / "r.md")]) == 0
    assert "\x1b" not in (tmp_path / "r.md").read_text()
