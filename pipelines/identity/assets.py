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

from pipelines.identity.account_orders import (
    GUEST_ORDERS_SQL,
    overlap_with_previous,
    placed_addresses,
    write_account_orders_sql,
)
from pipelines.identity.evidence import name_address_links
from pipelines.identity.graph import RECORD_KEY, components, linked_by, linking_identifiers
from pipelines.identity.identifiers import matching_email, parsed_phones
from pipelines.identity.junk import load_junk_rules
from pipelines.identity.shared_identifiers import one_person_per_linking_identifier
from pipelines.identity.social.decisions import MatchRules
from pipelines.identity.social.inputs import NAMED_RECORDS_SQL, PROFILES_SQL
from pipelines.identity.social.matching import PROBABILISTIC, match_social_profiles
from pipelines.identity.stable_ids import person_ids
from pipelines.ingest.assets import WAREHOUSE_POOL
from pipelines.resources import Warehouse
from pipelines.warehouse_tables import query_frame, read_frame, replace_table

RELATION = "intermediate.identity_records"
SOCIAL_LINKS = "intermediate.social_profile_links"
SOCIAL_REVIEW = "intermediate.social_profile_review"
HISTORY = "ops.identity_history"
# DuckDB's limit for this step's own connections (reading staging, the overlap with the last
# run, the write): the graph's frames (~3 GB at a million customers) stay in this process beside
# them. At the general 4 GB the write alone took the step from 5.2 to 7.9 GB there, and 8.9 GB
# in the whole job; with 1 GB it spills instead, in the same time (docs/scale.md).
DUCKDB_MEMORY_LIMIT = "1GB"
# A person with more accounts, contacts and profiles than this is more likely an over-merge
# (a shared identifier that slipped through) than one customer: the check flags it.
MAX_RECORDS_PER_PERSON = 10

# The graph's records: accounts, orders not placed from a known account (guests), email contacts
# and social profiles. Orders placed from an account join it in SQL (account_orders.py). Every
# social profile is read: one that shows an email links through it, the others may be matched on
# name and town (social/).
RECORDS_SQL = f"""
    select 'shop_customer' as record_type, shop_customer_id as record_id, email, phone,
        country_code, created_at as observed_at, first_name, last_name, address1, postcode
    from staging.stg_shop__customers
    union all
    select 'shop_order', order_id, email, null, null, ordered_at, null, null, null, null
    from ({GUEST_ORDERS_SQL})
    union all
    select 'email_contact', email_contact_id, email, phone, null,
        coalesce(opted_in_at, status_changed_at), first_name, last_name, null, null
    from staging.stg_email__contacts
    union all
    select 'social_profile', social_profile_id, email, null, null, first_seen_at, null, null,
        null, null
    from staging.stg_social__profiles
"""
STAGING = ("stg_shop__customers", "stg_shop__orders", "stg_email__contacts", "stg_social__profiles")
COLUMNS = (
    "record_type",
    "record_id",
    "customer_id",
    "email",
    "matching_email",
    "phone_e164",
    "observed_at",
    "link_method",
    "match_probability",
    # What joined the record to its person (graph.linked_by; "account" for an order placed from
    # an account, "name_and_town" for a profile the social model matched).
    "linked_by",
)


def _write(
    warehouse: Warehouse,
    records: pl.DataFrame,
    placed: pl.DataFrame,
    tables: dict[str, pl.DataFrame],
    events: pl.DataFrame,
) -> None:
    """The new mapping (the graph's records, then the account orders with their account's
    person), the social links and review queue, and the history events in one transaction: a
    crash leaves all as they were, so the next run compares against the mapping the history
    describes."""
    accounts = records.filter(pl.col("record_type") == "shop_customer").select(
        "record_id", "customer_id"
    )
    addresses = placed.select("email", "matching_email").drop_nulls("email").unique()
    with warehouse.connect(memory_limit=DUCKDB_MEMORY_LIMIT) as connection:
        connection.register("new_events", events.to_arrow())
        connection.register("account_persons", accounts.to_arrow())
        connection.register("order_addresses", addresses.to_arrow())
        connection.execute("begin transaction")
        try:
            for relation, table in {RELATION: records, **tables}.items():
                replace_table(connection, relation, table)
            connection.execute(
                write_account_orders_sql(RELATION, "account_persons", "order_addresses")
            )
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


