"""The persona catalogue: the names marketers give to behaviour clusters, and the rules that say
which cluster gets which name.

A catalogue is a YAML file (see persona_catalogue.yml beside this module) with the number of
clusters, a fallback name, optional concern weights for the clustering and a list of personas,
each with a name, a description, a ``rule`` and an optional ``prefer``. Rules and preferences are
SQL expressions over a cluster's profile (see ``PROFILE_COLUMNS``), parsed by polars
(``pl.sql_expr``): never evaluated as Python.

Naming (``name_clusters``): personas are tried in catalogue order, so the order is the priority.
Each persona names at most one cluster: among the clusters not yet named whose profile satisfies
its rule, the one with the highest ``prefer`` value (default: the most customers; ties: the
lowest cluster number). A cluster no persona names gets the fallback name with a number,
"<fallback> 1", "<fallback> 2", … in cluster order. So every cluster gets exactly one name and no
two clusters share one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from pipelines.analytics.personas.features import CATEGORY_PREFIX, CONCERNS

CATALOGUE_ENV = "KLANTBEELD_PERSONA_CATALOGUE"
DEFAULT_CATALOGUE = Path(__file__).with_name("persona_catalogue.yml")

# What a rule can refer to: the numbers and labels of a cluster's profile, besides the mean of
# every behaviour feature (the columns of CONCERNS, and category_share_<category> per category).
PROFILE_SCHEMA: dict[str, pl.DataType] = {
    "cluster": pl.Int64(),
    "customers": pl.Int64(),
    "share_of_customers": pl.Float64(),
    "average_clv": pl.Float64(),
    "customers_with_clv": pl.Int64(),
    "channel_preference": pl.String(),
    "top_categories": pl.String(),
    **{name: pl.Float64() for names in CONCERNS.values() for name in names},
}
PROFILE_COLUMNS = tuple(PROFILE_SCHEMA)
ENTRY_KEYS = frozenset({"name", "description", "rule", "prefer"})
TOP_KEYS = frozenset({"clusters", "fallback", "concern_weights", "personas"})


class CatalogueError(ValueError):
    """A persona catalogue that cannot be used; the message names the file, entry and problem."""


@dataclass(frozen=True)
class PersonaEntry:
    name: str
    description: str
    rule: str
    prefer: str


@dataclass(frozen=True)
class Catalogue:
    path: str
    clusters: int
    fallback: str
    concern_weights: dict[str, float]
    personas: tuple[PersonaEntry, ...]


def catalogue_path() -> Path:
    """The catalogue in ``KLANTBEELD_PERSONA_CATALOGUE`` (read now, not at import), else the
    shipped one."""
    override = os.environ.get(CATALOGUE_ENV)
    return Path(override) if override else DEFAULT_CATALOGUE


def _expression(text: object, where: str, kind: str, numeric: bool) -> pl.Expr:
    """Parse ``text`` as a SQL expression over profile columns and check its result type on an
    empty profile; category_share_* columns are accepted here and checked against the data when
    clusters are named."""
    if not isinstance(text, str) or not text.strip():
        raise CatalogueError(f"{where}: {kind} must be a non-empty SQL expression")
    try:
        expression = pl.sql_expr(text)
        columns = expression.meta.root_names()
    except pl.exceptions.PolarsError as error:
        raise CatalogueError(f"{where}: {kind} {text!r} is not valid SQL: {error}") from None
    unknown = [c for c in columns if c not in PROFILE_SCHEMA and not c.startswith(CATEGORY_PREFIX)]
    if unknown:
        raise CatalogueError(
            f"{where}: {kind} {text!r} refers to unknown column(s) {', '.join(unknown)}; "
            f"known: {', '.join(PROFILE_COLUMNS)} and {CATEGORY_PREFIX}<category>"
        )
    schema = {**PROFILE_SCHEMA, **{c: pl.Float64() for c in columns if c not in PROFILE_SCHEMA}}
    try:
        dtype = pl.DataFrame(schema=schema).select(expression).to_series().dtype
    except pl.exceptions.PolarsError as error:
        raise CatalogueError(f"{where}: {kind} {text!r} cannot be evaluated: {error}") from None
    if numeric and not dtype.is_numeric():
        raise CatalogueError(f"{where}: {kind} {text!r} must give a number, gives {dtype}")
    if not numeric and dtype != pl.Boolean:
        raise CatalogueError(f"{where}: {kind} {text!r} must give true/false, gives {dtype}")
    return expression


def _reject_unknown_keys(mapping: dict, allowed: frozenset[str], where: str) -> None:
    # A misspelt key ("rulee") would otherwise be ignored without a word.
    unknown = sorted(map(str, set(mapping) - allowed))
    if unknown:
        raise CatalogueError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def _entry(raw: object, number: int, path: Path) -> PersonaEntry:
    where = f"{path}: persona {number}"
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: must be a mapping with name, description and rule")
    if isinstance(raw.get("name"), str) and raw["name"].strip():
        where = f"{where} ({raw['name'].strip()!r})"
    else:
        raise CatalogueError(f"{where}: name must be a non-empty text")
    _reject_unknown_keys(raw, ENTRY_KEYS, where)
    if not isinstance(raw.get("description"), str):
        raise CatalogueError(f"{where}: description must be a text")
    _expression(raw.get("rule"), where, "rule", numeric=False)
    prefer = raw.get("prefer", "customers")
    _expression(prefer, where, "prefer", numeric=True)
    return PersonaEntry(
        name=raw["name"].strip(),
        description=raw["description"].strip(),
        rule=raw["rule"],
        prefer=prefer,
    )


def _weights(raw: object, path: Path) -> dict[str, float]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path}: concern_weights must map concerns to numbers")
    for concern, weight in raw.items():
        if concern not in CONCERNS:
            raise CatalogueError(
                f"{path}: concern_weights: unknown concern {concern!r}; "
                f"known: {', '.join(CONCERNS)}"
            )
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise CatalogueError(
                f"{path}: concern_weights: {concern} must be a positive number, is {weight!r}"
            )
    return {concern: float(weight) for concern, weight in raw.items()}


def parse_catalogue(document: object, path: Path) -> Catalogue:
    """Validate a loaded YAML document; every problem raises CatalogueError naming ``path``."""
    if not isinstance(document, dict):
        raise CatalogueError(f"{path}: must be a mapping with clusters, fallback and personas")
    _reject_unknown_keys(document, TOP_KEYS, str(path))
    clusters = document.get("clusters", 7)
    if isinstance(clusters, bool) or not isinstance(clusters, int) or clusters < 2:
        raise CatalogueError(f"{path}: clusters must be a whole number of at least 2")
    fallback = document.get("fallback")
    if not isinstance(fallback, str) or not fallback.strip():
        raise CatalogueError(f"{path}: fallback must be a non-empty name")
    fallback = fallback.strip()
    raw_personas = document.get("personas")
    if not isinstance(raw_personas, list) or not raw_personas:
        raise CatalogueError(f"{path}: personas must be a non-empty list")
    personas = tuple(_entry(raw, n, path) for n, raw in enumerate(raw_personas, start=1))
    seen: dict[str, int] = {}
    for number, persona in enumerate(personas, start=1):
        key = persona.name.casefold()
        if key in seen:
            raise CatalogueError(
                f"{path}: persona {number} ({persona.name!r}): duplicate name, "
                f"already persona {seen[key]}"
            )
        # Fallback names are "<fallback> <n>": a persona so named could collide with one.
        if key == fallback.casefold() or key.startswith(fallback.casefold() + " "):
            raise CatalogueError(
                f"{path}: persona {number} ({persona.name!r}): clashes with the fallback "
                f"name {fallback!r}"
            )
        seen[key] = number
    return Catalogue(
        path=str(path),
        clusters=clusters,
        fallback=fallback,
        concern_weights=_weights(document.get("concern_weights"), path),
        personas=personas,
    )


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate a catalogue: ``path``, else ``KLANTBEELD_PERSONA_CATALOGUE``, else the
    shipped one."""
    path = Path(path) if path is not None else catalogue_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CatalogueError(f"{path}: cannot read the persona catalogue: {error}") from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: not valid YAML: {error}") from None
    return parse_catalogue(document, path)


