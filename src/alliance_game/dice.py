"""Seeded dice: a small splitmix64 stream per (game seed, turn, purpose).

Cheaper to create than `random.Random` (which the engine would need four of a turn),
and fully determined by its three numbers, so the engine keeps no random state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

MASK = (1 << 64) - 1
T = TypeVar("T")


class Dice:
    """A deterministic stream of random numbers."""

    __slots__ = ("_state",)

    def __init__(self, seed: int, turn: int, purpose: int) -> None:
        self._state = (seed * 0x9E3779B97F4A7C15 + turn * 0xBF58476D1CE4E5B9 + purpose) & MASK

    def random(self) -> float:
        """A float in [0, 1)."""
        self._state = z = (self._state + 0x9E3779B97F4A7C15) & MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return ((z ^ (z >> 31)) >> 11) / 9007199254740992.0

    def uniform(self, low: float, high: float) -> float:
        """A float in [low, high)."""
        return low + (high - low) * self.random()

    def choice(self, items: Sequence[T]) -> T:
        """One item, each equally likely."""
        return items[int(self.random() * len(items))]

    def weighted(self, items: Sequence[T], weights: Sequence[float]) -> T:
        """One item, with chances in proportion to `weights`."""
        return items[self.pick(weights)]

    def pick(self, weights: Sequence[float]) -> int:
        """The position of one of `weights`, with chances in proportion to them (a single
        weight is picked without a draw)."""
        if len(weights) == 1:
            return 0
        point = self.random() * sum(weights)
        for i, weight in enumerate(weights):
            point -= weight
            if point < 0.0:
                return i
        return len(weights) - 1
