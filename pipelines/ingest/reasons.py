"""Quarantine reasons without the values they quote, to print and count them safely.

A column's reason quotes the rejected value last (``amount: expected a decimal number, got
'12,50'``; parse.py writes it in '…', the export adapters as repr), so everything from
``, got `` on may be personal. Cutting there keeps the column and the rule; a row's later column
errors, which follow the first quoted value, are cut with it: a value can hold any text,
including what looks like the next column's error.
"""

from __future__ import annotations

import re

# From the first quoted value to the end of the reason.
QUOTED_VALUE = r"(?s), got .*$"
# Order, customer and return numbers in the adapters' reasons (`order #1001: …`).
_IDS = r"\b(return|customer|order) [^\s:]+"


def without_value(reason: str) -> str:
    """The reason with what it quotes replaced by '…'."""
    return re.sub(QUOTED_VALUE, ", got …", reason)


def reason_kind(reason: str) -> str:
    """The reason without its quoted value or ids: reasons of one kind count together."""
    return re.sub(_IDS, r"\1 …", without_value(reason))
