"""The after-action report of a game, for the debrief: Markdown, a self-contained HTML page
with inline SVG charts, and the log as CSV or JSON Lines for a spreadsheet. Every text is
made inert for its format (`inert`): escaped in Markdown and HTML, and no CSV cell that a
spreadsheet would take for a formula.

`gather` reads a game into plain data once; each format is a short rendering of it.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import debrief, inert, outlook, transcript
from .game import HUMAN, Game
from .scenario import SIDES, Owner, Scenario, Side
from .state import Entry, Kind

FORMATS = ("md", "html", "csv", "jsonl")
FIELDS = ("turn", "season", "kind", "side", "ref", "changes", "text", "rationale")
"""The columns of the log in CSV and JSON Lines."""


@dataclass
class Move:
    """One side's decision in one turn."""

    side: str
    card: str
    choice: str
    text: str
    rationale: str
    sources: list[str]


@dataclass
class Turn:
    number: int
    season: str
    news: list[str]
    moves: list[Move]
    effects: list[str]
    outlook: str
    skipped: bool


@dataclass
class Series:
    """A chart: named lines of values per turn (turn 0 is the start), on a scale from `low`
    to `high` (0-100 unless said)."""

    title: str
    lines: dict[str, list[float]]
    unit: str = ""
    low: float = 0.0
    high: float = 100.0


@dataclass
class Report:
    title: str
    scenario: str
    seed: int
    sides: list[tuple[str, str]]
    """(side name, who played it: team and members, or the computer persona)."""
    ending: list[str]
    """The ending in lines: title and cause, narrative; empty while in progress."""
    implications: list[str]
    epilogue: list[str]
    """What this game's ending was made of (the scenario's epilogues that hold)."""
    stories: list[str]
    """The scenario's chains begun in this game, and how far each went."""
    scores: list[str]
    """Each side's final score and its parts, then the agendas revealed (once ended)."""
    status: str
    turns: list[Turn]
    charts: list[Series]
    turning_points: list[str]
    sources: list[str]
    actions: list[str]
    discussion: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    """The log, one row per entry, for CSV and JSON Lines."""


# --- gathering ------------------------------------------------------------------------------


def gather(game: Game) -> Report:
    """Everything the report shows, read from the game once."""
    scenario, state = game.scenario, game.state
    ending = state.ending
    end = scenario.lookup.end_states[ending.end_state] if ending else None
    return Report(
        title=scenario.title,
        scenario=scenario.id,
        seed=state.seed,
        sides=[(scenario.sides[s].name, _who(game, s)) for s in SIDES],
        ending=[
            f"{end.title} (turn {ending.turn}, {transcript.ending_cause(scenario, ending)})",
            end.narrative,
        ]
        if end and ending
        else [],
        implications=list(end.implications) if end else [],
        epilogue=transcript.epilogue(scenario, state),
        stories=transcript.story_lines(scenario, state),
        scores=transcript.score_lines(scenario, state) + transcript.agenda_lines(scenario, state),
        status=f"Finished after turn {ending.turn}."
        if ending
        else f"In progress at turn {state.turn} of {scenario.calendar.turns}, heading for "
        f"{transcript.end_name(scenario, state.outlook.heading)}.",
        turns=[_turn(game, record.turn) for record in state.history],
        charts=_charts(game),
        turning_points=[
            transcript.turning_point_text(scenario, p)
            for p in debrief.turning_points(scenario, state, game.seats, game.actions)
        ],
        sources=[transcript.citation_text(scenario, c) for c in end.sources] if end else [],
        actions=[transcript.action_text(scenario, a) for a in game.actions],
        discussion=list(scenario.discussion),
        rows=[_row(game, e) for e in state.log],
    )


def _who(game: Game, side: Side) -> str:
    team = game.teams.get(side)
    if team:
        return f"{team.name} ({', '.join(team.members)})" if team.members else team.name
    seat = game.seats[side]
    return "a human player" if seat == HUMAN else f"the computer ({seat})"


def _turn(game: Game, number: int) -> Turn:
    scenario, state = game.scenario, game.state
    record = state.history[number - 1]
    before = transcript.at_decisions(scenario, state).get(number)
    entries = [e for e in state.log if e.turn == number]
    moves = []
    for side in SIDES:
        chosen = record.choice(side)
        if chosen is None:
            continue
        option, card = scenario.lookup.options[chosen], scenario.lookup.card_of_option[chosen]
        moves.append(
            Move(
                side=scenario.sides[side].name,
                card=card.title,
                choice=option.label,
                text=option.text,
                rationale=game.rationales.get((number, side), ""),
                sources=[transcript.citation_text(scenario, c) for c in card.sources],
            )
        )
    return Turn(
        number=number,
        season=scenario.calendar.labels[number - 1],
        news=[_said(scenario, e) for e in entries if e.kind in transcript.OPENING],
        moves=moves,
        effects=[
            transcript.entry_text(scenario, e)
            for e in entries
            if e.kind in (*transcript.RESOLUTION, Kind.ENDING)
        ],
        outlook=transcript.outlook_text(scenario, record.outlook, before),
        skipped=not record.choices,
    )


