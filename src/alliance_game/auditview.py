"""The design audit on the terminal: its report as Rich tables, the verdict first."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from .scenario import SIDES, Scenario, Side


def show(scenario: Scenario, report: dict[str, Any], console: Console | None = None) -> None:
    """Print an audit report (`audit.audit`) as readable tables."""
    out = console or Console(highlight=False)
    failed = [row for row in report["verdict"] if not row["pass"]]
    out.print(
        f"[b]Design audit of {scenario.title}[/b] ({scenario.id}): "
        f"{report['games']} games a pairing, seed {report['seed']}"
    )
    out.print(verdict(report))
    summary = "every target passes" if not failed else f"{len(failed)} target(s) fail"
    out.print(f"[b]{summary}[/b]. Each measure is explained in docs/balance.md.\n")
    for side in SIDES:
        out.print(payoffs(scenario, report, side.value))
    out.print(dilemma(scenario, report))
    out.print(agency_and_arc(report))
    for side in SIDES:
        out.print(reachability(scenario, report, side.value))
    out.print(cards_and_content(report))


SHORT = {"cooperate": "coop", "compete": "comp", "tit-for-tat": "tft", "random": "rand"}
"""Column names of the payoff tables; personas are cut to five letters."""


def verdict(report: dict[str, Any]) -> Table:
    table = Table(title="Verdict", box=box.SIMPLE_HEAD)
    table.add_column("target", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("needs")
    table.add_column("", no_wrap=True)
    for row in report["verdict"]:
        mark = "[green]pass[/green]" if row["pass"] else "[red b]FAIL[/red b]"
        table.add_row(row["target"], _plain(row["value"]), str(row["threshold"]), mark)
    return table


def payoffs(scenario: Scenario, report: dict[str, Any], side: str) -> Table:
    """One side's mean final score for each of its players (rows) against each opponent."""
    section = report["payoffs"]
    players = section["players"]
    name = scenario.sides[Side(side)].name
    table = Table(
        title=f"{name}'s mean final score against each opponent (* its best response)",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        caption_justify="left",
    )
    table.add_column("plays", no_wrap=True, min_width=11)
    for player in players:
        table.add_column(SHORT.get(player, player[:5]), justify="right", no_wrap=True, min_width=5)
    best = section["best_response"][side]
    for own in players:
        cells = []
        for opp in players:
            mean = section[side][own][opp]["mean"]
            cells.append(f"[b]{mean:.1f}*[/b]" if best[opp] == own else f"{mean:.1f}")
        table.add_row(own, *cells)
    strategist = section["strategist"][side]["against"]
    table.add_row("strategist", *(f"[i]{strategist[o]['mean']:.1f}[/i]" for o in players))
    dominated = section["dominated"][side]
    legend = ", ".join(f"{SHORT.get(p, p[:5])} {p}" for p in players if SHORT.get(p, p[:5]) != p)
    table.caption = f"columns: {legend}" + (
        "\ndominated: " + ", ".join(f"{d['policy']} (by {d['by']})" for d in dominated)
        if dominated
        else "\nno player is dominated"
    )
    return table


def dilemma(scenario: Scenario, report: dict[str, Any]) -> Table:
    table = Table(
        "",
        "both cooperate",
        "both compete",
        "tempted",
        "sucker",
        "shape",
        "cooperate dominated",
        title="The dilemma: always cooperate and always compete against each other",
        box=box.SIMPLE_HEAD,
    )
    for side, d in report["dilemma"].items():
        table.add_row(
            scenario.sides[Side(side)].name,
            f"{d['mutual_cooperation']:.1f}",
            f"{d['mutual_competition']:.1f}",
            f"{d['temptation']:.1f}",
            f"{d['sucker']:.1f}",
            d["shape"],
            f"by {d['cooperate_dominated_by']}" if d["cooperate_dominated"] else "no",
        )
    return table


