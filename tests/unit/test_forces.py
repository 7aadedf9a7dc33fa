"""The "why" view: the forces on the meters, what is within reach, the stories under way."""

from __future__ import annotations

from alliance_game import audit, forces, report, rules, transcript
from alliance_game.scenario import Scenario
from alliance_game.state import Ending, GameState, Kind, Pending


def at(state: GameState, **meters: int) -> GameState:
    """The state with some meters set."""
    return state.replaced(meters=state.meters | meters)


def test_forces_scale_a_driven_pressure_and_drop_one_whose_condition_fails(
    default: Scenario,
) -> None:
    state = at(rules.new_game(default, seed=5), oil_price=70, trust=52)
    found = {f.ref: f for f in forces.forces(default, state)}
    # every 6 points of oil above 50 is +1 for Tehran's revenue: 70 -> +3; every 15 -> +1
    assert found["oil_budget_tehran"].changes == (("ir_revenue", 3),)
    assert found["oil_budget_moscow"].changes == (("ru_revenue", 1),)
    assert "cheap_oil_squeeze" not in found  # only at oil 35 or less
    cheap = {f.ref for f in forces.forces(default, at(state, oil_price=30))}
    assert "cheap_oil_squeeze" in cheap and "oil_budget_tehran" in cheap


def test_lasting_effects_are_listed_with_the_seasons_they_still_play_out(
    default: Scenario,
) -> None:
    state = rules.new_game(default, seed=5)
    option = next(o.id for o in default.lookup.options.values() if o.lasting)
    state = state.replaced(pending=(Pending(option, (("trust", -2),), 3),))
    (lasting,) = [f for f in forces.forces(default, state) if f.kind is Kind.LASTING]
    assert lasting == forces.Force(Kind.LASTING, option, (("trust", -2),), 3)
    assert "3 more seasons" in transcript.force_text(default, state, lasting)


def test_a_threshold_is_within_reach_only_when_every_meter_is_close(default: Scenario) -> None:
    state = rules.new_game(default, seed=5).replaced(turn=3)
    close = at(state, trust=12, coordination=35)
    (collapse,) = [n for n in forces.near(default, close) if n.ref == "collapse"]
    assert [(g.meter, g.value, g.bound, g.points) for g in collapse.gaps] == [
        ("trust", 12, 5, 7),
        ("coordination", 35, 30, 5),
    ]
    assert collapse.from_turn == 5  # the collapse cannot happen before turn 5
    line = transcript.near_text(default, close, collapse)
    assert "Trust is 5 or less (now 12)" in line and "possible from turn 5" in line
    assert '"Rivals in all but name"' in line
    far = at(state, trust=12, coordination=45)  # coordination 15 points away
    assert "collapse" not in {n.ref for n in forces.near(default, far)}


def test_a_pressure_within_reach_shows_what_it_would_do_once_it_starts(
    default: Scenario,
) -> None:
    state = at(rules.new_game(default, seed=5), trust=52)
    near = {n.ref: n for n in forces.near(default, state)}
    line = transcript.near_text(default, state, near["convenience_not_conviction"])
    assert line == (
        "Partners of convenience (Trust -1 a season) starts once Trust is 58 or more (now 52)"
    )
    assert "convenience_not_conviction" not in {
        n.ref for n in forces.near(default, at(state, trust=40))
    }


def test_stories_follow_the_chains_step_by_step_as_the_audit_does(default: Scenario) -> None:
    begun = 0
    for seed in range(40):
        game, before = audit.play(default, seed, "random", "random")
        played = audit.reduce(default, game, before)
        assert forces.happened(default, game.state) == list(played.happened)
        told = {s.chain: s for s in forces.stories(default, game.state)}
        for chain in default.chains:
            story = told.get(chain.id)
            done = story.done if story else 0
            assert done == forces.steps_done(chain, played.happened)
            assert audit.completes(chain, played) == (done == len(chain.steps))
            begun += story is not None
    assert begun > 20


def test_the_why_view_says_so_when_nothing_presses(default: Scenario) -> None:
    state = rules.new_game(default, seed=5)  # every driven pressure at its centre
    sections = dict(transcript.why_sections(default, state))
    assert sections[transcript.WHY_FORCES] == ["Nothing presses on the meters for now."]
    finished = state.replaced(ending=Ending("rivalry", state.turn, "final_turn", ()))
    assert transcript.WHY_FORCES not in dict(transcript.why_sections(default, finished))


def test_the_report_and_transcript_tell_how_far_each_story_went(default: Scenario) -> None:
    seed = next(
        s
        for s in range(100)
        if any(
            st.complete
            for st in forces.stories(
                default, audit.play(default, s, "loyalist", "loyalist")[0].state
            )
        )
    )
    game, _ = audit.play(default, seed, "loyalist", "loyalist")
    lines = transcript.story_lines(default, game.state)
    assert any(line.endswith("(complete)") for line in lines)
    md = report.render(game, "md")
    assert f"## {transcript.STORIES}" in md and all(line in md for line in lines)
    page = report.render(game, "html")
    assert f"<h2>{transcript.STORIES}</h2>" in page
    text = transcript.render(default, game.state)
    assert all(f"  - {line}" in text for line in lines)
    stories = transcript.to_json(default, game.state)["stories"]
    assert {s["chain"] for s in stories} == {s.chain for s in forces.stories(default, game.state)}
