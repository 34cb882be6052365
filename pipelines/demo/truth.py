"""The ground truth of a generated demo shop, for tests and benchmarks only.

It is written outside the landing zone and the pipeline never reads it: it says which person is
behind every record, each person's persona and churn, and every row made malformed or exported
twice on purpose.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.demo.clock import fmt_iso
from pipelines.demo.deliveries import Delivery
from pipelines.demo.email import Email
from pipelines.demo.landing import landed_path
from pipelines.demo.people import People
from pipelines.demo.personas import PERSONAS
from pipelines.demo.purchases import Purchases
from pipelines.demo.shop import Shop
from pipelines.demo.social import Social
from pipelines.ingest.schemas import table

EVENTS = ("email", "events")


def person_ids(first: int, n: int, total: int) -> pl.Series:
    """Ids of persons ``first`` .. ``first + n - 1`` (from 0) of ``total``, all one width."""
    width = max(6, len(str(total)))
    return "P" + pl.Series(np.arange(first + 1, first + n + 1)).cast(pl.String).str.zfill(width)


def persons_table(
    people: People,
    purchases: Purchases,
    other_email: pl.Series,
    on_list: np.ndarray,
    social_profiles: np.ndarray,
    ids: pl.Series,
) -> pl.DataFrame:
    ident = people.identity
    flag = lambda values: np.where(values, "true", "false")  # noqa: E731
    return pl.DataFrame(
        {
            "person_id": ids,
            "persona": [PERSONAS[k].key for k in people.persona],
            "is_buyer": flag(people.is_buyer),
            "churned": flag(purchases.churned),
            "churned_at": fmt_iso(purchases.churned_at),
            "first_purchase_at": fmt_iso(purchases.first_at),
            "last_purchase_at": fmt_iso(purchases.last_at),
            "purchases": pl.Series(purchases.count).cast(pl.String),
            "purchases_per_year": pl.Series(np.round(people.rate * 365.25, 3)).cast(pl.String),
            "dropout_probability": pl.Series(np.round(people.dropout, 4)).cast(pl.String),
            "email": ident["email"],
            "other_email": other_email,
            "first_name": ident["first_name"],
            "last_name": ident["last_name"],
            "phone": ident["phone"],
            "city": ident["city"],
            "postcode": ident["postcode"],
            "country": ident["country"],
            "on_email_list": flag(on_list),
            "social_profiles": pl.Series(social_profiles).cast(pl.String),
        }
    )


def links_table(source: str, table: str, links: pl.DataFrame, ids: pl.Series) -> pl.DataFrame:
    """record_links rows for one landed table; person_id is blank for records of nobody."""
    person = links["person"].to_numpy()
    return pl.DataFrame(
        {
            "source": source,
            "table": table,
            "record_id": links["record_id"],
            "person_id": pl.select(
                pl.when(pl.Series(person >= 0)).then(ids.gather(np.maximum(person, 0)))
            ).to_series(),
        }
    )


def duplicates_table(
    events: pl.DataFrame, is_copy: np.ndarray, source_row: np.ndarray, file: str, rows_before: int
) -> pl.DataFrame:
    """Each re-exported event row of one block's part of a file: its line, and the line of the
    copy that came first (always in the same part); ``rows_before``: rows of earlier parts."""
    copies = np.flatnonzero(is_copy)
    first_line_of = np.empty(int(source_row.max(initial=-1)) + 1, dtype=np.int64)
    first_line_of[source_row[~is_copy]] = np.flatnonzero(~is_copy) + 2 + rows_before
    return pl.DataFrame(
        {
            "source": "email",
            "table": "events",
            "file": file,
            "line": copies + 2 + rows_before,
            "event_id": events["event_id"].gather(copies),
            "original_line": first_line_of[source_row[copies]],
        }
    )


def truth_tables(
    people: People,
    purchases: Purchases,
    shop: Shop,
    email: Email,
    social: Social,
    malformed: pl.DataFrame,
    deliveries: list[Delivery],
    is_copy: np.ndarray,
    source_row: np.ndarray,
    ids: pl.Series,
    rows_before: dict[str, int],
) -> dict[str, pl.DataFrame]:
    """One block's part of the ground-truth files, by name, every column as text.

    ``is_copy`` and ``source_row`` describe the block's whole-history email events frame (see
    mess.duplicate_rows); each delivery says which of its rows it holds. ``ids``: the block's
    person ids; ``rows_before``: per landed file, the rows earlier blocks wrote to it.
    """
    links = [
        links_table(source, name, frame, ids)
        for source, tables in (
            ("shop", shop.links),
            ("email", email.links),
            ("social", social.links),
        )
        for name, frame in tables.items()
    ]
    on_list = np.zeros(people.n, dtype=bool)
    on_list[email.links["contacts"]["person"].to_numpy()] = True
    owners = social.links["profiles"]["person"].to_numpy()
    profiles = np.bincount(owners[owners >= 0], minlength=people.n)
    tables = {
        "persons.csv": persons_table(
            people, purchases, shop.accounts.other_email, on_list, profiles, ids
        ),
        "record_links.csv": pl.concat(links),
        "malformed_rows.csv": malformed,
        "duplicates.csv": pl.concat(
            duplicates_table(
                delivery.frames[EVENTS],
                is_copy[delivery.rows[EVENTS]],
                source_row[delivery.rows[EVENTS]],
                landed_path(table(*EVENTS), delivery.date),
                rows_before[landed_path(table(*EVENTS), delivery.date)],
            )
            for delivery in deliveries
        ),
    }
    return {name: frame.cast(pl.String) for name, frame in tables.items()}
