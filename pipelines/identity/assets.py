"""identity_records: every identifying record with its person, between staging and the
intermediate layer (which groups everything by person through this table)."""

import dataclasses

import polars as pl
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    Config,
    Definitions,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from pipelines.identity.graph import RECORD_KEY, components, linking_identifiers
from pipelines.identity.identifiers import e164, matching_email
from pipelines.identity.junk import load_junk_rules
from pipelines.identity.social.decisions import MatchRules
from pipelines.identity.social.inputs import NAMED_RECORDS_SQL, PROFILES_SQL
from pipelines.identity.social.matching import match_social_profiles
from pipelines.identity.stable_ids import assign_ids
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import read_frame, replace_table

RELATION = "intermediate.identity_records"
SOCIAL_LINKS = "intermediate.social_profile_links"
SOCIAL_REVIEW = "intermediate.social_profile_review"
HISTORY = "ops.identity_history"
# A person with more accounts, contacts and profiles than this is more likely an over-merge
# (a shared identifier that slipped through) than one customer: the check flags it.
MAX_RECORDS_PER_PERSON = 10

# Test orders are the shop's own: they identify nobody. Every social profile is read: one that
# shows an email links through it, the others may be matched on name and town (social/).
RECORDS_SQL = """
    select 'shop_customer' as record_type, shop_customer_id as record_id, email, phone,
        created_at as observed_at, cast(null as varchar) as shop_customer_id
    from staging.stg_shop__customers
    union all
    select 'shop_order', order_id, email, null, ordered_at, shop_customer_id
    from staging.stg_shop__orders
    where not is_test
    union all
    select 'email_contact', email_contact_id, email, phone,
        coalesce(opted_in_at, status_changed_at), null
    from staging.stg_email__contacts
    union all
    select 'social_profile', social_profile_id, email, null, first_seen_at, null
    from staging.stg_social__profiles
"""
STAGING = ("stg_shop__customers", "stg_shop__orders", "stg_email__contacts", "stg_social__profiles")


def _previous(warehouse: Warehouse) -> pl.DataFrame | None:
    exists = read_frame(
        warehouse,
        "select count(*) as n from information_schema.tables "
        "where table_schema = 'intermediate' and table_name = 'identity_records'",
    ).item()
    if not exists:
        return None
    return read_frame(warehouse, f"select record_type, record_id, customer_id from {RELATION}")


def _write(warehouse: Warehouse, tables: dict[str, pl.DataFrame], events: pl.DataFrame) -> None:
    """The new mapping, the social links and review queue, and the history events in one
    transaction: a crash leaves all as they were, so the next run compares against the mapping
    the history describes."""
    with warehouse.connect() as connection:
        connection.register("new_events", events.to_arrow())
        connection.execute("begin transaction")
        try:
            for relation, table in tables.items():
                replace_table(connection, relation, table)
            connection.execute("create schema if not exists ops")
            connection.execute(
                f"create table if not exists {HISTORY} (run_id varchar, recorded_at timestamp, "
                "event varchar, customer_id varchar, other_customer_ids varchar, records bigint)"
            )
            connection.execute(
                f"insert into {HISTORY} select run_id, current_timestamp, event, customer_id, "
                "other_customer_ids, records from new_events"
            )
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise


class IdentityConfig(Config):
    """Social matching rules (docs/customer_360.md#social-profiles-without-an-email); change per
    run in the Dagster launchpad."""

    # Link a profile when its best person is at least this probable...
    social_match_threshold: float = MatchRules.threshold
    # ...and at least this many bits (log2 of the likelihood ratio) ahead of the runner-up.
    social_match_margin_bits: float = MatchRules.margin_bits
    # Undecided profiles whose best person reaches this go to the review table.
    social_review_threshold: float = MatchRules.review_threshold

    def rules(self) -> MatchRules:
        return MatchRules(
            threshold=self.social_match_threshold,
            review_threshold=self.social_review_threshold,
            margin_bits=self.social_match_margin_bits,
        )


def _with_customer_ids(frame: pl.DataFrame, persons: pl.DataFrame) -> pl.DataFrame:
    """A decision table keyed by the person's customer_id instead of its graph component."""
    return frame.join(persons, on="component").drop("component")


