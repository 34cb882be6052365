"""Id sequences that continue from one block of persons to the next, so ids never repeat.

The demo is generated a block of persons at a time (generate.py). Each id kind is one sequence
for the whole shop: the first block starts it exactly as a one-block run would, drawing from
its own random stream; later blocks continue where the previous one stopped, with the first
block's scrambling constants, so a scrambled id is a bijection of its position in the sequence.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.demo.draw import increasing_steps, scramble, scramble_constants


class IdSequences:
    def __init__(self) -> None:
        self._next: dict[str, int] = {}
        self._constants: dict[str, tuple[int, int, int]] = {}

    def scrambled(self, rng: np.random.Generator, kind: str, n: int) -> np.ndarray:
        """The next n distinct random-looking 48-bit values of sequence ``kind``."""
        # Drawn in every block, so a block's later draws do not depend on which block it is.
        drawn = scramble_constants(rng)
        constants = self._constants.setdefault(kind, drawn)
        start = self._take(kind, n, 0)
        return scramble(np.arange(start, start + n, dtype=np.uint64), constants)

    def increasing(
        self, rng: np.random.Generator, kind: str, n: int, first: int, max_step: int
    ) -> pl.Series:
        """The next n ids of a shop's increasing sequence with gaps, starting at ``first``."""
        start = self._next.get(kind, first)
        values = increasing_steps(rng, n, start, max_step)
        self._next[kind] = int(values[-1]) + 1 if n else start
        return pl.Series(values, dtype=pl.Int64).cast(pl.String)

    def counter(self, kind: str, n: int, first: int) -> np.ndarray:
        """The next n numbers of a gapless counter that starts at ``first``."""
        start = self._take(kind, n, first)
        return np.arange(start, start + n)

    def _take(self, kind: str, n: int, first: int) -> int:
        start = self._next.get(kind, first)
        self._next[kind] = start + n
        return start
