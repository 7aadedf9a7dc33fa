"""Read what a textual-serve page shows, in headless Chromium over the DevTools protocol.

xterm.js draws on a canvas, so the page's DOM holds no text. Before the page loads, a
hook records the xterm `Terminal` textual-serve creates (it keeps it as `this.terminal`),
and the text is then read from its buffer. That relies on textual-serve's internals, which
is why pyproject pins its version.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = [
    "--headless=new",
    "--no-sandbox",  # needed when running as root, as CI containers do
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--mute-audio",
    "--window-size=1280,800",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--remote-debugging-port=0",
]

HOOK = """
window.__xterms = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true});
    if (value && typeof value.loadAddon === "function") window.__xterms.push(value);
  },
});
"""

READ = """
(() => {
  const t = (window.__xterms || [])[0];
  if (!t) return null;
  const b = t.buffer.active, lines = [];
  for (let y = 0; y < t.rows; y++) {
    const line = b.getLine(b.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()
"""


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


class DevTools:
    """Just enough of the DevTools protocol: send a command, await its answer."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws, self.ids = ws, itertools.count(1)
        self.waiting: dict[int, asyncio.Future[Any]] = {}
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            future = self.waiting.pop(data.get("id"), None)
            if future and not future.done():
                future.set_result(data.get("result", {}))

    async def send(self, method: str, **params: Any) -> Any:
        ident = next(self.ids)
        self.waiting[ident] = asyncio.get_running_loop().create_future()
        await self.ws.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        return await asyncio.wait_for(self.waiting[ident], 10)


async def page_text(browser: str, url: str, expect: str, timeout: float = 30) -> str | None:
    """The terminal text of the page at `url` once it shows `expect` (or at the timeout)."""
    profile = Path(tempfile.mkdtemp(prefix="chromium-"))
    proc = subprocess.Popen(
        [browser, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port = await _devtools_port(profile, proc)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as answer:
                page = next(t for t in await answer.json() if t["type"] == "page")
            async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.send("Page.enable")
                await tools.send("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
                await tools.send("Page.navigate", url=url)
                text = None
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline and not (text and expect in text):
                    await asyncio.sleep(0.2)
                    found = await tools.send(
                        "Runtime.evaluate", expression=READ, returnByValue=True
                    )
                    text = found["result"].get("value")
                tools.reader.cancel()
                return text
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


async def _devtools_port(profile: Path, proc: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chromium exited at start (code {proc.returncode})")
        try:
            return int((profile / "DevToolsActivePort").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            await asyncio.sleep(0.05)
    raise RuntimeError("chromium never opened its DevTools port")