@asset(
    key="identity_records",
    group_name="identity",
    deps=[AssetKey(name) for name in STAGING],
    kinds={"python", "scipy", "splink", "duckdb"},
    pool=WAREHOUSE_POOL,
    metadata={"dagster/table_name": RELATION},
    description="Every identifying record with its person: records joined through shared "
    "identifiers (matching email, E.164 phone; junk blocked) into connected components, social "
    "profiles without one matched on name and town (Splink), person ids kept stable across "
    "runs, merges and splits logged in ops.identity_history. "
    "Rules: docs/customer_360.md#who-is-a-person.",
)
def identity_records(
    context: AssetExecutionContext, config: IdentityConfig, warehouse: Warehouse
) -> MaterializeResult:
    rules = load_junk_rules()
    match_rules = config.rules()
    records = read_frame(warehouse, RECORDS_SQL).with_columns(
        matching_email=matching_email(pl.col("email")),
    )
    records = records.with_columns(phone_e164=e164(records["phone"]))
    identifiers = linking_identifiers(records, rules)
    order_accounts = records.filter(pl.col("record_type") == "shop_order").select(
        "record_id", "shop_customer_id"
    )
    social = match_social_profiles(
        records,
        components(records, identifiers, order_accounts),
        read_frame(warehouse, PROFILES_SQL),
        read_frame(warehouse, NAMED_RECORDS_SQL),
        match_rules,
    )
    ids, events = assign_ids(
        social.graph.drop("link_method", "match_probability"), _previous(warehouse)
    )
    linked = social.graph.join(ids, on=list(RECORD_KEY))
    persons = linked.select("component", "customer_id").unique()
    table = (
        records.join(linked.drop("component"), on=list(RECORD_KEY))
        .select(
            "record_type",
            "record_id",
            "customer_id",
            "email",
            "matching_email",
            "phone_e164",
            "observed_at",
            "link_method",
            "match_probability",
        )
        .sort("record_type", "record_id")
    )
    tables = {
        RELATION: table,
        SOCIAL_LINKS: _with_customer_ids(social.decisions.links, persons).sort("record_id"),
        SOCIAL_REVIEW: _with_customer_ids(social.decisions.review, persons).sort(
            "record_id", "candidate_rank"
        ),
    }
    _write(warehouse, tables, events.with_columns(run_id=pl.lit(context.run_id)))
    carried = records.select(pl.col("matching_email").is_not_null().sum()).item()
    return MaterializeResult(
        metadata={
            "dagster/row_count": table.height,
            "persons": table["customer_id"].n_unique(),
            "merges": int((events["event"] == "merge").sum()),
            "splits": int((events["event"] == "split").sum()),
            "linking_identifiers": identifiers["identifier"].n_unique(),
            "records_with_email": int(carried),
            "junk_rules": MetadataValue.json(
                {
                    "max_accounts_per_identifier": rules.max_accounts_per_identifier,
                    "blocked_domains": len(rules.domains),
                }
            ),
            "social_matching": MetadataValue.json(
                {**social.summary, **dataclasses.asdict(match_rules)}
            ),
        }
    )


@asset_check(
    asset=AssetKey("identity_records"),
    description="Every identifying record belongs to exactly one person.",
    blocking=True,
    pool=WAREHOUSE_POOL,
)
def one_person_per_record(warehouse: Warehouse) -> AssetCheckResult:
    counts = read_frame(
        warehouse,
        f"select count(*) as records, count(distinct (record_type, record_id)) as distinct_records,"
        f" count(*) - count(customer_id) as without_person from {RELATION}",
    ).row(0, named=True)
    return AssetCheckResult(
        passed=counts["records"] == counts["distinct_records"] and counts["without_person"] == 0,
        severity=AssetCheckSeverity.ERROR,
        metadata=counts,
    )


@asset_check(
    asset=AssetKey("identity_records"),
    description=f"No person holds more than {MAX_RECORDS_PER_PERSON} accounts, contacts and "
    "profiles together (orders not counted): an oversized person is likely an over-merge "
    "through a shared identifier. Warns; add the identifier to junk_identifiers.yml.",
    pool=WAREHOUSE_POOL,
)
def no_oversized_persons(warehouse: Warehouse) -> AssetCheckResult:
    sizes = read_frame(
        warehouse,
        f"select customer_id, count(*) as records from {RELATION} "
        "where record_type != 'shop_order' group by customer_id",
    )
    oversized = sizes.filter(pl.col("records") > MAX_RECORDS_PER_PERSON)
    return AssetCheckResult(
        passed=oversized.is_empty(),
        severity=AssetCheckSeverity.WARN,
        metadata={
            "oversized_persons": oversized.height,
            "largest_person_records": int(sizes["records"].max() or 0),
            "limit": MAX_RECORDS_PER_PERSON,
        },
    )


def build_identity_definitions() -> Definitions:
    return Definitions(
        assets=[identity_records], asset_checks=[one_person_per_record, no_oversized_persons]
    )