def _persons(
    warehouse: Warehouse, graph: pl.DataFrame, placed: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """customer_id per component of ``graph`` (record_type, record_id, component), kept from the
    last run where it can be (stable_ids.py), and the merges and splits. The account orders
    count as records of their account's component without being read: an account's key
    ("shop_customer:…") sorts before its orders' ("shop_order:…"), so they are never a
    component's smallest record, and their overlap with the last run is counted in SQL."""
    orders = placed.group_by("record_id").agg(pl.col("orders").sum())
    fresh = (
        graph.join(
            orders.with_columns(record_type=pl.lit("shop_customer")),
            on=list(RECORD_KEY),
            how="left",
        )
        .with_columns(
            record_key=pl.concat_str(pl.col("record_type"), pl.lit(":"), pl.col("record_id"))
        )
        .group_by("component")
        .agg(
            (pl.len() + pl.col("orders").sum()).cast(pl.UInt32).alias("records"),
            pl.col("record_key").min().alias("first_key"),
        )
    )
    with warehouse.connect(read_only=True, memory_limit=DUCKDB_MEMORY_LIMIT) as connection:
        previous = overlap_with_previous(connection, graph, RELATION)
    overlap, taken = previous if previous else (None, set())
    return person_ids(fresh, overlap, taken)


def _linking(records: pl.DataFrame, placed: pl.DataFrame, rules) -> pl.DataFrame:
    """record_type, record_id, identifier: the graph's edges. Shared identifiers judged by the
    names on their records (graph.linking_identifiers, the addresses an account's orders were
    placed with carrying the account's name), and name + address links between accounts."""
    named = ("first_name", "last_name")
    accounts = records.filter(pl.col("record_type") == "shop_customer")
    carriers = pl.concat(
        [
            records.select(*RECORD_KEY, "matching_email", "phone_e164", "phone_kind", *named),
            placed.join(accounts.select("record_id", *named), on="record_id", how="left").select(
                *RECORD_KEY,
                "matching_email",
                *named,
                phone_e164=pl.lit(None, pl.String),
                phone_kind=pl.lit(None, pl.String),
            ),
        ],
        how="diagonal",
    )
    return pl.concat(
        [
            linking_identifiers(carriers, rules),
            name_address_links(accounts.select("record_id", *named, "address1", "postcode")),
        ]
    )


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
    "identifiers (matching email, E.164 phone read in the record's country; junk blocked) "
    "into connected components, social profiles without one matched on name and town "
    "(Splink), person ids kept stable across "
    "runs, merges and splits logged in ops.identity_history. "
    "Rules: docs/customer_360.md#who-is-a-person.",
)
def identity_records(
    context: AssetExecutionContext, config: IdentityConfig, warehouse: Warehouse
) -> MaterializeResult:
    rules = load_junk_rules()
    match_rules = config.rules()
    with warehouse.connect(read_only=True, memory_limit=DUCKDB_MEMORY_LIMIT) as connection:
        records = query_frame(connection, RECORDS_SQL)
        placed = placed_addresses(connection)
    records = pl.concat(
        [
            records.with_columns(matching_email=matching_email(pl.col("email"))),
            parsed_phones(records["phone"], records["country_code"]),
        ],
        how="horizontal",
    )
    identifiers = _linking(records, placed, rules)
    shown = pl.concat(
        [
            records.select(*RECORD_KEY, "matching_email", weight=pl.lit(1, pl.Int64)),
            placed.select(
                record_type=pl.lit("shop_customer"),
                record_id="record_id",
                matching_email="matching_email",
                weight="orders",
            ),
        ]
    )
    social = match_social_profiles(
        shown,
        components(records, identifiers),
        read_frame(warehouse, PROFILES_SQL),
        read_frame(warehouse, NAMED_RECORDS_SQL),
        match_rules,
    )
    ids, events = _persons(warehouse, social.graph.drop("link_method", "match_probability"), placed)
    linked = social.graph.join(ids, on="component")
    persons = ids.select("component", "customer_id")
    table = (
        records.join(linked.drop("component"), on=list(RECORD_KEY))
        .join(linked_by(identifiers), on=list(RECORD_KEY), how="left")
        .with_columns(
            linked_by=pl.when(pl.col("link_method") == PROBABILISTIC)
            .then(pl.lit("name_and_town"))
            .otherwise("linked_by")
        )
        .select(*COLUMNS)
    )
    tables = {
        SOCIAL_LINKS: _with_customer_ids(social.decisions.links, persons).sort("record_id"),
        SOCIAL_REVIEW: _with_customer_ids(social.decisions.review, persons).sort(
            "record_id", "candidate_rank"
        ),
    }
    _write(warehouse, table, placed, tables, events.with_columns(run_id=pl.lit(context.run_id)))
    account_orders = int(placed["orders"].sum())
    carried = table["matching_email"].is_not_null().sum() + int(
        placed.filter(pl.col("matching_email").is_not_null())["orders"].sum()
    )
    return MaterializeResult(
        metadata={
            "dagster/row_count": table.height + account_orders,
            "persons": ids["customer_id"].n_unique(),
            "account_orders": account_orders,
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
        assets=[identity_records],
        asset_checks=[
            one_person_per_record,
            no_oversized_persons,
            one_person_per_linking_identifier,
        ],
    )
