"""Reading a file a player or an author names: a regular file only, and never more than a
limit. A FIFO would block the game forever and a device such as /dev/zero has no end, so
anything else is refused before a byte is read. No engine imports: saves, scenarios and
scripts all read through here, and the title screen needs it before the engine loads.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

NAME_MAX = 255
"""The longest file name (one part of a path, in bytes) common file systems take."""


class Refused(OSError):
    """A file that is not read: not a regular file, or larger than the limit. An `OSError`,
    so that callers reporting `cannot read: <strerror>` need no new case."""


def read(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (symbolic links followed), at most `limit`
    of them; `Refused` for anything else, `OSError` if it cannot be opened."""
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it changes nothing for files.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(errno.EINVAL, f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > limit:
            raise Refused(errno.EFBIG, _too_large(f"{info.st_size:,} bytes", limit))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise Refused(errno.EFBIG, _too_large(f"over {limit:,} bytes", limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def name_problem(name: str) -> str:
    """Why `name` cannot name a file ('' if it can): empty, or a part too long."""
    if not name.strip():
        return "an empty name"
    for part in Path(name).parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            return f"a name too long ({size} bytes in one part; the limit is {NAME_MAX})"
    return ""


def _too_large(size: str, limit: int) -> str:
    return f"too large ({size}; the limit is {limit:,})"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
