"""Compile the engine's hot modules with mypyc into `src/alliance_game/_compiled/`.

`make` runs this after installing. A game plays the same either way (a test holds the
two to the same games); compiled, the engine and the audit run faster. Without a C
compiler or Python's headers, or if the build fails, it says so in one line and the game
runs its Python sources: it never stops the set-up. While the manifest matches the
sources it does nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from alliance_game import compiled

PACKAGE = Path(compiled.__file__).parent
LOG = PACKAGE.parents[1] / "build" / "compile-engine.log"


def missing() -> str:
    """Why this machine cannot compile, or '' when it can."""
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        return "no Python headers (Python.h)"
    return ""


def build(work: Path) -> None:
    """Build the extension modules under `work` (run in a child process, whose output,
    mypyc's and the C compiler's, goes to the log)."""
    from mypyc.build import mypycify
    from setuptools import setup

    paths = [str(PACKAGE / f"{name}.py") for name in compiled.MODULES]
    os.chdir(work)  # away from the project's pyproject.toml, which setuptools would read
    extensions = mypycify(paths, group_name="alliance_game.engine", target_dir="c")
    for extension in extensions:  # dice.py's 64-bit arithmetic must wrap, as Python's build does
        extension.extra_compile_args.append("-fwrapv")
    setup(
        name="alliance-game-engine",
        ext_modules=extensions,
        script_args=["build_ext", "--build-lib", "lib", "--build-temp", "temp"],
    )


def install(built: Path, record: str) -> None:
    """Put the new build in place of the old, whole: it and its manifest go in a folder
    of their own, which then takes the compiled folder's name."""
    target = PACKAGE / compiled.FOLDER
    staged = Path(tempfile.mkdtemp(prefix=f"{compiled.FOLDER}.new-", dir=PACKAGE))
    try:
        for library in built.glob("*.so"):
            shutil.copy2(library, staged / library.name)
        (staged / compiled.MANIFEST).write_text(record, encoding="utf-8")
        old = PACKAGE / f"{compiled.FOLDER}.old-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):  # another set-up may have moved it
            target.rename(old)
        shutil.rmtree(old, ignore_errors=True)
        staged.rename(target)
    except OSError:
        shutil.rmtree(staged, ignore_errors=True)
        if not compiled.fresh(PACKAGE):  # unless another set-up installed the same build
            raise


def compile_engine() -> str:
    """Build and install the compiled engine; return '' or why it was not."""
    why = missing()
    if why:
        return why
    print("Compiling the engine with mypyc (about a minute, once)...", flush=True)
    record = json.dumps(compiled.manifest(PACKAGE), indent=1)  # the sources as built
    LOG.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work, LOG.open("w", encoding="utf-8") as log:
        child = [sys.executable, __file__, "--build", work]
        if subprocess.run(child, stdout=log, stderr=subprocess.STDOUT).returncode:
            return f"mypyc failed (see {LOG})"
        install(Path(work) / "lib" / "alliance_game", record)
    return ""


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--build":
        build(Path(sys.argv[2]))
        return 0
    if compiled.fresh(PACKAGE):
        return 0
    try:
        why = compile_engine()
    except OSError as error:
        why = f"{error.strerror or error}: {error.filename or PACKAGE}"
    if why:
        print(f"engine not compiled: {why}; the game runs its Python sources (slower audits)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
