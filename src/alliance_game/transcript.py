"""Turning a game's log into words: readable transcripts and JSON records.

Everything here reads the state and the scenario; nothing changes the game.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import forces, outlook, rules
from .scenario import Citation, Condition, Lever, Option, Reveal, Scenario, Side
from .state import Changes, Ending, Entry, GameState, Kind, Reading, Score

if TYPE_CHECKING:
    from .debrief import TurningPoint
    from .game import Action

OPENING = (Kind.LASTING, Kind.PRESSURE, Kind.EVENT, Kind.INJECT, Kind.PLEDGE)
"""Log kinds that make a turn's news, before the choices."""
RESOLUTION = (
    Kind.CHOICE,
    Kind.LEVER,
    Kind.SKIPPED,
    Kind.JOINT,
    Kind.KEPT,
    Kind.BROKEN,
    Kind.EMPTY,
    Kind.THRESHOLD,
)
"""Log kinds that explain a turn's outcome."""

NEWS_ORDER = {Kind.PLEDGE: 0, Kind.EVENT: 1, Kind.INJECT: 1, Kind.LASTING: 2, Kind.PRESSURE: 3}
"""How a turn's news is listed for players: pledges, events, then standing forces."""

SHIFT_SHOWN = 0.5
"""Index shifts smaller than this are not called out in the log."""


def news(state: GameState) -> list[Entry]:
    """The current turn's news as players read it: the pledges made, events and injects,
    then what earlier choices still do, then the standing pressures."""
    entries = [e for e in state.log if e.turn == state.turn and e.kind in OPENING]
    return sorted(entries, key=lambda e: NEWS_ORDER[e.kind])


def changes_text(scenario: Scenario, changes: Changes) -> str:
    """`Trust -6, Tehran: regional influence +4`, or `no change`."""
    meters = scenario.lookup.meters
    return ", ".join(f"{meters[m].label} {d:+d}" for m, d in changes) or "no change"


def entry_text(
    scenario: Scenario, entry: Entry, outlook_shown: bool = True, brief: bool = False
) -> str:
    """One log entry as a sentence: what happened, what moved, and (unless the outlook is
    hidden from the players) where the outlook leans. `brief` leaves out the standing
    text of pressures, which repeat season after season."""
    look = scenario.lookup
    moved = changes_text(scenario, entry.changes)
    match entry.kind:
        case Kind.CHOICE:
            assert entry.side is not None
            text = f"{scenario.sides[entry.side].name} {look.options[entry.ref].log}: {moved}"
        case Kind.LEVER:
            assert entry.side is not None
            text = f"{scenario.sides[entry.side].name} {look.levers[entry.ref].log}: {moved}"
        case Kind.PLEDGE:
            assert entry.side is not None
            return f"{scenario.sides[entry.side].name} pledges: {look.pledges[entry.ref].label}."
        case Kind.KEPT:
            assert entry.side is not None
            label = look.pledges[entry.ref].label
            text = f"{scenario.sides[entry.side].name} kept its pledge ({label}): {moved}"
        case Kind.BROKEN:
            assert entry.side is not None
            label = look.pledges[entry.ref].label
            text = f"{scenario.sides[entry.side].name} broke its pledge ({label}): {moved}"
        case Kind.EMPTY:
            assert entry.side is not None
            label = look.pledges[entry.ref].label
            return (
                f"{scenario.sides[entry.side].name} kept its pledge ({label}), but nothing on"
                " its card could have broken it: an empty promise earns nothing."
            )
        case Kind.EVENT:
            event = look.events[entry.ref]
            text = f"{event.title}. {event.news} ({moved})"
        case Kind.INJECT:
            fired = look.injects.get(entry.ref) or look.events[entry.ref]
            text = f"{fired.title}. {fired.news} ({moved})"
        case Kind.SKIPPED:
            return "The season passed without decisions: the facilitator skipped the turn."
        case Kind.PRESSURE:
            pressure = look.pressures[entry.ref]
            text = (
                f"{pressure.title} ({moved})"
                if brief
                else f"{pressure.title}. {pressure.news} ({moved})"
            )
        case Kind.JOINT:
            joint = look.joint[entry.ref]
            text = f"{joint.title}. {joint.news} ({moved})"
        case Kind.LASTING:
            text = f"Still playing out ({_origin(scenario, entry.ref)}): {moved}"
        case Kind.THRESHOLD:
            threshold = look.thresholds[entry.ref]
            return f"{threshold.title}. {threshold.news}"
        case Kind.ENDING:
            return f"The partnership ends: {end_name(scenario, entry.ref)}."
    shift = outlook.index_change(scenario, entry.changes)
    if outlook_shown and abs(shift) >= SHIFT_SHOWN:
        text += (
            f"; the outlook shifts towards {end_name(scenario, outlook.towards(scenario, shift))}"
        )
    return text


