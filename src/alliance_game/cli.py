"""The `alliance-game` command: argument parsing and dispatch only.

Every bad input ends as one line on standard error and exit code 2; a failed
expectation in `run` exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import catalog, inert, regularfile, savefile
from .savefile import SaveError

if TYPE_CHECKING:
    from .game import Game, Team
    from .room import ClassSetup
    from .scenario import Scenario, Side
    from .state import GameState

# Each command imports what it needs (the engine, the loader and with them pydantic) in
# its handler, so that the title screen, help and bad arguments do not wait for them.

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
        type=_name,
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
        help="the computer counterpart: a persona, a fixed policy (cooperate, hedge, compete, "
        "tit-for-tat), random or strategist (default: the scenario's first persona)",
    )
    play.add_argument(
        "--seed",
        type=_seed,
        default=None,
        metavar="N",
        help="random seed (default: a new one each game)",
    )
    play.add_argument(
        "--load",
        type=_name,
        metavar="SAVE",
        help="continue a saved game: a save's name or path (autosave: the newest autosave)",
    )
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
    run.add_argument(
        "script", type=_name, metavar="SCRIPT.yaml", help="the script (format: docs/scripts.md)"
    )
    run.add_argument(
        "--json", action="store_true", help="print one JSON object instead of a transcript"
    )
    run.add_argument(
        "--save",
        type=_name,
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
    report.add_argument("save", type=_name, metavar="SAVE", help="a save's name or path")
    report.add_argument(
        "--format",
        choices=["md", "html", "csv", "jsonl"],
        default="md",
        help="md (default), html (one page with charts, no network needed), "
        "or the log as csv or jsonl",
    )
    report.add_argument(
        "-o",
        "--output",
        type=_name,
        metavar="FILE",
        help="write to FILE (default: print); never a save or another file of the game's",
    )
    report.add_argument(
        "--force", action="store_true", help="let -o replace a file that exists (not a save)"
    )
    _accept_changes(report)
    _saves_dir(report)

    host = command(
        "host",
        "run a classroom game as its facilitator: teams, a timer, injects, fog",
        'alliance-game host class.db --scenario classroom --team "moscow=Red: Ana, Ben" '
        '--team "tehran=Blue: Cy, Dee" --timer 5',
    )
    host.add_argument(
        "table",
        nargs="?",
        metavar="GAME.db",
        help="host the game in this file (readable by you only), for teams to join from "
        "their own screens with the tokens it prints (without it: one screen, the teams "
        "taking turns at it)",
    )
    host.add_argument(
        "--scenario",
        default="classroom",
        type=_name,
        metavar="ID|PATH",
        help="(default: classroom)",
    )
    host.add_argument("--seed", type=_seed, default=None, metavar="N", help="random seed")
    for side in ("moscow", "tehran"):
        host.add_argument(
            f"--{side}",
            default="human",
            metavar="PLAYER",
            help=f"human (a team; the default) or a computer player for {side.title()}",
        )
    host.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="SIDE=NAME[:MEMBERS]",
        help='a team and its members, e.g. "moscow=Red team: Ana, Ben" (repeat for each side)',
    )
    host.add_argument(
        "--timer",
        type=_minutes,
        default=None,
        metavar="MINUTES",
        help="time for each turn's decisions",
    )
    host.add_argument(
        "--fog", action="store_true", help="start with the outlook hidden from the teams"
    )
    _saves_dir(host)

    join = command(
        "join",
        "play one side of a hosted classroom game, from this screen",
        "alliance-game join class.db --side tehran   (then type the team's token)",
    )
    join.add_argument("table", metavar="GAME.db", help="the file the facilitator hosts the game in")
    join.add_argument(
        "--side", required=True, choices=["moscow", "tehran"], help="your team's side"
    )
    join.add_argument(
        "--token",
        metavar="TOKEN",
        help="your team's token, given by the facilitator (default: $ALLIANCE_GAME_TOKEN, "
        "else asked for; on the command line other accounts can see it)",
    )

    serve = command(
        "serve",
        "serve the game to web browsers (each browser tab gets its own game)",
        "alliance-game serve --port 8001 -- join class.db --side moscow",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "served",
        nargs=argparse.REMAINDER,
        metavar="-- COMMAND",
        help="what each tab runs, as alliance-game arguments after -- (default: the title screen)",
    )

    listing = command("saves", "list the saved games", "alliance-game saves --saves-dir class/")
    _saves_dir(listing)

    replay = command(
        "replay",
        "print the transcript of a saved game",
        "alliance-game replay autosave --json",
    )
    replay.add_argument("save", type=_name, metavar="SAVE", help="a save's name or path")
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
        type=_name,
        metavar="ID|PATH",
        help="scenario id or file (default: default)",
    )
    sim.add_argument(
        "--games", type=_positive, default=1000, metavar="N", help="number of games (default: 1000)"
    )
    sim.add_argument(
        "--seed", type=_seed, default=0, metavar="S", help="seed of the first game (default: 0)"
    )
    for side in ("moscow", "tehran"):
        sim.add_argument(
            f"--{side}",
            default="mixed",  # simulate.MIXED
            metavar="PLAYER",
            help="a persona, a fixed policy (cooperate, hedge, compete, tit-for-tat), random, "
            "strategist, aim:END_STATE, or mixed (the default): for each game, one of the "
            "scenario's personas or random, drawn with equal chances from the game's seed",
        )
    sim.add_argument(
        "--matrix", action="store_true", help="play every pairing of computer players, N games each"
    )
    sim.add_argument("--json", action="store_true", help="print one JSON object")

    analyze = command(
        "analyze",
        "audit a scenario as a game designer would: payoffs, dilemmas, agency, arc, "
        "reachability, fairness, content, and a verdict on each target; exit 0 when every "
        "target passes, 1 when any fails",
        "alliance-game analyze oil_shock --games 200 --jobs 2",
    )
    analyze.add_argument(
        "scenario",
        nargs="?",
        default="default",
        type=_name,
        metavar="SCENARIO",
        help="scenario id or file (default: default)",
    )
    analyze.add_argument(
        "--games",
        type=_positive,
        default=100,
        metavar="N",
        help="games for each pairing of the payoff matrix; the searching players play N/10, "
        "mixed play 5N (default: 100)",
    )
    analyze.add_argument(
        "--seed", type=_seed, default=0, metavar="S", help="seed of the first game (default: 0)"
    )
    analyze.add_argument(
        "--jobs",
        type=_positive,
        default=1,
        metavar="N",
        help="worker processes (default: 1); the result is the same for any number",
    )
    analyze.add_argument("--json", action="store_true", help="print one JSON object")

    check = command(
        "check",
        "validate scenario files, reporting every problem in one run",
        "alliance-game check --preview my-scenario.yaml",
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument(
        "--preview",
        action="store_true",
        help="also print every card, option, event, inject and ending as a player reads them "
        "(wrapped at 80 columns), with a warning for each text too long for a screen of 80x24",
    )

    new = command(
        "new",
        "write a small, valid, commented scenario to start from (two turns of everything)",
        "alliance-game new caspian   # writes caspian.yaml",
    )
    new.add_argument("name", metavar="NAME", help="the new file: NAME.yaml, or a path ending .yaml")

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
        type=_name,
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


def _name(text: str) -> str:
    """A file or scenario name: not empty (which would do nothing), and no part longer than
    a file system takes."""
    problem = regularfile.name_problem(text)
    if problem:
        shown = savefile.printable(text if len(text) <= 40 else f"{text[:40]}...")
        raise argparse.ArgumentTypeError(f"{problem}: {shown!r}")
    return text


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 0 < value <= 180:
        raise argparse.ArgumentTypeError(f"must be between 0 and 180 minutes, got {text}")
    return value


def _port(text: str) -> int:
    value = _seed(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {value}")
    return value


def _positive(text: str) -> int:
    value = _seed(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    try:
        parser = _parser()
        args = parser.parse_args(argv)
        handler = COMMANDS[args.command or "play"]
        if args.command is None:
            args = parser.parse_args(["play"])
            args.title = True
        return handler(args)
    except UsageError as err:
        return _fail(str(err))
    except SaveError as err:
        from .saves import SaveMismatch  # imported already if it was raised

        if isinstance(err, SaveMismatch):
            return _fail(
                f"{err} (add --accept-changes to replay its choices under the current one)"
            )
        return _fail(str(err))
    except ValueError as err:
        from .loader import ScenarioError  # imported already if one of these was raised
        from .playthrough import ScriptError

        if not isinstance(err, ScenarioError | ScriptError):
            raise
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
    print(inert.terminal(message), file=sys.stderr)
    return 2


def _scenario(name: str) -> Scenario:
    from . import loader

    return loader.load(loader.resolve(name))


def cmd_play(args: argparse.Namespace) -> int:
    """The full-screen game (the title screen when run with no command), or `--plain`."""
    if not args.plain and _screen():
        if getattr(args, "title", False):
            return _title_screen(args)
        if args.load is None:
            return _new_game_on_screen(args)
    from . import saves
    from .game import HUMAN
    from .scenario import SIDES, Side

    scenario_path, scenario, args.persona = _new_game(args)
    folder = catalog.saves_folder(args.saves_dir)
    save = savefile.named(args.load, folder) if args.load is not None else None
    game = saves.read(save, accept_changes=args.accept_changes) if save else None
    if game and not game.over and HUMAN not in game.seats.values():
        taken = list(SIDES) if args.side == "both" else [Side(args.side)]
        game.take_over(taken)
        names = " and ".join(s.value for s in taken)
        print(f"(computers played both sides of that save: you take over {names})", file=sys.stderr)
    if args.plain or not _screen():
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
            loaded=save,
        )
    from .tui.app import AllianceApp, Start

    start = Start(
        scenario=str(scenario_path),
        side=args.side,
        persona=args.persona,
        seed=args.seed,
        load=save,
        game=game,
        direct=True,
        saves_dir=folder,
    )
    AllianceApp(start).run()
    return 0


def _new_game(args: argparse.Namespace) -> tuple[Path, Scenario, str]:
    """The scenario `play` names (its path, and the scenario read) and the counterpart,
    checked: the scenario's first persona unless one is given."""
    from . import loader, policies

    path = loader.resolve(args.scenario)
    scenario = loader.load(path)
    persona = args.persona or scenario.personas[0].id
    if not policies.known(scenario, persona):
        known = ", ".join(policies.names(scenario))
        raise UsageError(f"{PROG} play: unknown persona {persona!r} (choose from {known})")
    return path, scenario, persona