def _said(scenario: Scenario, entry: Entry) -> str:
    return f"{transcript.PREFIX[entry.kind]}: {transcript.entry_text(scenario, entry)}"


def _charts(game: Game) -> list[Series]:
    scenario, state = game.scenario, game.state
    readings = [outlook.at_start(scenario), *(r.outlook for r in state.history)]
    meters = [dict(scenario.lookup.start), *(r.meters for r in state.history)]
    shared = [m for m in scenario.meters if m.owner is Owner.SHARED]
    ends = scenario.lookup.end_states
    return [
        Series(
            "The partnership",
            {
                m.label: [100 * (values[m.id] - m.min) / (m.max - m.min) for values in meters]
                for m in shared
            },
        ),
        Series(
            "Interest scores, change from the start",
            {
                scenario.sides[s].name: [
                    outlook.interest(scenario, values, s) - outlook.interest(scenario, meters[0], s)
                    for values in meters
                ]
                for s in SIDES
            },
            unit=" points",
            low=-25,
            high=25,
        ),
        Series(
            "The outlook",
            {"Alliance index": [r.index for r in readings]}
            | {
                f"Towards {transcript.end_short(scenario, e)}": [
                    100 * dict(outlook.drift(scenario, r))[e] for r in readings
                ]
                for e in ends
            },
            unit="%",
        ),
    ]


def _row(game: Game, entry: Entry) -> dict[str, Any]:
    scenario = game.scenario
    rationale = ""
    if entry.kind is Kind.CHOICE and entry.side is not None:
        rationale = game.rationales.get((entry.turn, entry.side), "")
    values = (
        entry.turn,
        scenario.calendar.labels[entry.turn - 1],
        entry.kind.value,
        entry.side.value if entry.side else "",
        entry.ref,
        ";".join(f"{m}={d:+d}" for m, d in entry.changes),
        transcript.entry_text(scenario, entry),
        rationale,
    )
    return dict(zip(FIELDS, values, strict=True))


# --- rendering ------------------------------------------------------------------------------


def render(game: Game, fmt: str) -> str:
    """The report of `game` in one of `FORMATS`."""
    report = gather(game)
    return {"md": markdown, "html": page, "csv": to_csv, "jsonl": to_jsonl}[fmt](report)


def markdown(r: Report) -> str:
    m = inert.markdown  # every text from the scenario, the save or the teams
    out = [f"# After-action report: {m(r.title)}", "", f"Scenario `{r.scenario}`, seed {r.seed}."]
    out += [f"- **{m(name)}**: {m(who)}" for name, who in r.sides]
    out += ["", "## Outcome", "", m(r.status)]
    if r.ending:
        out += ["", f"**{m(r.ending[0])}**", "", m(r.ending[1])]
        if r.epilogue:
            out += ["", "In this game:"] + [f"- {m(line)}" for line in r.epilogue]
        out += ["", "What it means:"] + [f"- {m(item)}" for item in r.implications]
    out += ["", transcript.SCORES_HEAD]
    out += [f"- {m(line)}" for line in r.scores]
    heads = [m(head) for head in _chart_heads(r)]
    out += ["", "## Turn by turn", "", "| turn | " + " | ".join(heads) + " |"]
    out += ["|---" * (1 + len(heads)) + "|"]
    for i, values in enumerate(zip(*_chart_columns(r), strict=True)):
        out.append(f"| {i} | " + " | ".join(f"{v:.0f}" for v in values) + " |")
    out += ["", "(Turn 0 is the start. Partnership meters and the outlook in % of their range.)"]
    for t in r.turns:
        out += ["", f"### Turn {t.number}: {m(t.season)}", ""]
        out += [f"- {m(line)}" for line in t.news]
        for mv in t.moves:
            out += [f"- **{m(mv.side)}** ({m(mv.card)}) chose **{m(mv.choice)}**: {m(mv.text)}"]
            if mv.rationale:
                out += [f"  - Their reasoning: \u201c{m(mv.rationale)}\u201d"]
            out += [f"  - Rests on: {'; '.join(m(s) for s in mv.sources)}"]
        out += [f"- {m(line)}" for line in t.effects]
        out += [f"- Outlook: {m(t.outlook)}"]
    out += _md_list(transcript.STORIES, r.stories)
    out += _md_list("Turning points", r.turning_points)
    out += _md_list("Facilitator's actions", r.actions)
    out += _md_list("Sources of the ending", r.sources)
    out += _md_list("Questions for discussion", r.discussion, numbered=True)
    return "\n".join(out) + "\n"


def _md_list(title: str, items: list[str], numbered: bool = False) -> list[str]:
    if not items:
        return []
    return ["", f"## {title}", ""] + [
        f"{i}. {inert.markdown(x)}" if numbered else f"- {inert.markdown(x)}"
        for i, x in enumerate(items, 1)
    ]


def _chart_heads(r: Report) -> list[str]:
    return [name for chart in r.charts for name in chart.lines]


