"""The `alliance-game` command: argument parsing and dispatch only.

Every bad input ends as one line on standard error and exit code 2; a failed
expectation in `run` exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from . import catalog, loader, playthrough, savefile, saves, simulate
from .game import HUMAN
from .loader import ScenarioError
from .playthrough import ScriptError
from .savefile import SaveError
from .saves import SaveMismatch
from .scenario import SIDES, Scenario, Side
from .state import GameState

PROG = "alliance-game"


class UsageError(Exception):
    """Bad input from the command line: one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (try '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    root = _Parser(
        prog=PROG,
        description="A strategy game of the Russia-Iran partnership.\n"
        "With no command, starts a game.",
        epilog="Example: alliance-game play --side tehran --persona hardliner --seed 7",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = root.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help: str, example: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help,
            description=help + ".",
            epilog=f"Example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    play = command("play", "play a game in the terminal", "alliance-game play --side both --seed 3")
    play.add_argument(
        "--scenario",
        default="default",
        metavar="ID|PATH",
        help="scenario id or file (default: default)",
    )
    play.add_argument(
        "--side",
        choices=["moscow", "tehran", "both"],
        default="moscow",
        help="the side you play; both = hotseat (default: moscow)",
    )
    play.add_argument(
        "--persona",
        default=None,
        metavar="NAME",
        help="the computer counterpart (default: the scenario's first persona)",
    )
    play.add_argument(
        "--seed",
        type=_seed,
        default=None,
        metavar="N",
        help="random seed (default: a new one each game)",
    )
    play.add_argument("--load", metavar="SAVE", help="continue a saved game: a save's name or path")
    _accept_changes(play)
    _saves_dir(play)
    play.add_argument(
        "--plain", action="store_true", help="play line by line, without the full screen"
    )

    run = command(
        "run",
        "play a scripted game and print its transcript",
        "alliance-game run tests/scripts/strengthening.yaml --json",
    )
    run.add_argument("script", metavar="SCRIPT.yaml", help="the script (format: docs/scripts.md)")
    run.add_argument(
        "--json", action="store_true", help="print one JSON object instead of a transcript"
    )
    run.add_argument(
        "--save",
        metavar="NAME",
        help="save the game as it stands when the script ends (a name or a path)",
    )
    run.add_argument("--overwrite", action="store_true", help="let --save replace an existing save")
    _saves_dir(run)

    report = command(
        "report",
        "write the after-action report of a saved game, for the debrief",
        "alliance-game report autosave --format html -o debrief.html",
    )
    report.add_argument("save", metavar="SAVE", help="a save's name or path")
    report.add_argument(
        "--format",
        choices=["md", "html", "csv", "jsonl"],
        default="md",
        help="md (default), html (one page with charts, no network needed), "
        "or the log as csv or jsonl",
    )
    report.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: print)")
    _accept_changes(report)
    _saves_dir(report)

    listing = command("saves", "list the saved games", "alliance-game saves --saves-dir class/")
    _saves_dir(listing)

    replay = command(
        "replay",
        "print the transcript of a saved game",
        "alliance-game replay autosave --json",
    )
    replay.add_argument("save", metavar="SAVE", help="a save's name or path")
    replay.add_argument(
        "--json", action="store_true", help="print one JSON object instead of a transcript"
    )
    _accept_changes(replay)
    _saves_dir(replay)

    sim = command(
        "simulate",
        "play many computer games and report the balance",
        "alliance-game simulate --games 2000 --moscow hardliner",
    )
    sim.add_argument(
        "--scenario",
        default="default",
        metavar="ID|PATH",
        help="scenario id or file (default: default)",
    )
    sim.add_argument(
        "--games", type=_positive, default=1000, metavar="N", help="number of games (default: 1000)"
    )
    sim.add_argument(
        "--seed", type=_seed, default=0, metavar="S", help="seed of the first game (default: 0)"
    )
    sim.add_argument(
        "--moscow",
        default=simulate.MIXED,
        metavar="PLAYER",
        help="a persona, random, or mixed (default: mixed)",
    )
    sim.add_argument(
        "--tehran",
        default=simulate.MIXED,
        metavar="PLAYER",
        help="a persona, random, or mixed (default: mixed)",
    )
    sim.add_argument(
        "--matrix", action="store_true", help="play every pairing of computer players, N games each"
    )
    sim.add_argument("--json", action="store_true", help="print one JSON object")

    check = command("check", "validate scenario files", "alliance-game check scenarios/*.yaml")
    check.add_argument("paths", nargs="+", metavar="PATH")

    command(
        "schema",
        "print the JSON Schema of the scenario format",
        "alliance-game schema > scenario.schema.json",
    )
    command("scenarios", "list the installed scenarios", "alliance-game scenarios")
    return root


