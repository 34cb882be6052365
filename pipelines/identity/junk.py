"""Which identifiers may link records: the rules of junk_identifiers.yml (or the file named by
KLANTBEELD_IDENTITY_JUNK), plus "shared by too many shop accounts"."""

import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

DEFAULT_JUNK_FILE = Path(__file__).with_name("junk_identifiers.yml")
JUNK_FILE_ENV = "KLANTBEELD_IDENTITY_JUNK"


@dataclass(frozen=True)
class JunkRules:
    local_parts: frozenset[str]
    domains: frozenset[str]
    reserved_tlds: frozenset[str]
    phones: frozenset[str]
    max_accounts_per_identifier: int


def load_junk_rules(path: Path | None = None) -> JunkRules:
    path = path or Path(os.environ.get(JUNK_FILE_ENV) or DEFAULT_JUNK_FILE)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        emails, phones = document.get("emails") or {}, document.get("phones") or {}
        limit = int(document.get("max_accounts_per_identifier", 5))
    except (OSError, yaml.YAMLError, AttributeError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: not a valid junk-identifier file: {error}") from None
    if limit < 1:
        raise ValueError(f"{path}: max_accounts_per_identifier must be at least 1, got {limit}")
    return JunkRules(
        local_parts=_lowered(emails.get("local_parts")),
        domains=_lowered(emails.get("domains")) | _lowered(emails.get("shop_domains")),
        reserved_tlds=_lowered(emails.get("reserved_tlds")),
        phones=frozenset(str(v).strip() for v in phones.get("numbers") or ()),
        max_accounts_per_identifier=limit,
    )


def _lowered(values) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in values or ())


def junk_email(email: pl.Expr, rules: JunkRules) -> pl.Expr:
    """True for an address (matching form) that must not link records."""
    local = email.str.extract(r"^([^@]+)@", 1)
    domain = email.str.extract(r"@([^@]+)$", 1)
    tld = domain.str.extract(r"\.([^.]+)$", 1)
    return (
        local.is_in(list(rules.local_parts))
        | domain.is_in(list(rules.domains))
        | tld.is_in(list(rules.reserved_tlds))
    ).fill_null(False)


def junk_phone(phone: pl.Expr, rules: JunkRules) -> pl.Expr:
    """True for an E.164 number that must not link records: listed, or one digit repeated."""
    digits = phone.str.replace(r"^\+(31|32|49)", "").str.replace_all(r"\D", "")
    one_digit_repeated = pl.any_horizontal(digits.str.contains(f"^{d}+$") for d in range(10))
    return (phone.is_in(list(rules.phones)) | one_digit_repeated).fill_null(False)
