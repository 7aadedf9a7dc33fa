"""Scenario authoring: each mistake a teacher makes gets one line, in plain words, with
the fix, at the exact line and column; every problem of a file is reported in one run."""

from __future__ import annotations

import pytest

from alliance_game import catalog, loader
from alliance_game.loader import ScenarioError

TEMPLATE = catalog.template("caspian", "The Caspian")
LINE = {
    needle: next(n for n, line in enumerate(TEMPLATE.splitlines(), 1) if line.startswith(needle))
    for needle in ("        log: undercut Iran", "      - id: ru_buyers_share", "  - id: ru_summit")
}


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loader.parse(text, "s.yaml")
    return [str(p) for p in caught.value.problems]


def edit(old: str, new: str, text: str = TEMPLATE) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def at(text: str, needle: str, skip: int = 0) -> str:
    """`s.yaml:LINE:COL` of the first `needle`, `skip` characters in."""
    index = text.index(needle) + skip
    line = text.count("\n", 0, index) + 1
    return f"s.yaml:{line}:{index - text.rfind(chr(10), 0, index)}"


def test_the_template_is_valid() -> None:
    scenario = loader.parse(TEMPLATE, "s.yaml")
    assert scenario.id == "caspian" and scenario.title == "The Caspian"
    assert scenario.calendar.turns == 2


# --- one run, every problem ---------------------------------------------------------------


def test_every_stage_reports_in_one_run() -> None:
    """A stance typo (a shape problem) no longer hides a meter typo, a wrong end state or a
    short label list (references between parts)."""
    text = TEMPLATE
    for old, new in [
        (
            "stance: hedge\n        effects: {ru_revenue: 1}",
            "stance: hedging\n        effects: {ru_revenue: 1}",
        ),
        ("effects: {trust: 6, ir_revenue: -2}", "effects: {trsut: 6, ir_revenue: -2}"),
        ("end_state: rivals", "end_state: rivalry"),
        ("labels: [Spring 2024, Summer 2024]", "labels: [Spring 2024]"),
        ("label: Trust\n", "label: yes\n"),
    ]:
        text = edit(old, new, text)
    assert problems(text) == [
        f"{at(text, '[Spring 2024]')}: calendar.labels: 1 labels for 2 turns; give one per turn",
        f"{at(text, 'label: yes', 7)}: meters[0].label: YAML reads yes as true (a yes/no value), not as "
        'text: put it in double quotes, label: "yes"',
        f"{at(text, 'rivalry')}: thresholds[0].end_state: unknown end state 'rivalry': did you "
        "mean 'rivals'? (end states: business, partners, rivals)",
        f"{at(text, 'hedging')}: cards[1].options[1].stance: unknown stance 'hedging': did you "
        "mean 'hedge'? (choices: compete, cooperate, hedge)",
        f"{at(text, 'trsut')}: cards[3].options[0].effects.trsut: unknown meter 'trsut': did "
        "you mean 'trust'? (meters: ir_revenue, ru_revenue, trust)",
    ]


def test_what_a_broken_part_explains_is_not_reported_twice() -> None:
    """A card set aside for a bad stance leaves no 'no card on turn 2', and an end state set
    aside leaves no 'unknown end state' where it is named."""
    text = edit(
        "stance: cooperate\n        effects: {trust: 6, ru_revenue: -2}",
        "stance: friendly\n        effects: {trust: 6, ru_revenue: -2}",
    )
    text = edit("centre: 20", "centre: high", text)
    found = problems(text)
    assert len(found) == 2, found
    assert found[0].startswith(f"{at(text, 'high')}: end_states[0].centre: expected a number")
    assert found[1].startswith(f"{at(text, 'friendly')}: cards[1].options[0].stance: unknown")