def _saves_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--saves-dir",
        metavar="DIR",
        help=f"where saves live (default: ${catalog.SAVES_ENV}, else ./saves)",
    )


def _accept_changes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--accept-changes",
        action="store_true",
        help="if the scenario changed since the save, or the save was edited, rebuild the "
        "game by replaying its choices under the current scenario",
    )


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _positive(text: str) -> int:
    value = _seed(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
        handler = COMMANDS[args.command or "play"]
        if args.command is None:
            args = _parser().parse_args(["play"])
            args.title = True
        return handler(args)
    except UsageError as err:
        return _fail(str(err))
    except SaveMismatch as err:
        return _fail(f"{err} (add --accept-changes to replay its choices under the current one)")
    except SaveError as err:
        return _fail(str(err))
    except (ScenarioError, ScriptError) as err:
        for problem in err.problems[:20]:
            print(problem, file=sys.stderr)
        if len(err.problems) > 20:
            print(f"... and {len(err.problems) - 20} more", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _scenario(name: str) -> Scenario:
    return loader.load(loader.resolve(name))


def cmd_play(args: argparse.Namespace) -> int:
    """The full-screen game (the title screen when run with no command), or `--plain`."""
    scenario_path = loader.resolve(args.scenario)
    scenario = loader.load(scenario_path)
    args.persona = args.persona or scenario.personas[0].id
    if args.persona not in scenario.lookup.personas and args.persona != "random":
        known = ", ".join([*scenario.lookup.personas, "random"])
        raise UsageError(f"{PROG} play: unknown persona {args.persona!r} (choose from {known})")
    folder = catalog.saves_folder(args.saves_dir)
    save = savefile.path_for(args.load, folder) if args.load else None
    game = saves.read(save, accept_changes=args.accept_changes) if save else None
    if game and not game.over and HUMAN not in game.seats.values():
        taken = list(SIDES) if args.side == "both" else [Side(args.side)]
        game.take_over(taken)
        names = " and ".join(s.value for s in taken)
        print(f"(computers played both sides of that save: you take over {names})", file=sys.stderr)
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if args.plain or not terminal:
        from . import console

        if not args.plain:
            print("(no terminal: playing line by line; see --plain)", file=sys.stderr)
        return console.play(
            scenario,
            args.side,
            args.persona,
            args.seed,
            game=game,
            saves_dir=folder,
            source=scenario_path,
        )
    from .tui.app import AllianceApp, Start

    start = Start(
        scenario=str(scenario_path),
        side=args.side,
        persona=args.persona,
        seed=args.seed,
        load=save,
        game=game,
        direct=not getattr(args, "title", False),
        saves_dir=folder,
    )
    AllianceApp(start).run()
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    target = None
    if args.save:
        target = savefile.path_for(args.save, catalog.saves_folder(args.saves_dir))
        if target.exists() and not args.overwrite:
            raise UsageError(
                f"{target}: a save with that name exists (add --overwrite to replace it)"
            )
    script, scenario = playthrough.load(args.script)
    result = playthrough.play(script, scenario, args.script)
    _print_game(scenario, result.state, result.game.seats, args.json, result.failures)
    if target:
        result.game.source = playthrough.scenario_path(script, args.script)
        saves.write(result.game, target)
        print(f"saved to {target}", file=sys.stderr)
    if result.failures:
        print(f"{args.script}: {len(result.failures)} expectation(s) failed", file=sys.stderr)
        return 1
    return 0


def _print_game(
    scenario: Scenario,
    state: GameState,
    seats: dict[Side, str],
    as_json: bool,
    failures: list[str] = [],  # noqa: B006 (never mutated)
) -> None:
    """A game's transcript, or one JSON object, on standard output."""
    from . import transcript

    if as_json:
        out = transcript.to_json(scenario, state, seats)
        out["expectations_failed"] = failures
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(transcript.render(scenario, state, seats), end="")
        for failure in failures:
            print(f"EXPECTATION FAILED: {failure}")


def cmd_saves(args: argparse.Namespace) -> int:
    folder = catalog.saves_folder(args.saves_dir)
    found, broken = savefile.listing(folder)
    if not found and not broken:
        print(f"No saved games in {folder}/")
        return 0
    rows = [("NAME", "SCENARIO", "TURN", "SIDES", "SAVED (UTC)")]
    rows += [
        (s.name, s.scenario, f"{s.turn}{' (ended)' if s.over else ''}", s.sides, s.when)
        for s in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for *cells, saved in rows:
        print("  ".join([*(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)), saved]))
    for line in broken:
        print(f"cannot read {line}", file=sys.stderr)
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    path = savefile.path_for(args.save, catalog.saves_folder(args.saves_dir))
    game = saves.read(path, accept_changes=args.accept_changes)
    _print_game(game.scenario, game.state, game.seats, args.json)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from . import report

    path = savefile.path_for(args.save, catalog.saves_folder(args.saves_dir))
    text = report.render(saves.read(path, accept_changes=args.accept_changes), args.format)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise UsageError(f"{args.output}: cannot write: {err.strerror or err}") from None
        print(f"report written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    scenario = _scenario(args.scenario)
    allowed = simulate.players(scenario)
    for side in ("moscow", "tehran"):
        if getattr(args, side) not in allowed:
            raise UsageError(
                f"{PROG} simulate: unknown player {getattr(args, side)!r} for --{side} "
                f"(choose from {', '.join(allowed)})"
            )
    if args.matrix:
        results = simulate.matrix(scenario, args.games, args.seed)
        if args.json:
            print(
                json.dumps(
                    {f"{m} vs {t}": s.to_json(scenario) for (m, t), s in results.items()}, indent=2
                )
            )
        else:
            print(simulate.matrix_report(scenario, results), end="")
        return 0
    progress = _progress_bar(args.games) if sys.stderr.isatty() and args.games >= 200 else None
    summary = simulate.run(scenario, args.games, args.seed, args.moscow, args.tehran, progress)
    if progress:
        print(file=sys.stderr)
    if args.json:
        print(json.dumps(summary.to_json(scenario), indent=2))
    else:
        print(simulate.report(scenario, summary), end="")
    return 0


def _progress_bar(total: int) -> Callable[[int], None]:
    step = max(1, total // 100)

    def show(done: int) -> None:
        if done % step == 0 or done == total:
            filled = 30 * done // total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} games")
            sys.stderr.flush()

    return show


def cmd_check(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.paths:
        try:
            scenario = loader.load(Path(name))
        except ScenarioError as err:
            failed += 1
            for problem in err.problems:
                print(problem, file=sys.stderr)
            continue
        cards = loader.count_sides(scenario)
        per_side = ", ".join(f"{scenario.sides[s].name} {n}" for s, n in sorted(cards.items()))
        print(
            f"{name}: ok - {scenario.title!r}: {scenario.calendar.turns} turns; cards: {per_side}; "
            f"{len(scenario.events)} events; {len(scenario.joint_outcomes)} joint outcomes; "
            f"{len(scenario.end_states)} end states"
        )
    return 2 if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(Scenario.model_json_schema(), indent=2))
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    for ident, path in catalog.installed().items():
        try:
            scenario = loader.load(path)
        except ScenarioError as err:
            print(f"{ident:<14} (invalid: {err.problems[0]})")
            continue
        print(
            f"{ident:<14} {scenario.title} ({scenario.calendar.turns} turns) - {scenario.summary}"
        )
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "play": cmd_play,
    "run": cmd_run,
    "saves": cmd_saves,
    "replay": cmd_replay,
    "report": cmd_report,
    "simulate": cmd_simulate,
    "check": cmd_check,
    "schema": cmd_schema,
    "scenarios": cmd_scenarios,
}


if __name__ == "__main__":
    sys.exit(main())