def _new_game_on_screen(args: argparse.Namespace) -> int:
    """A new full-screen game. Its first frame is drawn before the engine is imported and
    the scenario read, which then happens behind it; a problem with them ends the app and
    is reported here, as it would have been before the screen."""
    from .tui.app import AllianceApp, Start

    folder = catalog.saves_folder(args.saves_dir)
    start = Start(side=args.side, seed=args.seed, direct=True, saves_dir=folder)
    start.prepare = lambda: _new_game(args)
    app = AllianceApp(start)
    app.run()
    if app.failure is not None:
        raise app.failure
    return 0


def _title_screen(args: argparse.Namespace) -> int:
    """The title screen, which needs neither the engine nor a scenario: the first frame
    a player waits for."""
    from .tui.app import AllianceApp, Start

    AllianceApp(Start(seed=args.seed, saves_dir=catalog.saves_folder(args.saves_dir))).run()
    return 0


def _screen() -> bool:
    """Whether there is a screen for the full-screen game: a terminal, or a browser tab
    (textual-serve tells the app through its driver variable)."""
    return (sys.stdin.isatty() and sys.stdout.isatty()) or bool(os.environ.get("TEXTUAL_DRIVER"))


def cmd_host(args: argparse.Namespace) -> int:
    """A classroom game: at one screen, or hosted in a file for teams to join."""
    from . import loader, policies
    from .game import HUMAN
    from .room import ClassSetup
    from .scenario import SIDES

    scenario_path = loader.resolve(args.scenario)
    scenario = loader.load(scenario_path)
    seats = {side: getattr(args, side.value) for side in SIDES}
    for side, player in seats.items():
        if player != HUMAN and not policies.known(scenario, player):
            known = ", ".join(["human", *policies.names(scenario)])
            raise UsageError(f"{PROG} host: unknown player {player!r} for --{side.value} ({known})")
    humans = [s for s in SIDES if seats[s] == HUMAN]
    if not humans:
        raise UsageError(f"{PROG} host: both sides are computers; make at least one human")
    teams = dict(_team(spec) for spec in args.team)
    setup = ClassSetup(teams=teams, timer=args.timer * 60 if args.timer else None, fog=args.fog)
    folder = catalog.saves_folder(args.saves_dir)
    if args.table:
        table = Path(args.table)
        if not _exists(table):
            _create_table(table, scenario, scenario_path, seats, setup, args.seed)
        setup.table = table
        _how_to_join(table)  # a file that is not a hosted game is refused here, untouched
        if not _screen():
            return 0
        if sys.stdin.isatty():
            input("Give each team its line and token, then press Enter for your screen. ")
    elif not _screen():
        raise UsageError(f"{PROG} host: the classroom game needs a terminal or a browser")
    from .tui.app import AllianceApp, Start

    playing = "both" if len(humans) == 2 else humans[0].value
    persona = next((p for p in seats.values() if p != HUMAN), None)
    start = Start(str(scenario_path), playing, persona, args.seed, direct=True, saves_dir=folder)
    start.classroom = setup
    AllianceApp(start).run()
    return 0


