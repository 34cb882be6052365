"""The shop's currency: ISO 4217 codes checked against CLDR's list (babel), and amounts labelled
with their code wherever klantbeeld shows one (run summary, report)."""

from __future__ import annotations

from babel.numbers import is_currency

SHOP_CURRENCY_VARIABLE = "KLANTBEELD_SHOP_CURRENCY"


def iso_currency(text: str, where: str) -> str:
    """``text`` as an upper-case ISO 4217 code, or a ``ValueError`` naming ``where``."""
    code = text.strip().upper()
    if not is_currency(code):
        raise ValueError(f"{where}: {text[:12]!r} is not an ISO 4217 currency code (e.g. EUR, USD)")
    return code


def money_text(amount: float, currency: str | None, decimals: int = 2) -> str:
    """``USD 333,481.72``; without a known currency just the number."""
    number = f"{amount:,.{decimals}f}"
    return f"{currency} {number}" if currency else number


def short_money_text(amount: float, currency: str | None) -> str:
    """``USD 1.2M`` / ``USD 35k`` / ``USD 940``: short enough for a chart's cell or axis."""
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(amount) >= limit:
            return f"{currency or ''} {amount / limit:.1f}{suffix}".strip()
    return f"{currency or ''} {amount:.0f}".strip()