def agency_and_arc(report: dict[str, Any]) -> Table:
    agency, arc = report["agency"], report["arc"]
    table = Table("measure", "value", title="Agency and arc (mixed play)", box=box.SIMPLE_HEAD)
    table.add_row(
        "single choices that change the ending",
        f"{agency['changed_ending']:.0%} of {agency['flips']} flips",
    )
    table.add_row(
        "  by turn",
        " ".join(f"{t}:{v:.0%}" for t, v in agency["by_turn"].items()),
    )
    span = arc["index_range"]
    table.add_row(
        "range of the alliance index in a game",
        f"median {span['median']:.1f} (quartiles {span['p25']:.1f}-{span['p75']:.1f})",
    )
    changes = arc["heading_changes"]
    table.add_row(
        "heading changes in a game",
        f"mean {changes['mean']:.2f}; twice or more in {changes['two_or_more']:.0%} of games",
    )
    table.add_row("games heading for their ending from turn 1", f"{arc['settled_from_turn_1']:.0%}")
    table.add_row("turn of the last heading change", f"median {arc['last_change_turn']['median']}")
    return table


def reachability(scenario: Scenario, report: dict[str, Any], side: str) -> Table:
    section = report["reachability"]
    ends = list(section["mixed_play"]["shares"])
    name = scenario.sides[Side(side)].name
    table = Table(
        f"{name} aims at",
        *ends,
        title=f"Reachability: {name} aiming at each end state, against each persona "
        f"(reached at {section['share_needed']:.0%})",
        box=box.SIMPLE_HEAD,
    )
    for persona, shares in section["aimed"][side].items():
        table.add_row(f"vs {persona}", *(_share(shares[e], section["share_needed"]) for e in ends))
    mixed = section["mixed_play"]["shares"]
    table.add_row("mixed play", *(f"[i]{mixed[e]:.0%}[/i]" for e in ends))
    return table


def cards_and_content(report: dict[str, Any]) -> Table:
    cards, content, fair = report["cards"], report["content"], report["fairness"]
    table = Table("finding", "value", title="Cards, fairness and content", box=box.SIMPLE_HEAD)
    hurts = cards["self_serving_hurts_alliance"]
    table.add_row(
        "cards whose best option for the chooser always hurts the alliance most",
        f"{len(hurts)}: {', '.join(hurts) or 'none'}",
    )
    order = cards["stance_order"]
    table.add_row(
        "cards listing their options in the most common stance order",
        f"{order['share']:.0%} ({' / '.join(order['most_common'])})"
        + (", shown in a seeded order" if order["shown_in_seeded_order"] else ""),
    )
    start = fair["start"]
    table.add_row(
        "starting scores",
        ", ".join(f"{s} {v}" for s, v in start.items())
        + (" (scores count from the start)" if fair["scores_from_start"] else ""),
    )
    for side, spread in fair["final_under_mixed_play"].items():
        table.add_row(
            f"final scores of {side}, mixed play",
            f"median {spread['median']}, sd {spread['sd']}",
        )
    table.add_row(
        "deck a side sees in a game",
        ", ".join(f"{s} {v:.0%}" for s, v in content["deck_seen_share"].items()),
    )
    table.add_row("decisions two games share", f"{content['decision_overlap']:.0%}")
    chains = content["chains"]
    table.add_row(
        "chains completed",
        ", ".join(f"{c['id']} {c['completed']:.0%}" for c in chains) or "no chains",
    )
    pledges = content["pledges"]
    table.add_row(
        "pledges a game (mixed play)",
        f"{pledges['per_game']:g}: {pledges['kept']:.0%} of those tested kept, "
        f"{pledges['empty']:.0%} empty",
    )
    used = content["levers_per_game"]
    table.add_row(
        "levers used a game (mixed play)",
        ", ".join(f"{lever} {n:g}" for lever, n in used.items()) or "no levers",
    )
    for key in ("options_never_chosen", "events_never_fired", "levers_never_used"):
        items = content[key]
        table.add_row(key.replace("_", " "), f"{len(items)}: {', '.join(items) or 'none'}")
    return table


def _share(value: float, needed: float) -> str:
    return f"[green]{value:.0%}[/green]" if value >= needed else f"{value:.0%}"


def _plain(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