def _exists(path: Path) -> bool:
    """Whether anything (a file, a dangling link) is at `path`; a name the system refuses
    is one line."""
    try:
        return path.exists() or path.is_symlink()
    except OSError as err:
        raise UsageError(f"{str(path)[:80]}...: {err.strerror or err}") from None


def _how_to_join(path: Path) -> None:
    """The line each team joins with, and its token, for the facilitator to hand out."""
    from .classroom import Table
    from .game import HUMAN
    from .scenario import SIDES

    game = _hosted_game(path)
    tokens = Table.tokens_of(path)
    title = inert.terminal(game.scenario.title)
    width = min(100, shutil.get_terminal_size((80, 24)).columns - 1)
    for line in (
        f"Hosting {title} in {path}.",
        "The file is readable by you only (docs/classroom.md: sharing it with team accounts).",
        "Teams join with these lines, each entering its own token when asked:",
    ):
        print(textwrap.fill(line, width, break_on_hyphens=False, break_long_words=False))
    for side in (s for s in SIDES if game.seats[s] == HUMAN):
        token = tokens.get(side, "(given when the game was hosted)")
        print(f"  alliance-game join {shlex.quote(str(path))} --side {side.value}   token {token}")


def _team(spec: str) -> tuple[str, Team]:
    """`moscow=Red team: Ana, Ben` -> ("moscow", Team("Red team", ("Ana", "Ben")))."""
    from .game import Team

    side, found, rest = spec.partition("=")
    side = side.strip().lower()
    if not found or side not in ("moscow", "tehran"):
        raise UsageError(
            f"{PROG} host: --team {spec!r}: expected SIDE=NAME[:MEMBERS], SIDE moscow or tehran"
        )
    name, _, members = rest.partition(":")
    people = tuple(m.strip() for m in members.split(",") if m.strip())
    return side, Team(name.strip() or f"{side.title()} team", people)


