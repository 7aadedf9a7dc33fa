"""`alliance-game serve`: the game in a web browser, checked in headless Chromium.

Chromium is Debian's `chromium` package. The test installs it when it can (as root with
apt-get) and otherwise skips, saying why.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import chromium, page_text


@pytest.fixture(scope="session")
def browser() -> str:
    found = chromium()
    if found:
        return found
    if not shutil.which("apt-get") or os.geteuid() != 0:
        pytest.skip("chromium is not installed, and installing it needs root and apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        except subprocess.TimeoutExpired:
            pytest.skip(f"could not install chromium: {' '.join(command)} timed out")
        if done.returncode:
            why = (done.stderr or done.stdout).strip().splitlines()[-1:]
            pytest.skip(f"could not install chromium ({' '.join(command)}): {' '.join(why)}")
    return chromium() or pytest.skip("chromium was installed but is not on PATH")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The game served on a free port, its saves kept in a temporary folder."""
    port = free_port()
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "alliance_game", "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # the game each tab starts joins this process group
        env={**os.environ, "ALLIANCE_GAME_SAVES": str(tmp_path / "saves")},
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"alliance-game serve did not start:\n{log.read()}")
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # anything the tab started
        server.wait()
        log.close()


def test_the_title_screen_renders_in_a_browser(browser: str, served: str) -> None:
    text = asyncio.run(page_text(browser, served, "New game"))
    assert text is not None, "the page never created its terminal"
    assert "MOSCOW & TEHRAN" in text and "New game" in text and "How to play" in text, text