# --- plain words and a fix, at the exact place ------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "end_state: rivals",
            "end_state: rivalry",
            "rivalry",
            "thresholds[0].end_state: unknown end state 'rivalry': did you mean 'rivals'? "
            "(end states: business, partners, rivals)",
        ),
        (
            "{trust: -8, ru_revenue: 5}",
            "{trust: -8, ru_revenu: 5}",
            "ru_revenu:",
            "cards[0].options[1].effects.ru_revenu: unknown meter 'ru_revenu': did you mean "
            "'ru_revenue'? (meters: ir_revenue, ru_revenue, trust)",
        ),
        (
            "when: {flags: [price_cut]}",
            "when: {flags: [pricecut]}",
            "pricecut",
            "events[1].when.flags[0]: flag 'pricecut' is never set by any option or event: did "
            "you mean 'price_cut'? (flags set: pledge_broken_by_moscow, pledge_broken_by_tehran, "
            "price_cut)",
        ),
        (
            '{ref: a004, point: "Diplomacy',
            '{ref: a0004, point: "Diplomacy',
            "a0004",
            "cards[1].sources[0].ref: unknown reference 'a0004': did you mean 'a004'? "
            "(references: a000, a004)",
        ),
        (
            "discussion:",
            "discusion:",
            "discusion",
            "(top level): unknown key 'discusion': did you mean 'discussion'? (keys here: "
            "agendas, audit, calendar, cards, chains, discussion, end_states, epilogues, events, "
            "id, injects, joint_outcomes, levers, meters, outlook, personas, pledges, pressures, "
            "references, rules, sides, summary, thresholds, title)",
        ),
        (
            "    tehran: [ir_buyers_undercut]",
            "    tehran: [ir_buyers_undercat]",
            "ir_buyers_undercat",
            "joint_outcomes[0].tehran[0]: 'ir_buyers_undercat' is not an option id, tag or "
            "stance of a tehran option: did you mean 'ir_buyers_undercut'? (tehran option ids, "
            "tags and stances: compete, cooperate, hedge, ir_buyers_hold, ir_buyers_undercut, "
            "ir_summit_back, ir_summit_snub)",
        ),
        (
            "label: Undercut\n        text: Offer",
            "label: yes\n        text: Offer",
            "yes\n        text: Offer",
            "cards[0].options[1].label: YAML reads yes as true (a yes/no value), not as text: "
            'put it in double quotes, label: "yes"',
        ),
        (
            "label: Undercut\n        text: Offer",
            "label: 2023\n        text: Offer",
            "2023\n        text: Offer",
            "cards[0].options[1].label: YAML reads 2023 as a number, not as text: put it in "
            'double quotes, label: "2023"',
        ),
        (
            "labels: [Spring 2024, Summer 2024]",
            "labels: [2024-03-01, Summer 2024]",
            "2024-03-01",
            "calendar.labels[0]: YAML reads 2024-03-01 as a date, not as text: put it in double "
            'quotes, "2024-03-01"',
        ),
        (
            "text: Offer a deeper discount than Tehran can.",
            "text: Offer: a deeper discount",
            "Offer: a",
            'a ": " inside text: put the text in double quotes, text: "Offer: a deeper discount"',
        ),
        (
            "        hint: Money now; Tehran will notice.\n        log: undercut Iran",
            "        hint: Money now; Tehran will notice.\n       log: undercut Iran",
            "log: undercut Iran",
            f"check the indentation of line {LINE['        log: undercut Iran']}: line it up with "
            "the lines of its block (the block it belongs to starts on line "
            f"{LINE['      - id: ru_buyers_share']}); spaces only, two per level, list items "
            "start with '- '",
        ),
        (
            "  event_chance: 0.5",
            "\tevent_chance: 0.5",
            "\tevent_chance",
            "a tab character: indent with spaces only",
        ),
        (
            '{ref: a000, point: "Economic competition: undercutting creates tension"}',
            "{ref: a000, point: Undercutting, and tension}",
            "and tension",
            "events[1].sources[0]: 'and tension' is read as a key: inside {...} a comma ends a "
            "text, so the text before it stops at the comma; put the whole text in double quotes",
        ),
        (
            "event_chance: 0.5",
            "event_chance: 2",
            "2 ",
            "rules.event_chance: must be at most 1, not 2",
        ),
        (
            'sources: [{ref: a000, point: "Signs of friction: trust can wear out"}]',
            "sources: []",
            "[]",
            "thresholds[0].sources: needs at least 1 item, has 0",
        ),
        (
            "when: {meters: {trust: {max: 35}}}",
            "when: trust < 35",
            "trust < 35",
            "pressures[0].when: a condition is a mapping of from_turn, until_turn, meters, flags "
            "and not_flags, e.g. {meters: {trust: {max: 35}}} (trust at most 35) or "
            "{from_turn: 2, flags: [deal]}; 'trust < 35' is not one",
        ),
        (
            "when: {meters: {trust: {max: 35}}}",
            "when: {trust: 35}",
            "trust: 35}",
            "pressures[0].when: unknown key 'trust' in a condition: a condition is a mapping of "
            "from_turn, until_turn, meters, flags and not_flags, e.g. {meters: {trust: {max: "
            "35}}} (trust at most 35) or {from_turn: 2, flags: [deal]}",
        ),
        (
            "when: {meters: {trust: {max: 35}}}",
            "when: {meters: {trust: 35}}",
            "35}}",
            "pressures[0].when.meters.trust: a meter in a condition takes a range, {min: N}, "
            "{max: N} or both: {meters: {trust: {max: 35}}} means trust at most 35",
        ),
        (
            "  - id: ru_summit\n",
            "  - id: RU-Summit\n",
            "RU-Summit",
            "cards[1].id: 'RU-Summit' is not a valid id (ids are lower case letters, digits and "
            "_, starting with a letter): write 'ru_summit'",
        ),
        (
            "  - id: ir_summit\n",
            "  - id: ru_summit\n",
            "ru_summit\n    side: tehran",
            "cards[3].id: duplicate card id 'ru_summit' (the first is cards[1].id, on line "
            f"{LINE['  - id: ru_summit']})",
        ),
        (
            "clears: [price_cut]",
            "clears: [price_cutt]",
            "price_cutt",
            "events[1].clears[0]: flag 'price_cutt' is never set by any option or event, so "
            "clearing it can never matter: did you mean 'price_cut'? (flags set: "
            "pledge_broken_by_moscow, pledge_broken_by_tehran, price_cut)",
        ),
        (
            "Two seasons",
            "Two\0seasons",
            "\0",
            "the file holds a NUL byte, which a scenario cannot: delete it (a file that is not "
            "plain text, or text pasted from elsewhere?)",
        ),
        (
            "rules:\n",
            "rules:\n  <<: {hand: 1}\n",
            "<<",
            "'<<' (a YAML merge key) is not supported: write the keys out in full",
        ),
    ],
)
def test_each_mistake_in_plain_words_at_its_place(
    old: str, new: str, needle: str, message: str
) -> None:
    text = edit(old, new)
    assert problems(text) == [f"{at(text, needle)}: {message}"]


