"""Scenario files -> validated `Scenario`, or a list of `path:line:col: what is wrong` lines.

Three stages, each reporting every problem it finds with a position in the file:
1. `yamlsafe.read`: plain, bounded YAML;
2. the pydantic models in `scenario.py`: shape and types, unknown keys refused;
3. `cross_check`: references between parts, and content that could never matter.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import regularfile, yamlsafe
from .catalog import installed
from .scenario import Condition, Consequences, Effects, Owner, Scenario, Side
from .wording import did_you_mean, type_problem, unknown_key
from .yamlsafe import Document, YamlError

Where = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where it is, and (when known) the path inside the document."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{self.file}: {self.message}"


class ScenarioError(ValueError):
    """A scenario file that cannot be used; `problems` holds one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def load(path: str | Path) -> Scenario:
    """Read, validate and cross-check one scenario file."""
    path = Path(path)
    try:
        raw = regularfile.read(path, yamlsafe.MAX_BYTES)
    except OSError as err:
        raise ScenarioError([Problem(str(path), 0, 0, f"cannot read: {err.strerror}")]) from None
    return parse(raw, str(path))


def parse(text: str | bytes, name: str = "<scenario>") -> Scenario:
    """Validate scenario text; `name` is used in error messages. Every problem found is
    reported at once: the shape and types of every part, then the references between the
    parts that are sound (those that depend on a broken part are left until it is fixed)."""
    try:
        doc = yamlsafe.read(text)
    except YamlError as err:
        raise ScenarioError([Problem(name, err.line, err.column, err.message)]) from None
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        raise ScenarioError([Problem(name, 1, 1, f"a scenario must be a mapping, this is {kind}")])
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as err:
        problems = pydantic_problems(err, doc, name, Scenario)
        salvage = _Salvage(doc.data)
        sound = salvage.run(err)
        if sound is not None:
            problems += _cross_problems(sound, doc, name, salvage)
    else:
        problems = _cross_problems(scenario, doc, name)
        if not problems:
            return scenario
    raise ScenarioError(sorted(problems, key=lambda p: (p.line, p.column))) from None


def _cross_problems(
    scenario: Scenario, doc: Document, name: str, salvage: _Salvage | None = None
) -> list[Problem]:
    problems = []
    for where, key, message, *first in cross_check(scenario):
        if salvage is not None:
            if salvage.hides(message, where):
                continue
            where = salvage.original(where)
            first = [salvage.original(f) for f in first]
        if first:
            message += f" (the first is {_dotted(first[0])}, on line {doc.locate(first[0])[0]})"
        problems.append(Problem(name, *doc.locate(where, key=key), f"{_dotted(where)}: {message}"))
    return problems


def pydantic_problems(
    err: ValidationError, doc: Document, name: str, root: type[BaseModel] | None = None
) -> list[Problem]:
    """Each shape or type problem pydantic found, as a line in plain words."""
    problems = []
    for e in err.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if p != "[key]")
        is_key = e["type"] == "extra_forbidden" or "[key]" in e["loc"]
        path = where = _real(doc.data, loc)
        message = type_problem(e, doc.written.get(path))
        if e["type"] == "extra_forbidden" and loc:
            message, where = unknown_key(loc, root), path[:-1]
        elif e["type"] == "missing" and loc:
            message, where = f"missing required key {loc[-1]!r}", path[:-1]
        line, column = doc.locate(path, key=is_key)
        problems.append(Problem(name, line, column, f"{_dotted(where)}: {message}"))
    return problems