def _create_table(
    path: Path,
    scenario: Scenario,
    source: Path,
    seats: dict[Side, str],
    setup: ClassSetup,
    seed: int | None,
) -> None:
    from .classroom import Table, TableError
    from .game import Game

    chosen = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
    game = Game.new(scenario, chosen, seats, source)
    game.teams = setup.teams_of(game)
    try:
        Table.create(path, game, timer=setup.timer, fog=setup.fog).close()
    except (TableError, OSError) as err:
        raise UsageError(str(err)) from None


TOKEN_ENV = "ALLIANCE_GAME_TOKEN"


def cmd_join(args: argparse.Namespace) -> int:
    from .game import HUMAN
    from .room import ClassSetup
    from .scenario import Side

    path, side = Path(args.table), Side(args.side)
    game = _hosted_game(path)
    if game.seats[side] != HUMAN:
        raise UsageError(f"{args.table}: {args.side} is played by the computer in this game")
    if not _screen():
        raise UsageError(f"{PROG} join: needs a terminal or a browser (see alliance-game serve)")
    token = args.token or os.environ.get(TOKEN_ENV) or _ask_token(side)
    _hosted_game(path, side, token)
    from .tui.app import AllianceApp, Start

    setup = ClassSetup(table=path, side=args.side, token=token)
    AllianceApp(Start(classroom=setup)).run()
    return 0