def test_an_unclosed_quote_is_reported_where_it_opened() -> None:
    text = edit(
        "text: Agree with Tehran who sells to whom.", 'text: "Agree with Tehran who sells to whom.'
    )
    assert problems(text) == [
        f'{at(text, chr(34) + "Agree")}: this quote is not closed on its line: end the text with "'
    ]


def test_a_quote_never_closed_is_reported_where_it_opened() -> None:
    text = TEMPLATE + 'extra: "never closed\n'
    assert problems(text) == [
        f'{at(text, chr(34) + "never")}: this quote is never closed: end the text with " on '
        "the same line"
    ]


def test_text_after_a_closing_quote() -> None:
    text = edit("prompt: Tehran asks", "prompt: 'Tehran's ask is' for")
    [line] = problems(text)
    assert line.startswith(at(text, "s ask is")) and "write '' for an apostrophe" in line


def test_a_file_not_in_utf8_gives_the_line_and_column_of_the_bad_byte() -> None:
    text = edit("Asia.", "Asia, caf\xe9.")
    raw = text.encode("latin-1")
    assert problems(raw) == [
        f"{at(text, chr(0xE9))}: byte 0xe9 is not UTF-8 text: save the file as UTF-8 (in your "
        "editor: save with encoding, UTF-8)"
    ]


