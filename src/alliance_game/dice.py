"""Seeded dice: a small splitmix64 stream per (game seed, turn, purpose).

Cheaper to create than `random.Random` (which the engine would need four of a turn),
and fully determined by its three numbers, so the engine keeps no random state.

Compiled by mypyc, the stream runs on native 64-bit integers that wrap around (C with
`-fwrapv`, as Python itself is built); run from the sources, the same numbers come from
Python's integers masked to 64 bits. A draw costs about 100 machine instructions the
first way and 5,000 the second, and the state is held as a signed 64-bit number both ways.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:  # only ever an annotation: mypyc reads it, Python never evaluates it
    from mypy_extensions import i64

MASK: Final = (1 << 64) - 1
SIGN: Final = 1 << 63
GOLDEN: Final = 0x9E3779B97F4A7C15
MIX_1: Final = 0xBF58476D1CE4E5B9
MIX_2: Final = 0x94D049BB133111EB
T = TypeVar("T")


class Weighted:
    """Something drawn by its weight (`Dice.draw`)."""

    __slots__ = ("weight",)

    def __init__(self, weight: float) -> None:
        self.weight: Final = weight


W = TypeVar("W", bound=Weighted)


def _native() -> bool:
    """Whether this module runs compiled (a compiled function has no Python code)."""
    return not hasattr(_native, "__code__")


NATIVE: Final = _native()


def _signed(value: int) -> int:
    """The 64-bit two's complement reading of `value`'s low 64 bits."""
    value &= MASK
    return value - (1 << 64) if value & SIGN else value


class _Wrapped:
    """GOLDEN, MIX_1 and MIX_2 as signed 64-bit numbers, for the compiled stream: held as
    native fields, since compiled code converts a literal beyond 62 bits on every use."""

    __slots__ = ("golden", "mix_1", "mix_2")

    def __init__(self) -> None:
        self.golden: i64 = _signed(GOLDEN)
        self.mix_1: i64 = _signed(MIX_1)
        self.mix_2: i64 = _signed(MIX_2)


WRAPPED: Final = _Wrapped()


def _start(seed: int, turn: int, purpose: int) -> int:
    """The stream's first state."""
    return _signed(seed * GOLDEN + turn * MIX_1 + purpose)


def _start_native(seed: int, turn: int, purpose: int) -> i64:
    """`_start` in wrapping 64-bit arithmetic (compiled only), for numbers that fit it."""
    try:
        s: i64 = seed
        t: i64 = turn
        p: i64 = purpose
    except ValueError:  # mypyc's word for a number too large for 64 bits
        return _start(seed, turn, purpose)
    return s * WRAPPED.golden + t * WRAPPED.mix_1 + p


class Dice:
    """A deterministic stream of random numbers."""

    __slots__ = ("_state",)

    _state: i64

    def __init__(self, seed: int, turn: int, purpose: int) -> None:
        self._state = _start_native(seed, turn, purpose) if NATIVE else _start(seed, turn, purpose)

    def random(self) -> float:
        """A float in [0, 1)."""
        if not NATIVE:
            return self._random_from_source()
        wrapped = WRAPPED
        z: i64 = self._state + wrapped.golden
        self._state = z
        z = (z ^ ((z >> 30) & 0x3FFFFFFFF)) * wrapped.mix_1
        z = (z ^ ((z >> 27) & 0x1FFFFFFFFF)) * wrapped.mix_2
        z = z ^ ((z >> 31) & 0x1FFFFFFFF)
        return float((z >> 11) & 0x1FFFFFFFFFFFFF) / 9007199254740992.0

    def _random_from_source(self) -> float:
        """`random` in Python's unbounded integers, masked (the sources' way)."""
        z = (int(self._state) + GOLDEN) & MASK
        self._state = _signed(z)
        z = ((z ^ (z >> 30)) * MIX_1) & MASK
        z = ((z ^ (z >> 27)) * MIX_2) & MASK
        return ((z ^ (z >> 31)) >> 11) / 9007199254740992.0

    def uniform(self, low: float, high: float) -> float:
        """A float in [low, high)."""
        return low + (high - low) * self.random()

    def choice(self, items: Sequence[T]) -> T:
        """One item, each equally likely."""
        return items[int(self.random() * len(items))]

    def weighted(self, items: Sequence[T], weights: list[float]) -> T:
        """One item, with chances in proportion to `weights`."""
        return items[self.pick(weights)]

    def draw(self, items: list[W]) -> W:
        """One of `items`, with chances in proportion to their weights: `weighted`, reading
        each item's own weight (compiled, a list of weights would box each one)."""
        if len(items) == 1:
            return items[0]
        total = 0.0
        for item in items:
            total += item.weight
        point = self.random() * total
        for item in items:
            point -= item.weight
            if point < 0.0:
                return item
        return items[-1]

    def pick(self, weights: list[float]) -> int:
        """The position of one of `weights`, with chances in proportion to them (a single
        weight is picked without a draw)."""
        if len(weights) == 1:
            return 0
        total = 0.0
        for weight in weights:  # as `sum`, which compiled code would look up each time
            total += weight
        point = self.random() * total
        for i, weight in enumerate(weights):
            point -= weight
            if point < 0.0:
                return i
        return len(weights) - 1