class _Salvage:
    """The scenario validated again with the parts pydantic refused set aside, so that the
    references between the sound parts can be checked too: an unknown key is dropped, a
    value YAML read as the wrong type is mended (text read as text, a bad number as 1), and
    anything else wrong takes the list item it sits in (an option, a card) with it."""

    ROUNDS = 6

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = deepcopy(data)
        self.kept: dict[Where, list[int]] = {}
        """Path of a list in the file -> for each item left, its index in the file."""
        self.names: set[str] = set()
        """Every key and text set aside: a finding that names one may be their doing."""
        self.mended: set[Where] = set()
        self.cut_from: set[str | int] = set()
        self.scenario: Scenario | None = None

    def run(self, err: ValidationError) -> Scenario | None:
        """The scenario less its broken parts; None when nothing sound is left."""
        for _ in range(self.ROUNDS):
            cuts = set()
            for e in err.errors(include_url=False):
                cut = self._mend_or_cut(tuple(p for p in e["loc"] if p != "[key]"), e)
                if cut is None:
                    return None
                cuts |= {cut} if cut else set()
            for cut in sorted(cuts, key=_descending, reverse=True):
                if not any(cut[:k] in cuts for k in range(1, len(cut))):  # not inside another
                    self._cut(cut)
            try:
                self.scenario = Scenario.model_validate(self.data)
                return self.scenario
            except ValidationError as again:
                err = again
        return None

    def _mend_or_cut(self, loc: Where, error: Any) -> Where | None:
        """What to cut so that this error goes: () when mended in place, None when nothing can."""
        real = _real(self.data, loc)
        if error["type"] == "extra_forbidden":
            return real
        parent = _walk(self.data, real[:-1])
        mends: dict[str, Callable[[Any], Any]] = {
            "string_type": str,
            "int_parsing": lambda _: 1,
            "float_parsing": lambda _: 1.0,
        }
        if error["type"] in mends and error.get("input") is not None and parent is not None:
            parent[real[-1]] = mends[error["type"]](error["input"])
            self.mended.add(self.original(real))
            return ()
        for cut in range(len(real), 0, -1):
            if isinstance(real[cut - 1], int):
                return real[:cut]
        return None if error["type"] == "missing" or len(real) <= 1 else real

    def _cut(self, where: Where) -> None:
        parent = _walk(self.data, where[:-1])
        if not _holds_at(parent, where[-1]):
            return  # nothing there to set aside: the finding stands as pydantic gave it
        self.names.update(_words(parent[where[-1]]))
        if isinstance(where[-1], str):
            self.names.add(where[-1])
        self.cut_from.add(where[0])
        if isinstance(parent, list):
            place = self.original(where[:-1])
            self.kept.setdefault(place, list(range(len(parent)))).pop(int(where[-1]))
        del parent[where[-1]]

    def original(self, where: Where) -> Where:
        """Where a path of the salvaged data lies in the file."""
        out: list[str | int] = []
        for part in where:
            if isinstance(part, int) and tuple(out) in self.kept:
                part = self.kept[tuple(out)][part]
            out.append(part)
        return tuple(out)

    def hides(self, message: str, where: Where) -> bool:
        """Whether a finding may be the doing of a part set aside, not a mistake of its own."""
        if where == ("cards",) and "cards" in self.cut_from:  # a side short of cards
            return True
        if any(where[: len(m)] == m for m in self.mended):
            return True
        subject = message.split(": did you mean")[0].split(" (")[0]  # not the list of known ids
        return any(repr(n) in subject for n in self.names)