def _origin(scenario: Scenario, ref: str) -> str:
    look = scenario.lookup
    if ref in look.options:
        option = look.options[ref]
        side = look.card_of_option[ref].side
        return f"{scenario.sides[side].name} {option.log}"  # in the third person, as logged
    if ref in look.levers:
        lever = look.levers[ref]
        return f"{scenario.sides[lever.side].name} {lever.log}"
    if ref in look.events:
        return look.events[ref].title
    if ref in look.injects:
        return look.injects[ref].title
    if ref in look.joint:
        return look.joint[ref].title
    return ref


DOMAIN_NAMES = {
    "energy": "energy",
    "security": "Syria and security",
    "third_parties": "third parties",
    "economy": "economy",
    "diplomacy": "diplomacy",
}


def domain_text(domain: str) -> str:
    """A card's field in words: `third parties`."""
    return DOMAIN_NAMES.get(domain, domain.replace("_", " "))


def end_name(scenario: Scenario, end_state: str) -> str:
    """An end state's one name, its title, quoted as a name within a sentence:
    `"The axis hardens"` (lists where room is short give its `short` form instead)."""
    return f'"{scenario.lookup.end_states[end_state].title}"'


def end_short(scenario: Scenario, end_state: str) -> str:
    """The short form of an end state's name (its title, when it has none)."""
    end = scenario.lookup.end_states[end_state]
    return end.short or end.title


def outlook_text(scenario: Scenario, reading: Reading, before: Reading | None = None) -> str:
    """`alliance index 52.3 (-1.2), heading for "A business arrangement"; drift: Rivals
    24%, ...`."""
    shift = f" ({reading.index - before.index:+.1f})" if before else ""
    drift = ", ".join(
        f"{end_short(scenario, e)} {share:.0%}" for e, share in outlook.drift(scenario, reading)
    )
    return (
        f"alliance index {reading.index:.1f}{shift}, heading for "
        f"{end_name(scenario, reading.heading)}; drift: {drift}"
    )


def _when_chosen(scenario: Scenario, state: GameState) -> Iterator[tuple[int, dict[str, int]]]:
    """Each played turn with the meters as its decisions were made (after its news and
    injects), rebuilt from the log."""
    meters = dict(scenario.lookup.start)
    seen: set[int] = set()
    for entry in state.log:
        if entry.kind not in OPENING and entry.turn not in seen:
            seen.add(entry.turn)
            yield entry.turn, dict(meters)
        for meter, delta in entry.changes:
            meters[meter] += delta


def at_decisions(scenario: Scenario, state: GameState) -> dict[int, Reading]:
    """Turn -> the outlook as its decisions were made: what the players saw before choosing,
    so that a turn's index change reads the same in the history and reports as on the
    screen after the choices."""
    return {turn: outlook.read(scenario, m) for turn, m in _when_chosen(scenario, state)}


def meters_when_chosen(scenario: Scenario, state: GameState, turn: int) -> dict[str, int]:
    """The meters as `turn`'s decisions were made: what the change marks of the next turn
    count from."""
    return next((m for t, m in _when_chosen(scenario, state) if t == turn), dict(state.meters))


