"""Vectorised drawing and formatting helpers shared by the demo shop's table builders."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

_MASK48 = np.uint64((1 << 48) - 1)
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def categorical(rng: np.random.Generator, weights: Sequence[float], n: int) -> np.ndarray:
    """n draws of an index with the given (unnormalised) weights."""
    cdf = np.cumsum(np.asarray(weights, dtype=float))
    return np.searchsorted(cdf / cdf[-1], rng.random(n), side="right").astype(np.int64)


def categorical_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One draw per row of a matrix whose rows are (unnormalised) weights."""
    cdf = np.cumsum(probabilities, axis=1)
    u = rng.random(len(probabilities)) * cdf[:, -1]
    return np.minimum((u[:, None] >= cdf).sum(axis=1), probabilities.shape[1] - 1)


def scramble_constants(rng: np.random.Generator) -> tuple[int, int, int]:
    """The seeded constants of one ``scramble`` bijection."""
    a, b, c = (rng.integers(1 << 20, 1 << 47, size=3, dtype=np.uint64) | np.uint64(1)).tolist()
    return a, b, c


def scramble(positions: np.ndarray, constants: tuple[int, int, int]) -> np.ndarray:
    """Random-looking 48-bit integers, distinct for distinct positions below 2**48."""
    a, b, c = (np.uint64(k) for k in constants)
    x = (np.asarray(positions, dtype=np.uint64) + c) & _MASK48
    with np.errstate(over="ignore"):
        x = (x * a) & _MASK48
        x ^= x >> np.uint64(23)
        x = (x * b) & _MASK48
        x ^= x >> np.uint64(19)
    return x


def scrambled(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct random-looking 48-bit integers: a bijection of 0..n-1 with seeded constants."""
    return scramble(np.arange(n, dtype=np.uint64), scramble_constants(rng))


def digit_ids(values: np.ndarray, digits: int = 16) -> pl.Series:
    """Ids of exactly ``digits`` (16 to 19) decimal digits, distinct for distinct 48-bit values."""
    first = 10 ** (digits - 1)
    spread = 9 * first // (1 << 48)  # stretch the 48-bit values over the whole digit range
    return pl.Series(np.uint64(first) + values * np.uint64(spread)).cast(pl.String)


def numeric_ids(rng: np.random.Generator, n: int, digits: int = 16) -> pl.Series:
    """n distinct ids of exactly ``digits`` (16 to 19) decimal digits, in random order."""
    return digit_ids(scrambled(rng, n), digits)


def increasing_steps(rng: np.random.Generator, n: int, first: int, max_step: int) -> np.ndarray:
    """n strictly increasing integers from ``first`` with random gaps of at most ``max_step``."""
    steps = rng.integers(1, max_step + 1, size=n)
    return first + np.cumsum(steps) - steps[:1].sum()


def increasing_ids(rng: np.random.Generator, n: int, first: int, max_step: int) -> pl.Series:
    """n strictly increasing numeric ids from ``first``, like a shop's sequence with gaps."""
    return pl.Series(increasing_steps(rng, n, first, max_step), dtype=pl.Int64).cast(pl.String)


def hex_ids(values: np.ndarray, width: int) -> pl.Series:
    """Lower-case hexadecimal text of non-negative integers, zero-padded to ``width``."""
    x = np.asarray(values, dtype=np.uint64).copy()
    out = np.empty((len(x), width), dtype=np.uint8)
    for j in range(width - 1, -1, -1):
        out[:, j] = _HEX[(x & np.uint64(15)).astype(np.intp)]
        x >>= np.uint64(4)
    return pl.Series(out.view(f"S{width}").ravel()).cast(pl.String)


def pick(vocabulary: Sequence[str], index: np.ndarray) -> pl.Series:
    """Vocabulary entries at the given positions."""
    return pl.Series(list(vocabulary), dtype=pl.String).gather(np.asarray(index, dtype=np.int64))


def money(cents: np.ndarray) -> pl.Series:
    """DECIMAL text from non-negative integer cents: 1250 -> ``12.50``."""
    c = pl.Series("c", np.asarray(cents, dtype=np.int64))
    return (
        pl.DataFrame([c])
        .select(
            (pl.col("c") // 100).cast(pl.String)
            + "."
            + (pl.col("c") % 100).cast(pl.String).str.zfill(2)
        )
        .to_series()
    )


def group_starts(counts: np.ndarray) -> np.ndarray:
    """Start offsets of consecutive groups with the given sizes."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.cumsum(counts) - counts


def rank_in_group(counts: np.ndarray) -> np.ndarray:
    """0, 1, ... within each consecutive group of the given sizes."""
    total = int(np.sum(counts))
    return np.arange(total, dtype=np.int64) - np.repeat(group_starts(counts), counts)


def first_of_group(keys: np.ndarray) -> np.ndarray:
    """True where a sorted key array starts a new run."""
    flags = np.ones(len(keys), dtype=bool)
    flags[1:] = keys[1:] != keys[:-1]
    return flags