def _ask_token(side: Side) -> str:
    """The team's token, typed at the terminal without showing it."""
    if not sys.stdin.isatty():
        raise UsageError(
            f"{PROG} join: needs {side.value}'s token (--token, or ${TOKEN_ENV}); the "
            "facilitator was given it when the game was hosted"
        )
    import getpass

    try:
        return getpass.getpass(f"{side.value.title()}'s token: ")
    except EOFError:
        raise UsageError(f"{PROG} join: no token given") from None


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve `alliance-game ARGS` to browsers with textual-serve, one process a tab."""
    from textual_serve.server import Server

    served = args.served[1:] if args.served[:1] == ["--"] else args.served  # none: the title
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "alliance_game", *served])
    print(f"Serving at http://{args.host}:{args.port} (ctrl+c stops)", file=sys.stderr)
    Server(command, host=args.host, port=args.port, title="Moscow & Tehran").serve()
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    target = None
    if args.save is not None:  # checked before playing, so that no game is played for nothing
        target = savefile.path_for(args.save, catalog.saves_folder(args.saves_dir))
        if os.path.lexists(target) and not args.overwrite:
            raise UsageError(
                f"{target}: a save with that name exists (add --overwrite to replace it)"
            )
        savefile.check_destination(target)
    from . import playthrough, saves

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
    from . import debrief, transcript

    if as_json:
        out = transcript.to_json(scenario, state, seats)
        out["expectations_failed"] = failures
        print(inert.terminal(json.dumps(out, indent=2, ensure_ascii=False)))
    else:
        points = debrief.turning_points(scenario, state, seats)
        print(inert.terminal(transcript.render(scenario, state, seats, points)), end="")
        for failure in failures:
            print(f"EXPECTATION FAILED: {failure}")


def cmd_saves(args: argparse.Namespace) -> int:
    folder = catalog.saves_folder(args.saves_dir)
    found, broken = savefile.listing(folder)
    if not found and not broken:
        print(f"No saved games in {folder}/")
        return 0
    rows = [("NAME", "SCENARIO", "TURN", "SIDES", "SAVED (UTC)")]
    # Names and fields come from files anyone may have edited: no control characters.
    for s in found:
        turn = f"{s.turn}{' (ended)' if s.over else ''}"
        name, scenario, sides, when = (
            inert.terminal(t) for t in (s.name, s.scenario, s.sides, s.when)
        )
        rows.append((name, scenario, turn, sides, when))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for *cells, saved in rows:
        print("  ".join([*(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)), saved]))
    for line in broken:
        print(f"cannot read {inert.terminal(line)}", file=sys.stderr)
    return 0


def _saved_game(args: argparse.Namespace, path: Path | None = None) -> Game:
    """The game a command names: a save (by name or path), or a hosted game's file."""
    from . import saves

    path = path or savefile.named(args.save, catalog.saves_folder(args.saves_dir))
    if path.suffix != ".db":
        return saves.read(path, accept_changes=args.accept_changes)
    return _hosted_game(path)


def _hosted_game(path: Path, side: Side | None = None, token: str = "") -> Game:
    """A hosted game as it stands, read from its file (as `side`'s team, with its token)."""
    from .classroom import Table, TableError

    try:
        table = Table.open(path)
    except TableError as err:
        raise UsageError(str(err)) from None
    try:
        if side is not None:
            table.admit(side, token)
        return table.game()
    except TableError as err:
        raise UsageError(str(err)) from None
    finally:
        table.close()