PREFIX = {
    Kind.PLEDGE: "Pledge",
    Kind.LEVER: "Lever",
    Kind.KEPT: "Kept",
    Kind.BROKEN: "Broken",
    Kind.EMPTY: "Kept",
    Kind.LASTING: "Inertia",
    Kind.PRESSURE: "Pressure",
    Kind.EVENT: "News",
    Kind.INJECT: "Breaking",
    Kind.SKIPPED: "Skipped",
    Kind.JOINT: "Together",
    Kind.THRESHOLD: "Turning",
    Kind.ENDING: "End",
}


CLOSING = (Kind.THRESHOLD, Kind.ENDING)


def _row(scenario: Scenario, entry: Entry) -> tuple[str, str]:
    label = scenario.sides[entry.side].name if entry.side else PREFIX[entry.kind]
    return label, entry_text(scenario, entry)


def render(
    scenario: Scenario,
    state: GameState,
    seats: dict[Side, str] | None = None,
    points: Sequence[TurningPoint] = (),
) -> str:
    """The whole game so far as a readable transcript (with the ending's `points`, the
    turning points found by `debrief.turning_points`)."""
    lines = [
        f"  {label:<9} {text}" if label else text
        for label, text in story(scenario, state, seats, points)
    ]
    return "\n".join(lines) + "\n"


def story(
    scenario: Scenario,
    state: GameState,
    seats: dict[Side, str] | None = None,
    points: Sequence[TurningPoint] = (),
) -> list[tuple[str, str]]:
    """The transcript as (label, text) rows: a log entry under its label (`News`, `Moscow`,
    ...), a heading or the ending's lines with an empty label."""
    rows = [("", f"{scenario.title} · seed {state.seed}")]
    if seats:
        rows.append(("", " · ".join(f"{scenario.sides[s].name}: {seats[s]}" for s in Side)))
    rows.append(("", f"Start: {outlook_text(scenario, outlook.at_start(scenario))}"))
    decided = at_decisions(scenario, state)
    for turn in range(1, state.turn + 1):
        rows.append(("", ""))
        season = scenario.calendar.labels[turn - 1]
        rows.append(("", f"== Turn {turn} of {scenario.calendar.turns} · {season} =="))
        entries = [e for e in state.log if e.turn == turn]
        rows += [_row(scenario, e) for e in entries if e.kind not in CLOSING]
        record = next((r for r in state.history if r.turn == turn), None)
        if record:
            rows.append(("Outlook", outlook_text(scenario, record.outlook, decided.get(turn))))
        rows += [_row(scenario, e) for e in entries if e.kind in CLOSING]
    ending = (
        ending_lines(scenario, state, points)
        if state.ending
        else ["", f"(game in progress: turn {state.turn})"]
    )
    return rows + [("", line) for line in ending]


def ending_lines(
    scenario: Scenario, state: GameState, points: Sequence[TurningPoint] = ()
) -> list[str]:
    """The ending: end state, what it means, what this game did, each side's score and
    agenda, and the turning points (`points`, from `debrief.turning_points`)."""
    ending = state.ending
    assert ending is not None
    end = scenario.lookup.end_states[ending.end_state]
    lines = [
        "",
        f"== Ending (turn {ending.turn}, {ending_cause(scenario, ending)}): {end.title} ==",
        end.narrative,
        "What it means:",
    ]
    lines += [f"  - {item}" for item in end.implications]
    told = epilogue(scenario, state)
    if told:
        lines.append("In this game:")
        lines += [f"  - {line}" for line in told]
    told_stories = story_lines(scenario, state)
    if told_stories:
        lines.append(f"{STORIES}:")
        lines += [f"  - {line}" for line in told_stories]
    lines.append(SCORES_HEAD)
    lines += [f"  {line}" for line in score_lines(scenario, state)]
    lines += [f"  {line}" for line in agenda_lines(scenario, state)]
    if points:
        lines.append("Turning points (where another choice would most have changed the ending):")
        lines += [f"  {turning_point_text(scenario, point)}" for point in points]
    lines.append("Sources:")
    lines += [f"  - {citation_text(scenario, c)}" for c in end.sources]
    return lines


SCORES_HEAD = (
    "Final scores (how far each capital's interests moved since the start, what the "
    "ending is worth to it, and its secret agenda):"
)


