"""Pledges, levers, chains, epilogues and a hand of two cards."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from alliance_game import audit, console, loader, policies, rules, saves, transcript
from alliance_game.classroom import Table, TableError
from alliance_game.game import Game
from alliance_game.loader import ScenarioError
from alliance_game.rules import IllegalMove
from alliance_game.savefile import SaveError
from alliance_game.scenario import Scenario, Side
from alliance_game.state import Kind

M, T = Side.MOSCOW, Side.TEHRAN
PROMISES = Path(__file__).parents[1] / "fixtures" / "promises.yaml"


@pytest.fixture(scope="module")
def promises() -> Scenario:
    return loader.load(PROMISES)


def by_tag(scenario: Scenario, state, side: Side, tag: str) -> str:
    return next(o.id for o in rules.offered(scenario, state, side) if tag in o.tags)


def test_a_kept_pledge_pays_and_a_broken_one_costs_and_is_remembered(promises: Scenario) -> None:
    state = rules.new_game(promises, 1)
    pledged = rules.pledge(promises, state, M, "no_harm")
    assert pledged.pledge(M) == "no_harm" and pledged.log[-1].kind is Kind.PLEDGE
    assert "Moscow pledges: No harm this season." in transcript.entry_text(
        promises, pledged.log[-1]
    )
    kind = by_tag(promises, pledged, T, "nice")
    kept = rules.play_turn(promises, pledged, {M: by_tag(promises, pledged, M, "nice"), T: kind})
    entry = next(e for e in kept.log if e.kind is Kind.KEPT)
    assert entry.side is M and dict(entry.changes)["trust"] == 2
    assert kept.pledges == () and kept.history[-1].pledges == ((M, "no_harm"),)
    broken = rules.play_turn(promises, pledged, {M: by_tag(promises, pledged, M, "mean"), T: kind})
    entry = next(e for e in broken.log if e.kind is Kind.BROKEN)
    assert dict(entry.changes)["trust"] == -6
    assert {"betrayed", "pledge_broken_by_moscow"} <= broken.flags


def test_pledges_are_refused_when_they_cannot_be_made(promises: Scenario) -> None:
    state = rules.pledge(promises, rules.new_game(promises, 1), M, "no_harm")
    with pytest.raises(IllegalMove, match="already pledged"):
        rules.pledge(promises, state, M, "helping")
    with pytest.raises(IllegalMove, match="no pledge 'vow'"):
        rules.pledge(promises, state, T, "vow")
    game = Game.new(promises, 1, {M: "human", T: "human"})
    game.choose(M, rules.offered(promises, game.state, M)[0].id)
    with pytest.raises(IllegalMove, match="already chosen"):
        game.pledge(M, "no_harm")


def test_a_lever_has_its_uses_and_its_side(promises: Scenario) -> None:
    state = rules.new_game(promises, 2)
    assert [(lv.id, left) for lv, left in rules.levers_open(promises, state, M)] == [("ru_veto", 1)]
    choices = {s: rules.offered(promises, state, s)[0].id for s in (M, T)}
    after = rules.play_turn(promises, state, choices, {M: "ru_veto", T: "ir_network"})
    used = [e for e in after.log if e.kind is Kind.LEVER]
    assert [(e.side, e.ref) for e in used] == [(M, "ru_veto"), (T, "ir_network")]
    assert after.spent == ("ru_veto", "ir_network") and after.history[-1].levers
    assert rules.levers_open(promises, after, M) == []
    again = {s: rules.offered(promises, after, s)[0].id for s in (M, T)}
    for lever, side, message in [
        ("ru_veto", M, "is used up"),
        ("ir_network", M, "belongs to Tehran"),
        ("nuke", M, "is not a lever"),
    ]:
        with pytest.raises(IllegalMove, match=message):
            rules.play_turn(promises, after, again, {side: lever})


def test_personas_pledge_as_they_mean_or_bluff_and_spend_levers(promises: Scenario) -> None:
    state = rules.new_game(promises, 3)
    honest = policies.pledge_for(promises, state, M, "friend")
    intended = policies.persona_choice(promises, state, M, "friend", noise=False, think=False)
    assert honest is not None and not rules.breaks(promises.lookup.pledges[honest], intended)
    assert policies.pledge_for(promises, state, M, "bluffer") == "no_harm"  # candour 0
    assert policies.pledge_for(promises, state, M, "random") is None
    game = Game.new(promises, 3, {M: "rival", T: "bluffer"})
    assert game.state.pledge(T) == "no_harm"  # made in the open as the turn opens
    while not game.over:
        game.advance()
    assert "ru_veto" in game.state.spent  # a persona spends its lever by the end


def test_a_persona_pledges_only_what_is_worth_promising(promises: Scenario) -> None:
    state = rules.new_game(promises, 3)
    # The rival values trust not at all: keeping a pledge is worth nothing to it.
    assert policies.pledge_for(promises, state, M, "rival") is None
    friend = policies.pledge_for(promises, state, M, "friend")
    assert friend == "helping"  # of the pledges its choice keeps, the one worth most


def test_the_strategist_spends_a_lever_only_when_the_game_played_on_says_so(
    promises: Scenario,
) -> None:
    from alliance_game import strategist

    state = rules.new_game(promises, 4)
    option = policies.choose(promises, state, M, policies.STRATEGIST, "friend")
    pulled = policies.lever_for(promises, state, M, policies.STRATEGIST, "friend", option)
    assert pulled == strategist.lever(promises, state, M, option, "friend")
    assert pulled in (None, "ru_veto")
    spent = state.replaced(spent=("ru_veto",))  # its one use gone
    assert policies.lever_for(promises, spent, M, policies.STRATEGIST, "friend", option) is None
    game = Game.new(promises, 4, {M: policies.STRATEGIST, T: "friend"})
    while not game.over:
        game.advance()
    assert "ru_veto" in game.state.spent  # +4 of its own interests: worth spending


def test_the_verdict_holds_chains_deck_and_overlap_to_their_targets(promises: Scenario) -> None:
    report = audit.audit(promises, games=6)
    rows = {r["target"]: r for r in report["verdict"]}
    chain = report["content"]["chains"][0]
    assert rows["content.chains"]["value"] == 1 and not rows["content.chains"]["pass"]
    assert rows["content.chain.grudge_chain"]["pass"] == (chain["completed"] >= 0.05)
    seen = report["content"]["deck_seen_share"]["moscow"]
    assert rows["content.deck_seen.moscow"]["pass"] == (seen <= 0.7)
    overlap = report["content"]["decision_overlap"]
    assert rows["content.decision_overlap"]["pass"] == (overlap <= 0.5)


def test_epilogue_lines_follow_what_happened(promises: Scenario) -> None:
    game = Game.new(promises, 1, {M: "friend", T: "friend"})
    while not game.over:
        game.advance()
    told = transcript.epilogue(promises, game.state)
    assert told[-1] == "The game is over." and "A betrayal was never forgiven." not in told
    assert "In this game:" in "\n".join(transcript.ending_lines(promises, game.state))


def test_the_audit_follows_chains_pledges_and_levers(promises: Scenario) -> None:
    report = audit.audit(promises, games=6)
    chains = report["content"]["chains"]
    assert [c["id"] for c in chains] == ["grudge_chain"] and chains[0]["steps"] == 3
    assert 0 <= chains[0]["completed"] <= 1
    assert report["content"]["pledges"]["per_game"] > 0
    assert set(report["content"]["levers_per_game"]) == {"ru_veto", "ir_network"}


def test_a_hand_of_two_deals_two_cards_and_returns_the_other(promises: Scenario) -> None:
    text = PROMISES.read_text().replace("shuffle_options: true}", "shuffle_options: true, hand: 2}")
    handed = loader.parse(text, "hand.yaml")
    state = rules.new_game(handed, 1)
    assert len(state.hand(M)) == 2 and len(set(state.hand(M))) == 2
    second = rules.hand(handed, state, M)[1]
    choices = {M: second.options[0].id, T: rules.offered(handed, state, T)[0].id}
    after = rules.play_turn(handed, state, choices)
    assert second.id in after.played and state.hand(M)[0] not in after.played
    assert len(rules.offered(handed, state, M)) == sum(
        len(c.options) for c in rules.hand(handed, state, M)
    )


def test_new_sections_are_checked() -> None:
    text = PROMISES.read_text()
    for old, new, message in [
        ("breaks: [mean]", "breaks: [meen]", "'meen' is not an option id, tag or stance"),
        (
            "[[ru_two], [grudge], [storm]]",
            "[[ru_two], [grudje]]",
            "'grudje' is not a card or event id",
        ),
        (
            "side: moscow, title: The veto",
            "side: moscow, title: The veto, when: {flags: [nope]}",
            "flag 'nope' is never set",
        ),
        ("end_states: [high]}", "end_states: [higher]}", "unknown end state 'higher'"),
        (
            "{id: ir_network, side: tehran",
            "{id: ru_veto, side: tehran",
            "duplicate lever id 'ru_veto'",
        ),
        ("uses: 2", "uses: 0", "must be at least 1, not 0"),
    ]:
        assert old in text, old
        with pytest.raises(ScenarioError) as err:
            loader.parse(text.replace(old, new), "s.yaml")
        assert any(message in str(p) for p in err.value.problems), err.value.problems


def test_pledges_and_levers_are_saved_and_replayed(tmp_path: Path, promises: Scenario) -> None:
    game = Game.new(promises, 4, {M: "human", T: "bluffer"}, PROMISES)
    game.pledge(M, "helping")
    game.pull(M, "ru_veto")
    game.choose(M, rules.offered(promises, game.state, M)[0].id)
    game.advance()
    game.pledge(M, "no_harm")  # made in the turn under way: kept in the save
    path = tmp_path / "g.json"
    saves.write(game, path)
    data = json.loads(path.read_text())
    assert data["format"] == saves.FORMAT
    assert data["log"][0]["pledges"] == {"moscow": "helping"}  # the computer's is made again
    assert data["log"][0]["levers"] == {"moscow": "ru_veto", "tehran": "ir_network"}
    assert data["current"]["pledges"] == {"moscow": "no_harm"}
    back = saves.read(path)
    assert back.state == game.state


def test_a_choice_made_in_the_turn_under_way_is_saved_and_taken_up(
    tmp_path: Path, promises: Scenario
) -> None:
    """Hotseat saved at the handoff: Moscow's choice, lever and reason come back, still
    waiting for Tehran; the turn then resolves with them."""
    game = Game.new(promises, 4, {M: "human", T: "human"}, PROMISES)
    option = rules.offered(promises, game.state, M)[1].id
    game.pull(M, "ru_veto")
    game.choose(M, option, "hold them to it")
    path = tmp_path / "g.json"
    saves.write(game, path)
    data = json.loads(path.read_text())
    assert data["current"]["chosen"] == {"moscow": option}
    assert data["current"]["levers"] == {"moscow": "ru_veto"}
    back = saves.read(path)
    assert back.chosen == {M: option} and back.pulled == {M: "ru_veto"}
    assert back.rationales == {(1, M): "hold them to it"}
    assert back.waiting_on() == [T]
    for taken in (game, back):
        taken.choose(T, rules.offered(promises, taken.state, T)[0].id)
        taken.advance()
    assert back.state == game.state


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"chosen": {"moscow": "nope"}}, "is not an option id in this scenario"),
        ({"chosen": {"tehran": "x"}}, "tehran is played by the computer"),
        ({"levers": {"moscow": "ru_veto"}}, "a lever for moscow, who has not chosen"),
    ],
)
def test_a_bad_choice_under_way_in_a_save_is_one_line(
    tmp_path: Path, promises: Scenario, edit: dict[str, object], message: str
) -> None:
    game = Game.new(promises, 4, {M: "human", T: "friend"}, PROMISES)
    path = tmp_path / "g.json"
    saves.write(game, path)
    data = json.loads(path.read_text())
    data["current"] |= edit
    data["check"] = saves.checksum({k: v for k, v in data.items() if k != "check"})
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError) as err:
        saves.read(path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_a_format_3_save_reads_as_format_4(tmp_path: Path, promises: Scenario) -> None:
    game = Game.new(promises, 4, {M: "human", T: "friend"}, PROMISES)
    game.choose(M, rules.offered(promises, game.state, M)[0].id)
    game.advance()
    data = saves.record(game)
    data["format"] = 3
    for turn in data["log"]:
        turn.pop("pledges", None)
        turn.pop("levers", None)
    data["current"].pop("pledges", None)
    data["state"].pop("spent")
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    assert saves.read(path).state == game.state


def test_a_hosted_game_takes_pledges_and_levers(tmp_path: Path, promises: Scenario) -> None:
    game = Game.new(promises, 5, {M: "human", T: "human"}, PROMISES)
    table = Table.create(tmp_path / "class.db", game)
    table.pledge(M, "no_harm")
    with pytest.raises(TableError, match="already pledged"):
        table.pledge(M, "helping")
    state = table.game().state
    table.choose(M, rules.offered(promises, state, M)[0].id, "why", lever="ru_veto")
    table.choose(T, rules.offered(promises, state, T)[0].id)
    record = table.game().state.history[0]
    assert record.pledges == ((M, "no_harm"),) and record.levers == ((M, "ru_veto"),)
    other = Table.open(tmp_path / "class.db")
    assert other.game().state == table.game().state


def test_the_plain_game_asks_for_pledges_and_levers(promises: Scenario) -> None:
    answers = io.StringIO("\n" + "1\n1\n1\n" * 4)  # brief; then pledge 1, option 1, lever 1
    out = io.StringIO()
    console.play(promises, "moscow", "friend", 6, stdin=answers, stdout=out)
    text = out.getvalue()
    assert "a pledge the other side will see" in text and "Moscow pledges:" in text
    assert "Use a lever with your choice?" in text and "used its veto" in text


def test_pledges_in_one_call_are_pledges_one_by_one(promises: Scenario) -> None:
    before = rules.new_game(promises, seed=3)
    made = ((Side.MOSCOW, "no_harm"), (Side.TEHRAN, "helping"))
    one_by_one = rules.pledge(promises, before, *made[0])
    assert rules.pledges(promises, before, made) == rules.pledge(promises, one_by_one, *made[1])
    with pytest.raises(rules.IllegalMove, match="already pledged"):
        rules.pledges(promises, before, ((Side.MOSCOW, "no_harm"), (Side.MOSCOW, "helping")))
