"""The `klantbeeld` command: what users do outside the Dagster UI."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

import click

from pipelines.cli_errors import KlantbeeldGroup, existing_warehouse
from pipelines.currency import SHOP_CURRENCY_VARIABLE
from pipelines.settings import load_settings

DEMO_MARKER = ".klantbeeld-demo"


@click.group(cls=KlantbeeldGroup)
def main() -> None:
    """klantbeeld: one trustworthy 360° view of every customer of a web shop."""


@main.command()
@click.option("--customers", default=5000, show_default=True, help="People in the demo shop.")
@click.option("--days", default=730, show_default=True, help="Days of history.")
@click.option("--seed", default=42, show_default=True, help="Same seed, same files.")
@click.option(
    "--end-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default="2026-10-31",
    show_default=True,
    help="Last day of history (fixed, so the demo does not change with the calendar).",
)
@click.option(
    "--daily-deliveries",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="End with this many daily deliveries after one of the history before them "
    "(0: one full-history delivery).",
)
def demo(
    customers: int, days: int, seed: int, end_date: dt.datetime, daily_deliveries: int
) -> None:
    """Generate the demo shop into the landing folder (ground truth beside it)."""
    from pipelines.demo.generate import generate_demo

    if daily_deliveries >= days:
        raise click.BadParameter(
            f"must be less than --days ({days}): the first delivery holds at least one day",
            param_hint="--daily-deliveries",
        )
    settings = load_settings()
    landing = settings.landing_dir
    if landing.exists() and any(landing.iterdir()) and not (landing / DEMO_MARKER).exists():
        raise click.ClickException(
            f"{landing} holds data that the demo did not write; refusing to overwrite it. "
            "Unset KLANTBEELD_LANDING_DIR or point it at an empty folder."
        )
    if (landing / DEMO_MARKER).exists():
        # The demo's own folder: start clean, so no delivery of an earlier demo stays behind.
        shutil.rmtree(landing)
        shutil.rmtree(settings.ground_truth_dir, ignore_errors=True)
    started = time.perf_counter()
    summary = generate_demo(
        landing,
        settings.ground_truth_dir,
        customers=customers,
        days=days,
        seed=seed,
        end_date=end_date.date(),
        daily_deliveries=daily_deliveries,
    )
    daily = f" daily_deliveries={daily_deliveries}" if daily_deliveries else ""
    (landing / DEMO_MARKER).write_text(f"seed={seed} customers={customers} days={days}{daily}\n")
    click.echo(
        f"Demo shop: {summary.persons:,} people, {days} days of history up to "
        f"{end_date.date()}, written to {landing} in {time.perf_counter() - started:.1f} s"
    )
    for table, rows in summary.rows.items():
        click.echo(f"  {table:<22} {rows:>10,} rows")
    click.echo("Deliveries (one folder per source: shop, email, social):")
    for number, delivery in enumerate(summary.deliveries):
        day = delivery.date - dt.timedelta(days=1)
        holds = f"history up to {day}" if number == 0 else f"the day {day}"
        late = f", {delivery.late_rows:,} arrived late" if delivery.late_rows else ""
        click.echo(f"  {delivery.date}  {holds:<24} {delivery.rows:>10,} rows{late}")
    click.echo(f"Ground truth (never read by the pipeline): {settings.ground_truth_dir}")


_DATE = click.DateTime(formats=["%Y-%m-%d"])


@main.command()
@click.option(
    "--date",
    "day",
    type=_DATE,
    help="Ingest this day's deliveries (default: every delivery not yet ingested as it is now).",
)
@click.option("--verbose", is_flag=True, help="Show every step's log and dbt's output here too.")
def run(day: dt.datetime | None, verbose: bool) -> None:
    """Ingest new deliveries, build every asset and run every check, then print what was built.

    Without --date: from the oldest to the newest delivery folder that is new or changed since
    it was ingested (the first run: all of them), in one run; when everything is ingested, the
    newest delivery again (everything downstream is rebuilt)."""
    from pipelines.cli_run import require_deliveries
    from pipelines.daily_runs import days_to_run

    settings = load_settings()
    _convert_exports(None)
    first, last = (day.date(), day.date()) if day else days_to_run(settings)
    require_deliveries(settings.landing_dir, first, last, "--date" if day else None)
    _run_days(first, last, full_refresh=False, verbose=verbose)


@main.command()
@click.option("--from", "first", type=_DATE, help="First delivery date of the range.")
@click.option("--to", "last", type=_DATE, help="Last delivery date (default: --from).")
@click.option("--all", "every_day", is_flag=True, help="Every delivery date in the landing folder.")
@click.option(
    "--full-refresh",
    is_flag=True,
    help="The raw tables hold exactly the range afterwards and dbt rebuilds its incremental "
    "models from scratch (after a contract change, or to prove a clean state).",
)
@click.option("--verbose", is_flag=True, help="Show every step's log and dbt's output here too.")
def backfill(
    first: dt.datetime | None,
    last: dt.datetime | None,
    every_day: bool,
    full_refresh: bool,
    verbose: bool,
) -> None:
    """Re-ingest the deliveries of a range of days and rebuild everything, in one run.

    The same as a backfill of the daily partitions launched from the Dagster UI: re-running a
    day replaces its rows, so nothing is doubled."""
    from pipelines.ingest.partitions import landed_dates

    if every_day == (first is not None):
        raise click.UsageError("give either --from DATE [--to DATE] or --all")
    if every_day:
        landed = landed_dates(load_settings().landing_dir)
        if not landed:
            raise click.ClickException(f"no deliveries in {load_settings().landing_dir}")
        start, end = landed[0], landed[-1]
    else:
        start, end = first.date(), (last or first).date()
    if full_refresh and not every_day:
        raise click.UsageError(
            "--full-refresh rebuilds the raw tables from the range alone: use it with --all"
        )
    if not every_day:
        from pipelines.cli_run import require_deliveries

        require_deliveries(load_settings().landing_dir, start, end, "--from/--to")
    _run_days(start, end, full_refresh=full_refresh, verbose=verbose, backfill=True)


def _run_days(
    first: dt.date, last: dt.date, full_refresh: bool, verbose: bool, backfill: bool = False
) -> None:
    from pipelines.cli_instance import cli_instance
    from pipelines.cli_run import days_text, execute_quietly

    _prepare_dbt()
    from pipelines.definitions import defs
    from pipelines.ingest.partitions import BACKFILL_TAG
    from pipelines.reporting import failed_checks, print_summary
    from pipelines.run_log import failure_line

    settings = load_settings()
    instance = cli_instance()
    days = days_text(first, last)
    click.echo(
        f"Landing: {settings.landing_dir}\nWarehouse: {settings.warehouse_path}\n"
        f"Deliveries of {days}{' (full refresh)' if full_refresh else ''}"
    )
    # The full log (every step, dbt's own output) is in the Dagster UI and in the run's log file;
    # the terminal gets warnings (quarantined rows, failed checks) and the summary.
    started = time.perf_counter()
    try:
        result, log_path = execute_quietly(
            defs.resolve_job_def("klantbeeld_daily"),
            instance,
            first,
            last,
            verbose=verbose,
            full_refresh=full_refresh,
            tags={BACKFILL_TAG: "true"} if backfill else None,
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    elapsed = time.perf_counter() - started
    if settings.warehouse_path.exists():
        print_summary(settings.warehouse_path, result.run_id)
    for severity, check in failed_checks(result):
        click.echo(f"check not passed ({severity}): {check}", err=True)
    if not result.success:
        click.echo(
            f"Run {result.run_id} FAILED after {elapsed:.0f} s: {failure_line(result)} "
            f"(full log: {log_path}; also in the Dagster UI, make dev)",
            err=True,
        )
        sys.exit(1)
    click.echo(f"Run {result.run_id} succeeded in {elapsed:.0f} s (full log: {log_path}).")


def _prepare_dbt() -> None:
    """Parse the dbt project when its manifest is missing or outdated (right after `make install`,
    or after a model was edited): the definitions cannot load without it."""
    from dagster_dbt.errors import DagsterDbtError

    from pipelines.transform.project import dbt_project, manifest_outdated_by, prepare_manifest

    reason = manifest_outdated_by(dbt_project)
    if reason is None:
        return
    click.echo(f"dbt's manifest is {reason}: parsing the dbt project (dbt parse) first…")
    try:
        prepare_manifest(dbt_project)
    except DagsterDbtError as error:
        raise click.ClickException(
            f"dbt could not parse {dbt_project.project_dir}: {str(error).splitlines()[0]}"
        ) from None


@main.command()
def summary() -> None:
    """Print what the warehouse holds now."""
    from pipelines.reporting import print_summary

    print_summary(existing_warehouse(load_settings().warehouse_path), run_id=None)


@main.command()
@click.option("--table", help="Only this table (`shop.orders`, or `orders`).")
@click.option("--reason", help="Only reasons holding this text, e.g. `expected 18 fields`.")
@click.option("--file", "file_part", help="Only files whose path holds this text.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Rows to list after the summary (0: the summary only).",
)
def quarantine(table: str | None, reason: str | None, file_part: str | None, limit: int) -> None:
    """Summarise quarantined rows by table and reason, then list rows as file and line (no
    values: the raw text stays in ops.quarantine)."""
    from pipelines.quarantine_report import (
        QuarantineFilter,
        quarantined_rows,
        row_lines,
        summary_lines,
    )

    only = QuarantineFilter(table=table, reason=reason, file=file_part)
    rows = quarantined_rows(existing_warehouse(load_settings().warehouse_path), only)
    if rows.is_empty():
        click.echo(
            f"No quarantined rows match {only.described()}."
            if only.described()
            else "Nothing quarantined."
        )
        return
    for line in summary_lines(rows) + row_lines(rows, limit):
        click.echo(line)


@main.command("spark-handoff")
@click.option(
    "--to",
    "destination",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the Parquet copies (KLANTBEELD_SPARK_SOURCES of the dbt build).",
)
def spark_handoff(destination: Path) -> None:
    """Copy the warehouse's dbt sources to Parquet, for `dbt build --target spark`
    (docs/spark.md)."""
    from pipelines.settings import DBT_PROJECT_DIR
    from pipelines.transform.spark_handoff import SPARK_SOURCES_ENV, export_sources

    manifest = DBT_PROJECT_DIR / "target" / "manifest.json"
    if not manifest.exists():
        raise click.ClickException(f"{manifest} is missing: run `make install` and `dbt parse`")
    destination = destination.resolve()
    try:
        tables = export_sources(load_settings().warehouse_path, manifest, destination)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{len(tables)} source tables copied; export {SPARK_SOURCES_ENV}={destination}")


def _privacy_errors() -> tuple[type[Exception], ...]:
    """What a privacy request reports as a plain message (nothing was changed; or, for
    ReleasesInUseError, an erasure to run again once BI readers are closed)."""
    from pipelines.privacy.compaction import WarehouseBusyError
    from pipelines.privacy.locate import RequestError
    from pipelines.privacy.person import InvalidEmailError
    from pipelines.publish.release import ReleasesInUseError
    from pipelines.secrets import SecretError

    return RequestError, InvalidEmailError, WarehouseBusyError, SecretError, ReleasesInUseError


@main.command()
@click.option("--email", required=True, help="The person's address, in any spelling.")
@click.option("--dry-run", is_flag=True, help="Only show what would be removed; change nothing.")
@click.option("--yes", is_flag=True, help="Do not ask before erasing.")
@click.option(
    "--several-persons",
    is_flag=True,
    help="Erase every person the address resolves to when it is on several (a shared address).",
)
def forget(email: str, dry_run: bool, yes: bool, several_persons: bool) -> None:
    """Erase one person everywhere (right to be forgotten): landed files, warehouse, published
    copy and ground truth; keep them out of future ingests; append an audit line. Needs
    KLANTBEELD_SUPPRESSION_KEY (docs/privacy.md)."""
    from pipelines.privacy.erasure import forget as erase

    settings = load_settings()
    try:
        if not dry_run and not yes:
            _print_erasure(erase(settings, email, dry_run=True, several_persons=several_persons))
            click.confirm("Erase this person everywhere? This cannot be undone", abort=True)
        erasure = erase(settings, email, dry_run=dry_run, several_persons=several_persons)
    except _privacy_errors() as error:
        raise click.ClickException(str(error)) from None
    _print_erasure(erasure)
    if erasure.dry_run:
        return
    click.echo(f"Audit line appended to {settings.erasure_dir / 'audit.jsonl'}.")
    if erasure.residue:
        click.echo(
            "The address or phone still occurs in these files (free text of other rows, or an "
            f"identifier shared with others): {', '.join(erasure.residue)}",
            err=True,
        )
        sys.exit(2)


def _print_erasure(erasure) -> None:
    """Counts and table and file names only: the terminal may be logged."""
    if erasure.dry_run:
        click.echo(f"Dry run (nothing changed) of erasure {erasure.erasure_id}:")
    else:
        click.echo(f"Erased (erasure {erasure.erasure_id}) in {erasure.seconds:.1f} s:")
    records = ", ".join(f"{kind} {n}" for kind, n in sorted(erasure.records.items()))
    click.echo(f"  persons: {erasure.persons} (identity records: {records or 'none'})")
    for title, counts, where in (
        ("landed rows", erasure.landing, "files"),
        ("warehouse rows", erasure.warehouse, "tables"),
        ("ground-truth rows", erasure.ground_truth, "files"),
    ):
        click.echo(f"  {title}: {sum(counts.values()):,} in {len(counts)} {where}")
        for name, rows in sorted(counts.items()):
            click.echo(f"    {name:<58}{rows:>8,}")
    if not erasure.dry_run:
        click.echo(f"  suppression entries added: {erasure.suppression_entries}")
        if erasure.release:
            click.echo(
                f"  published copy: new release {erasure.release}, "
                f"{len(erasure.releases_removed)} older release(s) removed"
            )


@main.command("export-person")
@click.option("--email", required=True, help="The person's address, in any spelling.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Where to write the JSON ('-' for standard output). Default: "
    "person-export-<UTC time>.json here, a name that does not reveal the person.",
)
def export_person(email: str, output: Path | None) -> None:
    """Write everything held about one person as JSON (right of access)."""
    from pipelines.privacy.person_export import export_person as collect
    from pipelines.privacy.person_export import to_json

    try:
        export = collect(load_settings(), email)
    except _privacy_errors() as error:
        raise click.ClickException(str(error)) from None
    text = to_json(export)
    if output == Path("-"):
        click.echo(text, nl=False)
        return
    path = output or Path(f"person-export-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json")
    # Personal data: readable by its owner only.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    landed = sum(len(rows) for rows in export["landing"].values())
    stored = sum(len(rows) for rows in export["warehouse"].values())
    click.echo(
        f"Wrote {path}: {len(export['identity_records'])} identity records, {landed} landed rows "
        f"in {len(export['landing'])} files, {stored} warehouse rows in "
        f"{len(export['warehouse'])} tables."
    )


_CONFIG_OPTION = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The exports config (default: $KLANTBEELD_CONFIG).",
)


def _load_exports_config(config_file: Path | None):
    """The exports config, or None when neither --config nor KLANTBEELD_CONFIG is set."""
    from pipelines.adapters.config import ConfigError, config_path, load_config

    path = config_path(config_file)
    if path is None:
        return None
    try:
        return load_config(path)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def _convert_exports(config_file: Path | None) -> None:
    """With a config: turn the exports into the landing folder (a no-op for files that did not
    change) before anything reads it; without one, the landing folder is used as it is."""
    from pipelines.adapters.config import ConfigError
    from pipelines.adapters.convert import convert_into
    from pipelines.adapters.exports import ExportFileError
    from pipelines.adapters.landing import LandingFolderError
    from pipelines.privacy.suppression import SuppressionKeyError

    config = _load_exports_config(config_file)
    if config is None:
        return
    if config.currency:
        # The config's shop currency, for this run's dbt steps; the variable, if set, wins.
        os.environ.setdefault(SHOP_CURRENCY_VARIABLE, config.currency)
    settings = load_settings()
    try:
        conversion = convert_into(config, settings)
    except (ConfigError, ExportFileError, LandingFolderError, SuppressionKeyError) as error:
        raise click.ClickException(str(error)) from None
    read = sum(conversion.converted.values())
    click.echo(
        f"Exports of {config.path} converted into {settings.landing_dir} (delivery "
        f"{conversion.delivered_on}): {read} rows read, {len(conversion.rejects)} quarantined "
        "(klantbeeld quarantine)"
    )


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option(
    "--preset",
    "presets",
    multiple=True,
    required=True,
    help="A preset per source, e.g. --preset shopify_orders --preset mailchimp_audience.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing klantbeeld.yml.")
def init(folder: Path, presets: tuple[str, ...], force: bool) -> None:
    """Write a commented klantbeeld.yml for your exports into FOLDER (default: here)."""
    from pipelines.adapters.template import config_template

    try:
        text = config_template(list(presets))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--preset") from None
    path = folder / "klantbeeld.yml"
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; use --force to overwrite it")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(
        f"Wrote {path}. Edit `files:` and the columns that differ, then run "
        f"`klantbeeld check-config --config {path}`."
    )


@main.command("check-config")
@_CONFIG_OPTION
def check_config(config_file: Path | None) -> None:
    """Check an exports config against its files before the first run: columns present, rows
    that parse, and what would be quarantined and why."""
    from pipelines.adapters.check import check_config as check
    from pipelines.adapters.config import ConfigError
    from pipelines.adapters.exports import ExportFileError

    config = _load_exports_config(config_file)
    if config is None:
        raise click.UsageError("give --config FILE or set KLANTBEELD_CONFIG")
    try:
        report = check(config)
    except (ConfigError, ExportFileError) as error:
        raise click.ClickException(str(error)) from None
    for line in report.lines:
        click.echo(line)
    if not report.ok:
        click.echo(f"{report.errors} error(s): fix them before `klantbeeld run`.", err=True)
        sys.exit(1)
    click.echo("Config OK.")


@main.command("convert")
@_CONFIG_OPTION
def convert_command(config_file: Path | None) -> None:
    """Only convert the exports into the landing folder (`klantbeeld run` does this first)."""
    if _load_exports_config(config_file) is None:
        raise click.UsageError("give --config FILE or set KLANTBEELD_CONFIG")
    _convert_exports(config_file)


from pipelines.analytics.clv.command import clv  # noqa: E402

main.add_command(clv)