def score_text(scenario: Scenario, side: Side, score: Score) -> str:
    """`Moscow +9: interests +3, the ending +6, agenda +0`."""
    return (
        f"{scenario.sides[side].name} {score.total:+d}: interests {score.change:+d}, "
        f"the ending {score.ending:+d}, agenda {score.agenda:+d}"
    )


def score_lines(scenario: Scenario, state: GameState) -> list[str]:
    """Each side's final score and its parts (as it would stand now, in a game under way)."""
    return [score_text(scenario, s, outlook.score_now(scenario, state, s)) for s in Side]


def agenda_text(scenario: Scenario, agenda_id: str) -> str:
    """`The indispensable broker (6 points): finish with ...`."""
    agenda = scenario.lookup.agendas[agenda_id]
    return f"{agenda.title} ({agenda.points} points): {agenda.text}"


def agenda_lines(scenario: Scenario, state: GameState) -> list[str]:
    """Each side's secret agenda, revealed with whether it was met (only once the game is
    over: until then each side's is its own)."""
    if state.ending is None:
        return []
    lines = []
    for side in Side:
        agenda = state.agenda(side)
        if agenda is not None:
            met = dict(state.ending.breakdown)[side].agenda > 0
            lines.append(
                f"{scenario.sides[side].name}'s secret agenda, {agenda_text(scenario, agenda)} "
                f"- {'met' if met else 'missed'}"
            )
    return lines


def worth_text(scenario: Scenario, side: Side) -> str:
    """`Rivals -6 · Arrangement +7 · Axis hardens +0`: what each end state adds to
    `side`'s final score."""
    payoff = scenario.lookup.payoff[side]
    return " · ".join(f"{e.short or e.title} {payoff[e.id]:+d}" for e in scenario.lookup.by_centre)


def stakes_lines(
    scenario: Scenario, state: GameState, side: Side, secret: bool = True
) -> list[str]:
    """What `side` plays for, as it stands, in a few short lines: its score if the game
    ended now and its parts, what each ending is worth to it, and (unless `secret` is off,
    for a screen the other side may see) its secret agenda and whether it would be met."""
    score = outlook.score_now(scenario, state, side)
    lines = [
        f"Score if it ended now: {score.total:+d}",
        f"(interests {score.change:+d}, ending {score.ending:+d}, agenda {score.agenda:+d})",
        f"Endings for you: {worth_text(scenario, side)}",
    ]
    agenda = state.agenda(side)
    if agenda is not None and secret:
        aim = scenario.lookup.agendas[agenda]
        met = outlook.agenda_met(scenario, agenda, state.meters, state.flags, state.outlook.heading)
        status = "met, if it ended now" if met else "not met yet"
        lines.append(f"Secret agenda: {aim.title} (+{aim.points}), {status}")
    elif agenda is not None:
        lines.append("Secret agenda: hidden while the other side can see the screen")
    return lines


def status_lines(
    scenario: Scenario,
    state: GameState,
    side: Side,
    secret: bool = True,
    outlook_shown: bool = True,
) -> list[str]:
    """Two lines that stand in for the sidebar on a small screen: where the partnership is
    heading (unless the outlook is hidden), and the side's score and agenda."""
    score = outlook.score_now(scenario, state, side)
    heading = scenario.lookup.end_states[state.outlook.heading]
    mine = f"Score now {score.total:+d} (interests {score.change:+d}, ending {score.ending:+d})"
    agenda = state.agenda(side)
    if agenda is not None and secret:
        met = outlook.agenda_met(scenario, agenda, state.meters, state.flags, state.outlook.heading)
        aim = scenario.lookup.agendas[agenda]
        mine += f" · agenda {aim.title}: {'met' if met else 'not yet'}"
    if not outlook_shown:
        return [mine]
    where = f"Index {state.outlook.index:.1f}, heading for {end_name(scenario, heading.id)}"
    return [where, mine]


