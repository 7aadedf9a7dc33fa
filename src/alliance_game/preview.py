"""A scenario's texts as the players will read them, for `alliance-game check --preview`.

Plain text wrapped at 80 columns, in the order a game meets them: the briefings, each
card with its options, the news (events, pressures, joint outcomes, injects), pledges and
levers, and the endings. Warnings name the texts too long for the smallest screen the game
is laid out for, 80x24, where the news box shows three lines, a card's prompt has three,
and the options of a card share about nine rows before they scroll.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from .scenario import Condition, DecisionCard, Reveal, Scenario
from .transcript import reveal_text

WIDTH = 80
"""Columns of the preview, and of the smallest screen."""
TEXT = 78
"""Columns of text on the turn screen at 80x24 (the sidebar gives way on a small screen)."""
OPTION = 75
"""Columns of an option's label, text and hint, beside its number."""
NEWS_LINES = 3
"""Lines of the news box at 80x24."""
PROMPT_LINES = 3
"""Lines a card's prompt may take at 80x24 before the options lose room."""
OPTION_ROWS = 9
"""Rows the options of a card share at 80x24 before they scroll."""


@dataclass(frozen=True)
class TooLong:
    """A text too long for the screen at 80x24."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"warning: {self.where}: {self.message}"


def render(scenario: Scenario) -> str:
    """Every text of the scenario as a player reads it, then the warnings."""
    lines = list(_texts(scenario))
    warned = warnings(scenario)
    lines += ["", f"== {len(warned)} warning(s) for a screen of 80x24 =="]
    lines += [_wrap(str(w), WIDTH, "  ") for w in warned] or ["  none"]
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int = WIDTH, indent: str = "") -> str:
    return "\n".join(
        textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]
    )


def _rows(text: str, width: int) -> int:
    return len(textwrap.wrap(text, width)) or 1


def _turns(scenario: Scenario, when: Condition) -> str:
    first, last = when.from_turn or 1, when.until_turn or scenario.calendar.turns
    parts = [f"turn {first}" if first == last else f"turns {first}-{last}"]
    parts += [f"{m} {_bound(b.min, b.max)}" for m, b in when.meters.items()]
    parts += [f"after {', '.join(when.flags)}"] * bool(when.flags)
    parts += [f"unless {', '.join(when.not_flags)}"] * bool(when.not_flags)
    return "; ".join(parts)


def _bound(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}..{high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def _heading(title: str) -> list[str]:
    return ["", f"== {title} =="]


def _texts(s: Scenario) -> Iterator[str]:
    yield _wrap(f"{s.title} ({s.calendar.turns} turns: {', '.join(s.calendar.labels)})")
    yield _wrap(s.summary)
    for brief in s.sides.values():
        yield from _heading(f"Briefing: {brief.name} ({brief.country})")
        yield _wrap(brief.briefing)
        yield from (_wrap(f"- {goal}", WIDTH, "") for goal in brief.goals)
    yield from _heading("Cards")
    for card in s.cards:
        yield from _card(s, card)
    yield from _heading("News: events")
    for event in s.events:
        when = f"turn {event.turn}" if event.turn else f"random, {_turns(s, event.when)}"
        yield _wrap(f"News: {event.title}. {event.news} [{event.id}; {when}]")
    yield from _heading("News: pressures, every turn while their condition holds")
    for pressure in s.pressures:
        yield _wrap(f"Pressure: {pressure.title}. {pressure.news} [{pressure.id}]")
    yield from _heading("Together: joint outcomes, after the choices")
    for joint in s.joint_outcomes:
        yield _wrap(f"Together: {joint.title}. {joint.news} [{joint.id}]")
    yield from _heading("Breaking: injects, fired by a facilitator")
    for inject in s.injects:
        yield _wrap(f"Breaking: {inject.title}. {inject.news} [{inject.id}]")
        yield _wrap(f"For the facilitator: {inject.note}", WIDTH, "  ")
    if s.pledges or s.levers:
        yield from _heading("Pledges and levers")
    for pledge in s.pledges:
        yield _wrap(f"Pledge: {pledge.label} [{pledge.id}]")
    for lever in s.levers:
        yield _wrap(f"Lever ({s.sides[lever.side].name}, {lever.uses} uses): {lever.title}")
        yield _wrap(lever.text, WIDTH, "  ")
        seen = reveal_text(s, lever)
        yield from [_wrap(seen, WIDTH, "  ")] * bool(seen)
    if s.agendas:
        yield from _heading("Secret agendas")
    for agenda in s.agendas:
        name = s.sides[agenda.side].name
        yield _wrap(f"{name}: {agenda.title} ({agenda.points} points): {agenda.text}")
    yield from _heading("Endings")
    for threshold in s.thresholds:
        yield _wrap(f"Turning: {threshold.title}. {threshold.news} [{threshold.id}]")
    for end in s.lookup.by_centre:
        yield ""
        yield _wrap(f"{end.title} [{end.id}, centre {end.centre:g}]")
        yield _wrap(end.narrative)
        yield from (_wrap(f"- {item}") for item in end.implications)
    if s.epilogues:
        yield from _heading("Epilogue lines")
    for line in s.epilogues:
        yield _wrap(f"- {line.text}")
    if s.discussion:
        yield from _heading("For the debrief")
    for question in s.discussion:
        yield _wrap(f"- {question}")


def _card(s: Scenario, card: DecisionCard) -> Iterator[str]:
    name = s.sides[card.side].name
    yield ""
    yield _wrap(f"{name} decides: {card.title} [{card.domain.value.replace('_', ' ')}]")
    yield _wrap(f"({card.id}; {_turns(s, card.when)})")
    yield _wrap(card.prompt)
    for n, option in enumerate(card.options, 1):
        yield _wrap(f"{n}  {option.label}", WIDTH, "")
        yield _wrap(option.text, WIDTH, "   ")
        seen = reveal_text(s, option)
        yield from [_wrap(seen, WIDTH, "   ")] * bool(seen)
        yield _wrap(f"(in the log: {name} {option.log})", WIDTH, "   ")


def warnings(s: Scenario) -> list[TooLong]:
    """Texts that will not fit the screen at 80x24, and by how much."""
    found: list[TooLong] = []

    def over(where: str, what: str, text: str, width: int, most: int) -> None:
        rows = _rows(text, width)
        if rows > most:
            room = most * (width - 6)  # words wrap before the edge
            found.append(
                TooLong(
                    where,
                    f"{what} takes {rows} lines at 80x24, where {most} fit: keep it under "
                    f"about {room} characters (it has {len(text)})",
                )
            )

    for card in s.cards:
        where = f"card {card.id}"
        title = f"{s.sides[card.side].name} decides: {card.title} [{card.domain.value}]"
        over(where, "the title line", title, TEXT, 1)
        over(where, "the prompt", card.prompt, TEXT, PROMPT_LINES)
        rows = 0
        for option in card.options:
            over(f"option {option.id}", "the label", option.label, OPTION, 1)
            rows += _rows(option.label, OPTION) + _rows(option.text, OPTION)
            seen = reveal_text(s, option)
            rows += _rows(seen, OPTION) if seen else 0
        if rows > OPTION_ROWS:
            hints = " and hints" if s.rules.reveal is not Reveal.HIDDEN else ""
            found.append(
                TooLong(
                    where,
                    f"its options take {rows} rows at 80x24, where about {OPTION_ROWS} show "
                    f"before the player must scroll: shorten the texts{hints}",
                )
            )
    news = [("event", e.id, e.title, e.news) for e in s.events]
    news += [("inject", i.id, i.title, i.news) for i in s.injects]
    for kind, ident, title, text in news:
        over(f"{kind} {ident}", "the news", f"News: {title}. {text}", TEXT, NEWS_LINES)
    return found