def _real(data: Any, loc: Where) -> Where:
    """A pydantic location less the names of union members (`date: str | date` adds `str`),
    which are not in the file."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part not in node:  # pydantic names a key `1.0` as '1.0'
            part = next((k for k in node if str(k) == str(part)), part)
        if isinstance(node, (dict, list)):
            path.append(part)
            node = _walk(node, (part,))
        elif not isinstance(part, str):
            path.append(part)
    return tuple(path)


def _holds_at(node: Any, part: str | int) -> bool:
    """Whether a mapping has the key, or a list the index, `part`."""
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node)


def _walk(data: Any, path: Where) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _words(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _words(v)
    elif isinstance(value, list):
        for v in value:
            yield from _words(v)


def _descending(where: Where) -> tuple[tuple[int, str], ...]:
    return tuple((p, "") if isinstance(p, int) else (-1, p) for p in where)


def _dotted(where: Where) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


# --- cross-reference checks -------------------------------------------------------------

Finding = tuple[Where, bool, str] | tuple[Where, bool, str, Where]
"""(path in the document, whether to point at the key rather than the value, message, and
for a duplicate the path of the first copy)"""


def _known(word: str, known: Iterable[str], plural: str) -> str:
    return did_you_mean(word, known, plural)


def cross_check(s: Scenario) -> list[Finding]:
    """Every reference resolves, and nothing is written that could never matter."""
    return [
        *_check_ids(s),
        *_check_sides_and_meters(s),
        *_check_content(s),
        *_check_outlook(s),
        *_check_turn_cover(s),
    ]


def _check_ids(s: Scenario) -> Iterator[Finding]:
    groups: dict[str, list[tuple[Where, str]]] = {
        "reference": [(("references", i, "id"), r.id) for i, r in enumerate(s.references)],
        "meter": [(("meters", i, "id"), m.id) for i, m in enumerate(s.meters)],
        "card": [(("cards", i, "id"), c.id) for i, c in enumerate(s.cards)],
        "option": [
            (("cards", i, "options", j, "id"), o.id)
            for i, c in enumerate(s.cards)
            for j, o in enumerate(c.options)
        ],
        "event": [(("events", i, "id"), e.id) for i, e in enumerate(s.events)],
        "joint outcome": [
            (("joint_outcomes", i, "id"), j.id) for i, j in enumerate(s.joint_outcomes)
        ],
        "pressure": [(("pressures", i, "id"), p.id) for i, p in enumerate(s.pressures)],
        "inject": [(("injects", i, "id"), p.id) for i, p in enumerate(s.injects)],
        "threshold": [(("thresholds", i, "id"), t.id) for i, t in enumerate(s.thresholds)],
        "end state": [(("end_states", i, "id"), e.id) for i, e in enumerate(s.end_states)],
        "persona": [(("personas", i, "id"), p.id) for i, p in enumerate(s.personas)],
        "agenda": [(("agendas", i, "id"), a.id) for i, a in enumerate(s.agendas)],
        "pledge": [(("pledges", i, "id"), p.id) for i, p in enumerate(s.pledges)],
        "lever": [(("levers", i, "id"), lever.id) for i, lever in enumerate(s.levers)],
        "chain": [(("chains", i, "id"), c.id) for i, c in enumerate(s.chains)],
        "epilogue": [(("epilogues", i, "id"), e.id) for i, e in enumerate(s.epilogues)],
    }
    for kind, entries in groups.items():
        seen: dict[str, Where] = {}
        for where, ident in entries:
            if ident in seen:
                yield where, False, f"duplicate {kind} id {ident!r}", seen[ident]
            seen.setdefault(ident, where)
    # Log entries name their cause by id alone, so causes of different kinds must not share one.
    causes: dict[str, str] = {}
    for kind, named in (
        ("option", "an option"),
        ("event", "an event"),
        ("joint outcome", "a joint outcome"),
        ("pressure", "a pressure"),
        ("inject", "an inject"),
        ("threshold", "a threshold"),
        ("pledge", "a pledge"),
        ("lever", "a lever"),
    ):
        for where, ident in groups[kind]:
            if causes.setdefault(ident, named) != named:
                yield where, False, f"{kind} id {ident!r} is already the id of {causes[ident]}"


def _check_sides_and_meters(s: Scenario) -> Iterator[Finding]:
    meters = {m.id: m for m in s.meters}
    for side in Side:
        if side not in s.sides:
            yield ("sides",), False, f"missing side {side.value!r}"
    if len(s.calendar.labels) != s.calendar.turns:
        yield (
            ("calendar", "labels"),
            False,
            f"{len(s.calendar.labels)} labels for {s.calendar.turns} turns; give one per turn",
        )
    for i, m in enumerate(s.meters):
        if m.min >= m.max:
            yield ("meters", i, "max"), False, f"max ({m.max}) must be above min ({m.min})"
        elif not m.min <= m.start <= m.max:
            yield ("meters", i, "start"), False, f"start {m.start} is outside {m.min}..{m.max}"
    for side, brief in s.sides.items():
        for meter in brief.interests:
            where: Where = ("sides", side.value, "interests", meter)
            if meter not in meters:
                yield where, True, f"unknown meter {meter!r}" + _known(meter, meters, "meters")
            elif meters[meter].owner.value != side.value:
                yield (
                    where,
                    True,
                    f"meter {meter!r} belongs to {meters[meter].owner.value}, not {side.value}",
                )
    read = _meters_read(s)
    for i, m in enumerate(s.meters):
        if m.id not in read:
            yield (
                ("meters", i, "id"),
                False,
                f"meter {m.id!r} is read by no outlook, interest score or condition, "
                "so changing it can never matter",
            )
    for i, p in enumerate(s.personas):
        if p.interest == p.alliance == p.reciprocity == p.trust_sensitivity == 0 and not any(
            (p.stance.cooperate, p.stance.hedge, p.stance.compete)
        ):
            yield ("personas", i), False, f"persona {p.id!r} weighs nothing, so it plays at random"


def _meters_read(s: Scenario) -> set[str]:
    read = set(s.outlook.index)
    for brief in s.sides.values():
        read |= set(brief.interests)
    for _, cond in _conditions(s):
        read |= set(cond.meters)
    read |= {p.driven_by.meter for p in s.pressures if p.driven_by}
    return read


def _conditions(s: Scenario) -> Iterator[tuple[Where, Condition]]:
    for i, c in enumerate(s.cards):
        yield ("cards", i, "when"), c.when
    for i, e in enumerate(s.events):
        yield ("events", i, "when"), e.when
    for i, p in enumerate(s.pressures):
        yield ("pressures", i, "when"), p.when
    for i, t in enumerate(s.thresholds):
        yield ("thresholds", i, "when"), t.when
    for i, a in enumerate(s.agendas):
        yield ("agendas", i, "goal"), a.goal
    for i, lever in enumerate(s.levers):
        yield ("levers", i, "when"), lever.when
        for k, situation in enumerate(lever.situations):
            yield ("levers", i, "situations", k, "when"), situation.when
    for i, epilogue in enumerate(s.epilogues):
        yield ("epilogues", i, "when"), epilogue.when
    for i, c in enumerate(s.cards):
        for j, o in enumerate(c.options):
            for k, situation in enumerate(o.situations):
                yield ("cards", i, "options", j, "situations", k, "when"), situation.when


def _consequences(s: Scenario) -> Iterator[tuple[Where, Consequences]]:
    for i, c in enumerate(s.cards):
        for j, o in enumerate(c.options):
            yield ("cards", i, "options", j), o
    for i, e in enumerate(s.events):
        yield ("events", i), e
    for i, jo in enumerate(s.joint_outcomes):
        yield ("joint_outcomes", i), jo
    for i, p in enumerate(s.pressures):
        yield ("pressures", i), p
    for i, inject in enumerate(s.injects):
        yield ("injects", i), inject
    for i, lever in enumerate(s.levers):
        yield ("levers", i), lever
    for i, pledge in enumerate(s.pledges):
        yield ("pledges", i, "broken"), pledge.broken


def _check_content(s: Scenario) -> Iterator[Finding]:
    meters = {m.id: m for m in s.meters}
    turns = s.calendar.turns
    refs = {r.id for r in s.references}
    ends = {e.id for e in s.end_states}
    flags_set = {f for _, c in _consequences(s) for f in c.sets}
    flags_set |= {f for c in s.cards for o in c.options for f in o.sets}
    flags_set |= {f for p in s.pledges for f in p.sets}
    if s.pledges:
        flags_set |= {f"pledge_broken_by_{side.value}" for side in Side}

    for where, cons in _consequences(s):
        yield from _check_effects((*where, "effects"), cons.effects, meters)
        if cons.lasting:
            yield from _check_effects((*where, "lasting", "effects"), cons.lasting.effects, meters)
        if where[0] == "pledges":
            continue  # a pledge's cost of breaking may be its consequences alone
        if not (cons.effects or cons.lasting or cons.sets or cons.clears):
            yield (
                where,
                False,
                "has no effect, no lasting effect and sets no flag: it can never matter",
            )

    for where, cond in _conditions(s):
        yield from _check_condition(where, cond, meters, turns, flags_set)

    pledges: list[tuple[Where, Consequences]] = [
        (("pledges", i), p) for i, p in enumerate(s.pledges)
    ]
    for where, cons in [*_consequences(s), *pledges]:
        for k, flag in enumerate(cons.clears):
            if flag not in flags_set:
                yield (
                    (*where, "clears", k),
                    False,
                    f"flag {flag!r} is never set by any option or event, so clearing it can "
                    "never matter" + _known(flag, flags_set, "flags set"),
                )

    yield from _check_additions(s, meters)

    for i, e in enumerate(s.events):
        first, last = e.when.from_turn or 1, e.when.until_turn or turns
        if e.turn is not None and e.turn > turns:
            yield ("events", i, "turn"), False, f"turn {e.turn} is after the last turn ({turns})"
        elif e.turn is not None and not first <= e.turn <= last:
            yield ("events", i, "turn"), False, f"turn {e.turn} is outside its condition's turns"

    for i, t in enumerate(s.thresholds):
        if t.end_state not in ends:
            yield (
                ("thresholds", i, "end_state"),
                False,
                f"unknown end state {t.end_state!r}" + _known(t.end_state, ends, "end states"),
            )

    yield from _check_joint(s)

    for where, citations in _citations(s):
        for k, c in enumerate(citations):
            if c.ref not in refs:
                yield (
                    (*where, k, "ref"),
                    False,
                    f"unknown reference {c.ref!r}" + _known(c.ref, refs, "references"),
                )


def _check_additions(s: Scenario, meters: dict[str, Any]) -> Iterator[Finding]:
    """Situations, driven pressures, end-state payoffs and agendas."""
    ends = {e.id for e in s.end_states}
    for i, c in enumerate(s.cards):
        for j, o in enumerate(c.options):
            for k, situation in enumerate(o.situations):
                where: Where = ("cards", i, "options", j, "situations", k, "effects")
                yield from _check_effects(where, situation.effects, meters)
                if not situation.effects:
                    yield where, False, "a situation needs effects, or it can never matter"
    for i, p in enumerate(s.pressures):
        if p.driven_by and p.driven_by.meter not in meters:
            yield (
                ("pressures", i, "driven_by", "meters"),
                False,
                f"unknown meter {p.driven_by.meter!r}"
                + _known(p.driven_by.meter, meters, "meters"),
            )
        elif p.driven_by and not p.effects:
            yield ("pressures", i, "driven_by"), False, "a driven pressure needs effects to scale"
    for i, a in enumerate(s.agendas):
        for k, end in enumerate(a.end_states):
            if end not in ends:
                yield (
                    ("agendas", i, "end_states", k),
                    False,
                    f"unknown end state {end!r}" + _known(end, ends, "end states"),
                )
        if a.goal.from_turn is not None or a.goal.until_turn is not None:
            yield (
                ("agendas", i, "goal"),
                False,
                ("an agenda is judged at the end of the game: give meters and flags, not turns"),
            )
    for i, e in enumerate(s.epilogues):
        for k, end in enumerate(e.end_states):
            if end not in ends:
                yield (
                    ("epilogues", i, "end_states", k),
                    False,
                    f"unknown end state {end!r}" + _known(end, ends, "end states"),
                )
    yield from _check_pledges_levers_chains(s)


def _check_pledges_levers_chains(s: Scenario) -> Iterator[Finding]:
    options = [o for c in s.cards for o in c.options]
    names = {o.id for o in options} | {o.stance.value for o in options}
    names |= {t for o in options for t in o.tags}
    for i, p in enumerate(s.pledges):
        for k, entry in enumerate(p.breaks):
            if entry not in names:
                yield (
                    ("pledges", i, "breaks", k),
                    False,
                    f"{entry!r} is not an option id, tag or stance of any option"
                    + _known(entry, names, "option ids, tags and stances"),
                )
        if not (p.effects or p.lasting or p.sets or p.clears) and not p.broken.effects:
            yield ("pledges", i), False, "keeping or breaking it changes nothing: give effects"
    for i, lever in enumerate(s.levers):
        if not (lever.effects or lever.lasting or lever.sets or lever.clears):
            yield ("levers", i), False, "a lever with no effect can never matter"
    steps = {c.id for c in s.cards} | {e.id for e in s.events}
    for i, chain in enumerate(s.chains):
        for j, step in enumerate(chain.steps):
            if not step:
                yield ("chains", i, "steps", j), False, "a step needs a card or event id"
            for k, ref in enumerate(step):
                if ref not in steps:
                    yield (
                        ("chains", i, "steps", j, k),
                        False,
                        f"{ref!r} is not a card or event id"
                        + _known(ref, steps, "card and event ids"),
                    )


def _check_effects(where: Where, effects: Effects, meters: dict[str, Any]) -> Iterator[Finding]:
    for meter, delta in effects.items():
        if meter not in meters:
            yield (
                (*where, meter),
                True,
                f"unknown meter {meter!r}" + _known(meter, meters, "meters"),
            )
        elif delta == 0:
            yield (*where, meter), False, "a change of 0 can never matter"


def _check_condition(
    where: Where, cond: Condition, meters: dict[str, Any], turns: int, flags_set: set[str]
) -> Iterator[Finding]:
    first, last = cond.from_turn or 1, cond.until_turn or turns
    if first > turns:
        yield (*where, "from_turn"), False, f"from_turn {first} is after the last turn ({turns})"
    elif first > last:
        yield (*where, "until_turn"), False, f"until_turn {last} is before from_turn {first}"
    for meter, bound in cond.meters.items():
        here = (*where, "meters", meter)
        if meter not in meters:
            yield here, True, f"unknown meter {meter!r}" + _known(meter, meters, "meters")
            continue
        low = meters[meter].min if bound.min is None else bound.min
        high = meters[meter].max if bound.max is None else bound.max
        if bound.min is None and bound.max is None:
            yield here, False, "give min, max or both"
        elif low > high or low > meters[meter].max or high < meters[meter].min:
            yield (
                here,
                False,
                (
                    f"{meter} can never lie in {low}..{high} (its range is "
                    f"{meters[meter].min}..{meters[meter].max})"
                ),
            )
    for key in ("flags", "not_flags"):
        for k, flag in enumerate(getattr(cond, key)):
            if flag not in flags_set:
                yield (
                    (*where, key, k),
                    False,
                    f"flag {flag!r} is never set by any option or event"
                    + _known(flag, flags_set, "flags set"),
                )


def _check_joint(s: Scenario) -> Iterator[Finding]:
    for i, jo in enumerate(s.joint_outcomes):
        for side in Side:
            options = [o for c in s.cards if c.side is side for o in c.options]
            names = {o.id for o in options} | {o.stance.value for o in options}
            names |= {t for o in options for t in o.tags}
            for k, entry in enumerate(getattr(jo, side.value)):
                if entry not in names:
                    yield (
                        ("joint_outcomes", i, side.value, k),
                        False,
                        f"{entry!r} is not an option id, tag or stance of a {side.value} option"
                        + _known(entry, names, f"{side.value} option ids, tags and stances"),
                    )


def _citations(s: Scenario) -> Iterator[tuple[Where, list[Any]]]:
    for side, brief in s.sides.items():
        yield ("sides", side.value, "sources"), brief.sources
    keys = (
        "cards",
        "events",
        "joint_outcomes",
        "pressures",
        "injects",
        "thresholds",
        "end_states",
        "agendas",
        "pledges",
        "levers",
    )
    for key in keys:
        for i, item in enumerate(getattr(s, key)):
            yield (key, i, "sources"), item.sources


def _check_outlook(s: Scenario) -> Iterator[Finding]:
    meters = {m.id: m for m in s.meters}
    for meter in s.outlook.index:
        if meter not in meters:
            yield (
                ("outlook", "index", meter),
                True,
                f"unknown meter {meter!r}" + _known(meter, meters, "meters"),
            )
        elif meters[meter].owner not in (Owner.SHARED, Owner.WORLD):
            yield (
                ("outlook", "index", meter),
                True,
                f"meter {meter!r} belongs to one side; the index reads shared or world meters",
            )
    ordered = sorted(enumerate(s.end_states), key=lambda p: p[1].centre)
    for (_, a), (j, b) in pairwise(ordered):
        if a.centre == b.centre:
            yield (
                ("end_states", j, "centre"),
                False,
                f"end state {b.id!r} shares its centre with {a.id!r}, so it can never be selected",
            )
    # The index is a weighted mean of meters scaled to 0-100, so with every meter free to
    # move over its range, each end state is selectable iff its band lies inside 0-100.
    for k, (i, e) in enumerate(ordered):
        low = 0.0 if k == 0 else (ordered[k - 1][1].centre + e.centre) / 2
        high = 100.0 if k == len(ordered) - 1 else (e.centre + ordered[k + 1][1].centre) / 2
        if low >= high:
            yield ("end_states", i, "centre"), False, f"end state {e.id!r} has an empty band"


def _check_turn_cover(s: Scenario) -> Iterator[Finding]:
    """Each side must always have a card: one whose condition depends on the turn alone."""
    for side in Side:
        for turn in range(1, s.calendar.turns + 1):
            if not any(
                c.side is side
                and c.when.is_static
                and (c.when.from_turn or 1) <= turn <= (c.when.until_turn or s.calendar.turns)
                for c in s.cards
            ):
                yield (
                    ("cards",),
                    False,
                    (
                        f"{side.value} has no card available on turn {turn} whatever happens "
                        "(give one a condition on the turn alone, or none)"
                    ),
                )
                break


# --- finding scenarios ------------------------------------------------------------------


def resolve(name: str) -> Path:
    """A scenario given by shipped id or by path; raise `ScenarioError` if neither."""
    path = Path(name)
    # os.path, not Path: a name too long for the file system is simply not a file here.
    if path.suffix in (".yaml", ".yml") or os.path.exists(path):
        if not os.path.isfile(path):
            missing = "not a regular file" if os.path.exists(path) else "no such file"
            raise ScenarioError([Problem(name, 0, 0, missing)])
        return path
    shipped = installed()
    if name in shipped:
        return shipped[name]
    known = ", ".join(sorted(shipped)) or "none"
    raise ScenarioError([Problem(name, 0, 0, f"no such scenario (installed: {known})")])


def count_sides(s: Scenario) -> Counter[Side]:
    """Decision cards per side."""
    return Counter(c.side for c in s.cards)