def promise_lines(
    scenario: Scenario,
    state: GameState,
    side: Side,
    lever: str = "",
    brief: bool = False,
    chosen: bool = False,
) -> list[str]:
    """What stands this turn beside `side`'s card: both sides' pledges, the lever it will use
    with its choice, and what it may still do (pledge, use a lever; `brief`: without the
    levers' names; nothing once it has `chosen`)."""
    look, name = scenario.lookup, scenario.sides[side.other].name
    lines = []
    theirs, mine = state.pledge(side.other), state.pledge(side)
    if theirs:
        broke = (
            " (it has broken a pledge before)"
            if rules.broke_pledge(side.other) in state.flags
            else ""
        )
        lines.append(f"{name} pledges: {look.pledges[theirs].label}{broke}")
    if mine:
        lines.append(f"You pledged: {look.pledges[mine].label}")
    if lever:
        left = look.levers[lever].uses - state.spent.count(lever)
        lines.append(f"With your choice you will use: {look.levers[lever].title} ({left} left)")
    offers = []
    if chosen:
        return lines
    if scenario.pledges and not mine:
        offers.append(f"p: make a pledge {name} will see")
    open_levers = rules.levers_open(scenario, state, side)
    if open_levers and not lever:
        names = ", ".join(f"{lv.title} ({left} left)" for lv, left in open_levers)
        offers.append(
            f"l: use a lever ({len(open_levers)} ready)" if brief else f"l: use a lever ({names})"
        )
    if offers:
        lines.append(" · ".join(offers))
    return lines


def pledge_text(scenario: Scenario, state: GameState, side: Side, pledge_id: str) -> str:
    """A pledge as the side that may make it reads it: the promise, which of the options it
    holds it rules out, and what keeping and breaking it do."""
    pledge = scenario.lookup.pledges[pledge_id]
    ruled = [
        option.label
        for card in state.hand(side)
        for option in rules.shown(scenario, state, side, card)
        if option.id in scenario.lookup.breaking[pledge_id]
    ]
    if not ruled:
        return f"{pledge.label} (nothing on your card breaks it: an empty promise earns nothing)"
    kept = changes_text(scenario, pledge.changes)
    broken = changes_text(scenario, pledge.broken.changes)
    return f"{pledge.label} (rules out: {'; '.join(ruled)}. Kept: {kept}; broken: {broken})"


def lever_text(scenario: Scenario, lever_id: str, left: int) -> str:
    """A lever as its holder reads it: its title, what it does, its hint, uses left."""
    lever = scenario.lookup.levers[lever_id]
    hint = reveal_text(scenario, lever)
    return f"{lever.title} ({left} left): {lever.text}" + (f" {hint}" if hint else "")


def agenda_brief(scenario: Scenario, state: GameState, side: Side) -> str:
    """`side`'s secret agenda in full, for its own briefing ('' if it has none)."""
    agenda = state.agenda(side)
    return f"Your secret agenda: {agenda_text(scenario, agenda)}" if agenda else ""


def epilogue(scenario: Scenario, state: GameState, most: int = 4) -> list[str]:
    """The lines of the ending that this game earned: the scenario's epilogues whose end
    states and condition match the final state, in order, at most `most`."""
    ending = state.ending
    if ending is None:
        return []
    return [
        e.text
        for e in scenario.epilogues
        if (not e.end_states or ending.end_state in e.end_states)
        and outlook.meets(e.when, state.meters, state.flags)
    ][:most]


def ending_cause(scenario: Scenario, ending: Ending) -> str:
    """`after the final turn`, or `at a threshold, early: <its title>`."""
    if ending.cause == "final_turn":
        return "after the final turn"
    early = ", early" if ending.turn < scenario.calendar.turns else ""
    return f"at a threshold{early}: {scenario.lookup.thresholds[ending.cause].title}"


ACTION_WORDS = {
    "skip": "skipped the turn",
    "pause": "paused the timer",
    "resume": "restarted the timer",
    "extend": "gave the teams more time",
    "time_up": "time ran out",
}