def name_clusters(profiles: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    """cluster → persona and matched_rule (null for fallback names), one row per profile row,
    by the rule in this module's docstring. ``profiles`` has a ``cluster`` column and the
    profile columns the rules use."""
    # A category this shop never sold has a spend share of 0 in every profile: the shipped
    # catalogue (written for the demo shop's categories) then still runs on another shop.
    used = {
        name
        for persona in catalogue.personas
        for text in (persona.rule, persona.prefer)
        for name in pl.sql_expr(text).meta.root_names()
    }
    absent_categories = sorted(
        name for name in used - set(profiles.columns) if name.startswith(CATEGORY_PREFIX)
    )
    profiles = profiles.with_columns(pl.lit(0.0).alias(name) for name in absent_categories)
    available = set(profiles.columns)
    unnamed = profiles.sort("cluster")
    named: list[dict] = []
    for number, persona in enumerate(catalogue.personas, start=1):
        rule, prefer = pl.sql_expr(persona.rule), pl.sql_expr(persona.prefer)
        missing = sorted(set(rule.meta.root_names() + prefer.meta.root_names()) - available)
        if missing:
            raise CatalogueError(
                f"{catalogue.path}: persona {number} ({persona.name!r}): no column "
                f"{', '.join(missing)} in the profiles; category columns here: "
                f"{', '.join(c for c in profiles.columns if c.startswith(CATEGORY_PREFIX))}"
            )
        candidates = (
            unnamed.filter(rule.fill_null(False))
            .with_columns(_preference=prefer.cast(pl.Float64).fill_null(float("-inf")))
            .sort(["_preference", "cluster"], descending=[True, False])
        )
        if candidates.is_empty():
            continue
        cluster = candidates["cluster"][0]
        named.append({"cluster": cluster, "persona": persona.name, "matched_rule": persona.rule})
        unnamed = unnamed.filter(pl.col("cluster") != cluster)
    for number, cluster in enumerate(unnamed["cluster"], start=1):
        named.append(
            {"cluster": cluster, "persona": f"{catalogue.fallback} {number}", "matched_rule": None}
        )
    return pl.DataFrame(
        named,
        schema={
            "cluster": profiles.schema["cluster"],
            "persona": pl.String,
            "matched_rule": pl.String,
        },
    ).sort("cluster")
