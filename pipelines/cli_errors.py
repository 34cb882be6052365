"""What the `klantbeeld` command says when the user can fix what went wrong: one plain line that
says what to do, never a stack trace (a run's full trace stays in its log file, run_log.py).
Usage errors (a bad option or value) exit with 2, as click does; the others with 1."""

from __future__ import annotations

import re
from pathlib import Path

import click
import duckdb


def one_line(text: str) -> str:
    """``text`` with its line breaks and runs of spaces as single spaces."""
    return re.sub(r"\s+", " ", text).strip()


class WarehouseInUseError(click.ClickException):
    """Another process holds DuckDB's write lock on the warehouse."""


def existing_warehouse(path: Path) -> Path:
    """``path``, or a plain error when no run has created the warehouse yet."""
    if not path.exists():
        raise click.ClickException(
            f"there is no warehouse at {path} yet: run `klantbeeld run` first (or point "
            "KLANTBEELD_WAREHOUSE at yours)"
        )
    return path


class KlantbeeldGroup(click.Group):
    """The command group, turning errors the user can act on into one line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except duckdb.IOException as error:
            # DuckDB allows one writing process: a command that opens the warehouse while a
            # run writes it fails on the file lock.
            if "lock" not in str(error).lower():
                raise
            raise WarehouseInUseError(
                "the warehouse is in use by another process (a run still going?): try again "
                "when it has finished"
            ) from None