def action_text(scenario: Scenario, action: Action) -> str:
    """`Turn 3: injected "Sanctions relief" (to test them) at 10:42`: a facilitator's action
    for the debrief, by title rather than by id."""
    look = scenario.lookup
    if action.action == "inject":
        news = look.injects.get(action.detail) or look.events.get(action.detail)
        did = f'injected "{news.title if news else action.detail}"'
    elif action.action == "fog":
        did = f"turned the fog {action.detail or 'on'}"
    elif action.action == "extend":
        did = f"gave the teams {action.detail} more" if action.detail else ACTION_WORDS["extend"]
    else:
        did = ACTION_WORDS.get(action.action, action.action.replace("_", " "))
    why = f" ({action.reason})" if action.reason else ""
    at = f" at {action.at[11:16]}" if action.at else ""
    return f"Turn {action.turn}: {did}{why}{at}"


def turning_point_text(scenario: Scenario, point: TurningPoint) -> str:
    """`Summer 2022: had Tehran chosen "Refuse" (it chose "Ship them"), the partnership would
    most likely have ended as "A business arrangement".`"""
    options, ends = scenario.lookup.options, scenario.lookup.end_states
    who = scenario.sides[point.side].name
    head = (
        f"{scenario.calendar.labels[point.turn - 1]}: had {who} chosen "
        f'"{options[point.instead].label}" (it chose "{options[point.chosen].label}"), '
        "the partnership would"
    )
    would = ends[point.would].title
    shift = f"{point.shift:+.1f}"
    if point.changes_ending:
        return f'{head} most likely have ended as "{would}" (alliance index {shift} at the end).'
    return f'{head} still have ended as "{would}", with the alliance index {shift} at the end.'


WHY_FORCES = "What moves the meters each season, as they stand now"
WHY_NEAR = "Within reach (meters at most {near} points away)"
WHY_STORIES = "Stories under way"
STORIES = "Stories of this game"
"""The chains a finished game began, told at its end."""


def why_sections(scenario: Scenario, state: GameState) -> list[tuple[str, list[str]]]:
    """The "why" view as (heading, lines): the forces that will move the meters as the next
    season opens, the thresholds and pressures within reach, and the chains under way.
    Everything in it is public to both sides."""
    sections: list[tuple[str, list[str]]] = []
    if not state.over:
        pressing = [force_text(scenario, state, f) for f in forces.forces(scenario, state)]
        sections.append((WHY_FORCES, pressing or ["Nothing presses on the meters for now."]))
    reach = [near_text(scenario, state, n) for n in forces.near(scenario, state)]
    if reach:
        sections.append((WHY_NEAR.format(near=forces.NEAR), reach))
    told = story_lines(scenario, state)
    if told:
        sections.append((STORIES if state.over else WHY_STORIES, told))
    return sections


def why_lines(scenario: Scenario, state: GameState) -> list[str]:
    """`why_sections` as plain lines: each heading, then its lines indented."""
    return [
        line
        for heading, lines in why_sections(scenario, state)
        for line in (f"{heading}:", *(f"  - {x}" for x in lines))
    ]


def force_text(scenario: Scenario, state: GameState, force: forces.Force) -> str:
    """`Cheap oil squeezes Tehran (while Oil price is 35 or less): Iranian economic
    resilience -2`; `Still playing out, 2 more seasons (Moscow cut its prices): ...`."""
    moved = changes_text(scenario, force.changes)
    if force.kind is Kind.LASTING:
        more = f"{force.seasons} more season{'s' * (force.seasons > 1)}"
        return f"Still playing out, {more} ({_origin(scenario, force.ref)}): {moved}"
    pressure = scenario.lookup.pressures[force.ref]
    why = [f"while {_bounds_text(scenario, pressure.when)}"] if pressure.when.meters else []
    if pressure.driven_by:
        meter = pressure.driven_by.meter
        why.append(f"{_label(scenario, meter)} at {state.meters[meter]}")
    because = f" ({', '.join(why)})" if why else ""
    return f"{pressure.title}{because}: {moved}"


