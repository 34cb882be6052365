"""`dbt build --target spark`, then each named relation copied to Parquet through the same
Spark session: run in a process of its own (``python -m tests.parity.spark_build``), so the
~1 GB JVM that dbt-spark's session method starts ends with it instead of staying in pytest.

With a week, the weekly model is then built again for that week alone, as the weekly job does:
on Spark that overwrites the week's partition (insert_overwrite), which must leave every other
week as it was.

Reading the relations through Spark, not from the files under its warehouse folder, also reads
views (int_customer_values_joined) and partitioned tables (weekly_channel_usage) as Spark
returns them to a BI tool.
"""

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

import pyarrow.parquet as pq
from dbt.cli.main import dbtRunner
from pyspark.sql import SparkSession

from pipelines.settings import DBT_PROJECT_DIR
from pipelines.transform.assets import WEEK_START_ENV, WEEKLY


def build_and_copy(
    relations: list[str], copies: Path, target_path: Path, week: dt.date | None
) -> bool:
    arguments = ["build", "--target", "spark", "--project-dir", str(DBT_PROJECT_DIR)]
    arguments += ["--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target_path)]
    arguments += ["--log-path", str(target_path / "logs")]
    if not dbtRunner().invoke(arguments).success:
        return False
    if week is not None:
        os.environ[WEEK_START_ENV] = week.isoformat()
        if not dbtRunner().invoke([*arguments, "--select", WEEKLY]).success:
            return False
    # The session dbt-spark started (in one of dbt's threads, so not this thread's active one).
    spark = SparkSession.builder.getOrCreate()
    copies.mkdir(parents=True, exist_ok=True)
    for relation in relations:
        pq.write_table(spark.table(relation).toArrow(), copies / f"{relation}.parquet")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=Path, required=True, help="folder for <relation>.parquet")
    parser.add_argument("--target-path", type=Path, required=True, help="dbt's target folder")
    parser.add_argument(
        "--rebuild-week", type=dt.date.fromisoformat, help="a Monday: rebuild the weekly model"
    )
    parser.add_argument("relations", nargs="+", help="schema.table to copy after the build")
    options = parser.parse_args()
    built = build_and_copy(
        options.relations, options.copies, options.target_path, options.rebuild_week
    )
    sys.exit(0 if built else 1)


if __name__ == "__main__":
    main()