def test_a_nul_byte_in_a_script_is_one_line(tmp_path) -> None:
    from alliance_game import playthrough
    from alliance_game.playthrough import ScriptError

    script = tmp_path / "s.yaml"
    script.write_bytes(b"scenario: default\nseed: 1\x00\n")
    with pytest.raises(ScriptError) as caught:
        playthrough.load(script)
    [problem] = caught.value.problems
    assert str(problem) == (
        f"{script}:2:8: the file holds a NUL byte, which a scenario cannot: delete it (a file "
        "that is not plain text, or text pasted from elsewhere?)"
    )


# --- check --preview ----------------------------------------------------------------------


def test_preview_shows_every_text_as_a_player_reads_it(tmp_path, capsys) -> None:
    from alliance_game.cli import main

    path = tmp_path / "caspian.yaml"
    path.write_text(TEMPLATE)
    assert main(["check", "--preview", str(path)]) == 0
    out = capsys.readouterr().out
    scenario = loader.parse(TEMPLATE, "s.yaml")
    assert all(len(line) <= 80 for line in out.splitlines()[1:])
    for card in scenario.cards:
        assert f"{scenario.sides[card.side].name} decides: {card.title}" in out
        for n, option in enumerate(card.options, 1):
            assert f"{n}  {option.label}\n   {option.text}\n   {option.hint}\n" in out
    for text in [e.news for e in scenario.events] + [i.note for i in scenario.injects]:
        assert text.split()[0] in out
    for end in scenario.end_states:
        assert f"{end.title} [{end.id}, centre {end.centre:g}]\n{end.narrative}" in out
    assert out.endswith("== 0 warning(s) for a screen of 80x24 ==\n  none\n")


def test_preview_warns_of_text_too_long_for_80x24() -> None:
    from alliance_game import preview

    long_prompt = "Tehran asks for a common line. " * 9
    text = edit(
        "prompt: Tehran asks for a common line on sanctions before the summit.",
        f"prompt: {long_prompt.strip()}",
    )
    text = edit(
        "news: New Western sanctions hit both capitals' oil sales.", "news: " + "word " * 60, text
    )
    warned = [str(w) for w in preview.warnings(loader.parse(text, "s.yaml"))]
    assert warned == [
        "warning: card ru_summit: the prompt takes 4 lines at 80x24, where 3 fit: keep it under "
        f"about 216 characters (it has {len(long_prompt.strip())})",
        "warning: event sanctions_tighten: the news takes 5 lines at 80x24, where 3 fit: keep it "
        "under about 216 characters (it has 324)",
    ]
    crowded = edit("text: Sign the common statement.", "text: " + "Sign it now. " * 26)
    [line] = [str(w) for w in preview.warnings(loader.parse(crowded, "s.yaml"))]
    assert line.startswith("warning: card ru_summit: its options take 10 rows at 80x24")


def test_preview_of_a_broken_file_is_its_problems(tmp_path, capsys) -> None:
    from alliance_game.cli import main

    path = tmp_path / "bad.yaml"
    path.write_text(edit("end_state: rivals", "end_state: rivalry"))
    assert main(["check", "--preview", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "unknown end state 'rivalry'" in err


def test_a_script_gets_the_same_plain_words(tmp_path) -> None:
    from alliance_game import playthrough
    from alliance_game.playthrough import ScriptError

    script = tmp_path / "s.yaml"
    script.write_text(
        "scenario: default\nseed: -1\nmoscow: {persona: pragmatist, choices: [a]}\n"
        "tehran: {persona: pragmatist}\nexpect:\n  end_stat: pragmatic\n"
    )
    with pytest.raises(ScriptError) as caught:
        playthrough.load(script)
    assert [str(p) for p in caught.value.problems] == [
        f"{script}:2:7: seed: must be at least 0, not -1",
        f"{script}:3:9: moscow: give exactly one of 'choices' or 'persona'",
        f"{script}:6:3: expect: unknown key 'end_stat': did you mean 'end_state'? (keys here: "
        "end_state, meters, scores)",
    ]