def near_text(scenario: Scenario, state: GameState, near: forces.Near) -> str:
    """`The partnership breaks down, ending the game as "Rivals in all but name", once Trust
    is 5 or less (now 12) and Coordination is 30 or less (now 35); possible from turn 5`."""
    once = " and ".join(
        f"{_label(scenario, g.meter)} is {g.bound} or {('less', 'more')[g.rising]} (now {g.value})"
        for g in near.gaps
    )
    when = f"; possible from turn {near.from_turn}" if near.from_turn > state.turn else ""
    if near.kind is Kind.THRESHOLD:
        threshold = scenario.lookup.thresholds[near.ref]
        ends = f"ending the game as {end_name(scenario, threshold.end_state)}"
        return f"{threshold.title}, {ends}, once {once}{when}"
    pressure = scenario.lookup.pressures[near.ref]
    at_start = dict(state.meters) | {g.meter: g.bound for g in near.gaps if g.outside}
    moved = changes_text(scenario, rules.pressing(pressure, at_start))
    return f"{pressure.title} ({moved} a season) starts once {once}{when}"


def story_lines(scenario: Scenario, state: GameState) -> list[str]:
    """Each chain begun in this game, and how far it went."""
    return [story_text(scenario, s) for s in forces.stories(scenario, state)]


def story_text(scenario: Scenario, story: forces.Story) -> str:
    """`The Vienna talks: ... (2 of 3 steps)`, or `(complete)`."""
    title = next(c.title for c in scenario.chains if c.id == story.chain)
    done = "complete" if story.complete else f"{story.done} of {story.steps} steps"
    return f"{title} ({done})"


def _label(scenario: Scenario, meter: str) -> str:
    return scenario.lookup.meters[meter].label


def _bounds_text(scenario: Scenario, when: Condition) -> str:
    """`Oil price is 35 or less`, `Trust is 58 or more and Coordination is 60 or more`."""
    parts = []
    for meter, bound in when.meters.items():
        if bound.min is not None and bound.max is not None:
            need = f"between {bound.min} and {bound.max}"
        elif bound.min is not None:
            need = f"{bound.min} or more"
        else:
            need = f"{bound.max} or less"
        parts.append(f"{_label(scenario, meter)} is {need}")
    return " and ".join(parts)


def reveal_text(scenario: Scenario, option: Option | Lever) -> str:
    """What the scenario lets a player see of an option's consequences before choosing."""
    if scenario.rules.reveal is Reveal.SHOWN:
        return changes_text(scenario, option.changes)
    if scenario.rules.reveal is Reveal.HINTED and option.hint:
        return option.hint
    return ""


def citation_text(scenario: Scenario, citation: Citation) -> str:
    """`"Article title" (author, date): the point`."""
    ref = scenario.lookup.references[citation.ref]
    by = ", ".join(str(x) for x in (ref.author, ref.date) if x)
    return f'"{ref.title}"{f" ({by})" if by else ""}: {citation.point}'


def to_json(
    scenario: Scenario, state: GameState, seats: dict[Side, str] | None = None
) -> dict[str, Any]:
    """The game as one JSON-ready object: end state, turns, meters, scores and the log."""
    ending = state.ending
    return {
        "scenario": scenario.id,
        "seed": state.seed,
        "seats": {s.value: p for s, p in seats.items()} if seats else None,
        "end_state": ending.end_state if ending else None,
        "ended_by": ending.cause if ending else None,
        "turns": len(state.history),
        "meters": dict(state.meters),
        "scores": {s.value: outlook.score_now(scenario, state, s).total for s in Side},
        "score_parts": {s.value: outlook.score_now(scenario, state, s)._asdict() for s in Side},
        "agendas": {s.value: a for s, a in state.agendas} if state.ending else None,
        "outlook": {
            "index": state.outlook.index,
            "heading": state.outlook.heading,
            "drift": dict(outlook.drift(scenario, state.outlook)),
        },
        "choices": [{s.value: c for s, c in r.choices} for r in state.history],
        "stories": [
            {"chain": s.chain, "steps_done": s.done, "steps": s.steps}
            for s in forces.stories(scenario, state)
        ],
        "log": [
            {
                "turn": e.turn,
                "kind": e.kind.value,
                "ref": e.ref,
                "side": e.side.value if e.side else None,
                "changes": dict(e.changes),
                "text": entry_text(scenario, e),
            }
            for e in state.log
        ],
    }