def _chart_columns(r: Report) -> list[list[float]]:
    return [values for chart in r.charts for values in chart.lines.values()]


def to_csv(r: Report) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: inert.cell(v) for k, v in row.items()} for row in r.rows)
    return out.getvalue()


def to_jsonl(r: Report) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in r.rows)


# --- HTML -----------------------------------------------------------------------------------

COLOURS = ("#c0392b", "#2471a3", "#7d3c98", "#1e8449", "#b9770e", "#566573")
STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
color:#1c2833}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccd1d1}
.turn{border-left:4px solid #aab7b8;padding:.2rem 1rem;margin:1rem 0}
.move{background:#f4f6f6;padding:.4rem .8rem;margin:.4rem 0}
.why{font-style:italic}.src{color:#5d6d7e;font-size:.85rem}
figure{margin:1rem 0}figcaption{font-weight:600}svg text{font:12px sans-serif}
"""


def page(r: Report) -> str:
    """A self-contained HTML page: inline style and charts, nothing fetched."""
    e = html.escape
    body = [f"<h1>After-action report: {e(r.title)}</h1>"]
    body.append(f"<p>Scenario <code>{e(r.scenario)}</code>, seed {r.seed}.</p>")
    body.append(_ul(f"<b>{e(n)}</b>: {e(w)}" for n, w in r.sides))
    body.append(f"<h2>Outcome</h2><p>{e(r.status)}</p>")
    if r.ending:
        body.append(f"<p><b>{e(r.ending[0])}</b></p><p>{e(r.ending[1])}</p>")
        if r.epilogue:
            body.append("<p>In this game:</p>" + _ul(e(x) for x in r.epilogue))
        body.append("<p>What it means:</p>" + _ul(e(x) for x in r.implications))
    body.append(f"<p>{e(transcript.SCORES_HEAD)}</p>")
    body.append(_ul(e(line) for line in r.scores))
    body.append("<h2>Charts</h2>")
    body += [_svg(chart) for chart in r.charts]
    body.append("<h2>Turn by turn</h2>")
    body += [_turn_html(t) for t in r.turns]
    for title, items in (
        (transcript.STORIES, r.stories),
        ("Turning points", r.turning_points),
        ("Facilitator's actions", r.actions),
        ("Sources of the ending", r.sources),
    ):
        if items:
            body.append(f"<h2>{title}</h2>" + _ul(e(x) for x in items))
    if r.discussion:
        questions = "".join(f"<li>{e(q)}</li>" for q in r.discussion)
        body.append(f"<h2>Questions for discussion</h2><ol>{questions}</ol>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>After-action report: {e(r.title)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def _ul(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>"


def _turn_html(t: Turn) -> str:
    e = html.escape
    parts = [f'<section class="turn"><h3>Turn {t.number}: {e(t.season)}</h3>']
    if t.news:
        parts.append(_ul(e(x) for x in t.news))
    for m in t.moves:
        why = f'<div class="why">\u201c{e(m.rationale)}\u201d</div>' if m.rationale else ""
        parts.append(
            f'<div class="move"><b>{e(m.side)}</b> ({e(m.card)}) chose <b>{e(m.choice)}</b>: '
            f'{e(m.text)}{why}<div class="src">Rests on: {e("; ".join(m.sources))}</div></div>'
        )
    parts.append(_ul(e(x) for x in t.effects))
    parts.append(f"<p><i>Outlook:</i> {e(t.outlook)}</p></section>")
    return "".join(parts)


def _svg(chart: Series, width: int = 640, height: int = 220) -> str:
    """A line chart of values over the turns on the chart's scale, with a legend."""
    left, right, top, bottom = 36, 12, 10, 24
    inner_w, inner_h = width - left - right, height - top - bottom
    turns = max(len(v) for v in chart.lines.values()) - 1 or 1

    def x(i: int) -> float:
        return left + inner_w * i / turns

    low, high = chart.low, chart.high

    def y(v: float) -> float:
        return top + inner_h * (1 - (max(low, min(high, v)) - low) / (high - low))

    full_height = height + 18 * len(chart.lines)  # room for the legend
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {full_height}"'
        f' role="img" aria-label="{html.escape(chart.title)}">'
    ]
    for tick in (low + (high - low) * k / 4 for k in range(5)):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#e5e8e8"/><text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{tick:g}</text>"
        )
    for i in range(turns + 1):
        parts.append(f'<text x="{x(i):.1f}" y="{height - 6}" text-anchor="middle">{i}</text>')
    for n, (name, values) in enumerate(chart.lines.items()):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        legend_y = height + 14 + 18 * n
        parts.append(
            f'<rect x="{left}" y="{legend_y - 9}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{left + 20}" y="{legend_y - 4}">{html.escape(name)}</text>'
        )
    parts.append("</svg>")
    scale = f"{low:g} to {high:g}{chart.unit}"
    caption = f"{html.escape(chart.title)} (turn 0 is the start; {scale})"
    return f"<figure><figcaption>{caption}</figcaption>{''.join(parts)}</figure>"