def cmd_replay(args: argparse.Namespace) -> int:
    game = _saved_game(args)
    _print_game(game.scenario, game.state, game.seats, args.json)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from . import report

    source = savefile.named(args.save, catalog.saves_folder(args.saves_dir))
    if args.output:
        _check_report_file(Path(args.output), source, args)
    text = report.render(_saved_game(args, source), args.format)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise UsageError(f"{args.output}: cannot write: {err.strerror or err}") from None
        print(f"report written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(inert.terminal(text))
    return 0


SQLITE = b"SQLite format 3\x00"


def _check_report_file(out: Path, source: Path, args: argparse.Namespace) -> None:
    """A report never replaces a file the game owns (the game reported on, a save, a backup,
    a hosted game, a scenario, a save's name in the saves folder) nor, without `--force`,
    any other file that exists."""
    owned = _owned_by_the_game(out, source, catalog.saves_folder(args.saves_dir))
    if owned:
        raise UsageError(f"{out}: {owned}; a report is never written there (choose another -o)")
    if not os.path.lexists(out):
        return
    if not os.path.isfile(out):
        raise UsageError(f"{out}: not a regular file, so not a file to write a report to")
    if not args.force:
        raise UsageError(f"{out}: the file exists (add --force to replace it)")


def _owned_by_the_game(out: Path, source: Path, saves_folder: Path) -> str:
    """What file of the game's `out` is, or would be ('' if none)."""
    resolved = out.resolve()
    if resolved == source.resolve():
        return "it is the game this report is of"
    if resolved == savefile.backup_of(source).resolve():
        return "it is the backup of the game this report is of"
    name = resolved.name
    if resolved.parent == saves_folder.resolve() and (
        name.endswith((savefile.SUFFIX, savefile.BACKUP)) or name.startswith(".")
    ):
        return "it is a save's place in the saves folder"
    if resolved in {p.resolve() for p in catalog.installed().values()}:
        return "it is a scenario installed with the game"
    if out.name.endswith(savefile.SUFFIX + savefile.BACKUP):
        return "it is the backup of a save"
    try:
        head = regularfile.read(out, savefile.MAX_BYTES)
    except OSError:
        return ""
    if head.startswith(SQLITE):
        return "it is a hosted game (or another SQLite database)"
    try:
        savefile.peek(out)
    except SaveError:
        return ""
    return "it is a save"


def cmd_simulate(args: argparse.Namespace) -> int:
    from . import policies, simulate

    scenario = _scenario(args.scenario)
    for side in ("moscow", "tehran"):
        player = getattr(args, side)
        if player != simulate.MIXED and not policies.known(scenario, player):
            raise UsageError(
                f"{PROG} simulate: unknown player {player!r} for --{side} "
                f"(choose from {', '.join(simulate.players(scenario))}, or aim:END_STATE)"
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
    with _progress("games") as progress:
        summary = simulate.run(
            scenario,
            args.games,
            args.seed,
            args.moscow,
            args.tehran,
            progress,
        )
    if args.json:
        print(json.dumps(summary.to_json(scenario), indent=2))
    else:
        print(simulate.report(scenario, summary), end="")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from . import audit, loader

    path = loader.resolve(args.scenario)
    scenario = loader.load(path)
    with _progress("games") as progress:
        report = audit.audit(
            scenario,
            games=args.games,
            seed=args.seed,
            jobs=args.jobs,
            source=(path.read_bytes(), str(path)),
            progress=progress,
        )
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        from .auditview import show

        show(scenario, report)
    return 0 if audit.passed(report) else 1


@contextmanager
def _progress(unit: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on standard error while the block runs, when standard error is a
    terminal; nothing otherwise, so that piped output stays clean."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(unit, total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total)


def cmd_check(args: argparse.Namespace) -> int:
    from . import loader
    from .loader import ScenarioError

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
        if args.preview:
            from . import preview

            print(preview.render(scenario), end="")
    return 2 if failed else 0


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the system: the write below says so
        return False


def cmd_new(args: argparse.Namespace) -> int:
    """Write the starting scenario to a new file, never over an existing one."""
    from .wording import as_id

    path = Path(args.name)
    if not path.name.strip(" ."):
        raise UsageError(f"{PROG} new: give a name for the scenario, e.g. caspian")
    if _is_folder(path):
        raise UsageError(f"{path}: is a folder; give the new file's name, e.g. {path / 'caspian'}")
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    ident = as_id(path.stem)[:64].rstrip("_")
    title = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
    title = title[:1].upper() + title[1:] or ident
    text = catalog.template(ident, title)
    try:
        out = path.open("x", encoding="utf-8")
    except FileExistsError:
        raise UsageError(f"{path}: already exists (choose another name)") from None
    except OSError as err:
        raise UsageError(f"{path}: cannot write: {err.strerror or err}") from None
    try:
        with out:
            out.write(text)
    except OSError as err:  # a full disk: leave no half-written scenario behind
        path.unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write: {err.strerror or err}") from None
    print(f"wrote {path}: check it with  alliance-game check {shlex.quote(str(path))}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .scenario import Scenario

    print(json.dumps(Scenario.model_json_schema(), indent=2))
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    """The installed scenarios as a table: id (what --scenario takes), title, turns, and
    what each is about, wrapped to the terminal (80 columns when piped)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table as Grid

    from . import loader
    from .loader import ScenarioError

    table = Grid("id", "scenario", "turns", box=None, padding=(0, 1, 1, 0))
    for ident, path in catalog.installed().items():
        try:
            scenario = loader.load(path)
        except ScenarioError as err:
            table.add_row(ident, f"(invalid: {err.problems[0]})", "")
            continue
        about = f"[bold]{escape(scenario.title)}[/bold]\n{escape(scenario.summary)}"
        table.add_row(ident, about, str(scenario.calendar.turns))
    Console(highlight=False).print(table)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "play": cmd_play,
    "run": cmd_run,
    "saves": cmd_saves,
    "replay": cmd_replay,
    "report": cmd_report,
    "host": cmd_host,
    "join": cmd_join,
    "serve": cmd_serve,
    "simulate": cmd_simulate,
    "analyze": cmd_analyze,
    "check": cmd_check,
    "new": cmd_new,
    "schema": cmd_schema,
    "scenarios": cmd_scenarios,
}


if __name__ == "__main__":
    sys.exit(main())
