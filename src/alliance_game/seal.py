"""Sealed choices for a hosted game: each team's token, the key it gives for each turn,
and a choice sealed under that key until both teams have chosen.

Both teams can read the hosted game's file (they play from it), so a pending choice is
never stored in the clear. A team's token is its secret: the file keeps only a lock made
from it, the top of a hash chain. The key for turn `n` is `n` steps below the top, so
that anyone can check a key against the lock (hash it `n` times), a key shows nothing of
later turns' keys (a hash cannot be undone), and a team cannot open a sealed choice, or
seal one for the other side, without the other side's token.

Sealing is a SHA-256 counter-mode keystream with an HMAC-SHA256 tag over the nonce and
the ciphertext (encrypt-then-MAC), from the standard library only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Token letters: no 0/O or 1/I to misread when it is read out or copied by hand."""
LETTERS = 16
"""Letters in a token: 80 bits, out of reach of guessing."""
NONCE, TAG = 16, 32


def new_token() -> str:
    """A fresh team token, in groups of four: `K7QM-2XWD-9PTA-RJ4E`."""
    letters = "".join(secrets.choice(ALPHABET) for _ in range(LETTERS))
    return "-".join(letters[i : i + 4] for i in range(0, LETTERS, 4))


def _letters(token: str) -> str:
    """The token as typed, without spaces or dashes, any case."""
    return "".join(c for c in token.upper() if c not in " -")


def _hash(data: bytes, times: int = 1) -> bytes:
    for _ in range(times):
        data = hashlib.sha256(data).digest()
    return data


class SealError(ValueError):
    """A token that does not fit its lock, a key that does not, or a sealed choice that
    does not open: one line saying which."""


@dataclass(frozen=True)
class Lock:
    """What the file keeps of one team's token: enough to check a key, not to make one."""

    salt: bytes
    top: bytes
    turns: int
    """How many turns the chain has keys for (the scenario's turns)."""

    @classmethod
    def make(cls, token: str, turns: int) -> Lock:
        salt = secrets.token_bytes(16)
        return cls(salt, _hash(cls._start(salt, token), turns + 1), turns)

    @staticmethod
    def _start(salt: bytes, token: str) -> bytes:
        return _hash(b"alliance-game team token\x00" + salt + _letters(token).encode())

    def admits(self, token: str) -> bool:
        return hmac.compare_digest(_hash(self._start(self.salt, token), self.turns + 1), self.top)

    def key(self, token: str, turn: int) -> bytes:
        """The key of `turn` (1 to `turns`), from the team's token."""
        if not 1 <= turn <= self.turns:
            raise SealError(f"no key for turn {turn} (the game has {self.turns} turns)")
        return _hash(self._start(self.salt, token), self.turns + 1 - turn)

    def fits(self, key: bytes, turn: int) -> bool:
        """Whether `key` is this team's key for `turn`."""
        return 1 <= turn <= self.turns and hmac.compare_digest(_hash(key, turn), self.top)

    def to_json(self) -> dict[str, object]:
        return {"salt": self.salt.hex(), "top": self.top.hex(), "turns": self.turns}

    @classmethod
    def from_json(cls, data: object) -> Lock:
        """The lock `to_json` wrote; `SealError` for anything else."""
        match data:
            case {"salt": str(salt), "top": str(top), "turns": int(turns)} if (
                isinstance(data, dict) and len(data) == 3 and type(turns) is int
            ):
                try:
                    lock = cls(bytes.fromhex(salt), bytes.fromhex(top), turns)
                except ValueError:
                    pass
                else:
                    if len(lock.salt) == 16 and len(lock.top) == 32 and 0 < turns < 10_000:
                        return lock
        raise SealError(f"not a team's lock: {data!r:.80}")


def _stream(key: bytes, nonce: bytes, size: int) -> bytes:
    blocks = (
        hashlib.sha256(key + nonce + i.to_bytes(8, "big")).digest() for i in range(0, size, 32)
    )
    return b"".join(blocks)[:size]


def seal(key: bytes, payload: bytes) -> bytes:
    """`payload` sealed under `key`: nonce, ciphertext, tag."""
    nonce = secrets.token_bytes(NONCE)
    body = bytes(a ^ b for a, b in zip(payload, _stream(key, nonce, len(payload)), strict=True))
    return nonce + body + hmac.digest(key, nonce + body, "sha256")


def unseal(key: bytes, sealed: bytes) -> bytes:
    """The payload `seal` sealed under `key`; `SealError` if it was sealed under another
    key or changed since."""
    nonce, body, tag = sealed[:NONCE], sealed[NONCE:-TAG], sealed[-TAG:]
    if len(sealed) < NONCE + TAG or not hmac.compare_digest(
        hmac.digest(key, nonce + body, "sha256"), tag
    ):
        raise SealError("a sealed choice that does not open with its key (edited?)")
    return bytes(a ^ b for a, b in zip(body, _stream(key, nonce, len(body)), strict=True))
