"""Where an alert goes: the sensor's log, one JSON line in the alert log file, and a webhook when
``KLANTBEELD_ALERT_WEBHOOK_URL`` is set. Each channel on its own: one that fails is logged and
the others still get the alert; nothing here raises.

The alert log defaults to ``<DAGSTER_HOME>/logs/alerts.log``, beside ``last_run.log`` (which
`klantbeeld run` writes), so everything an operator reads about runs is in one folder;
``KLANTBEELD_ALERT_LOG`` (an absolute path) moves it, e.g. onto a volume that outlives the
container the daemon runs in.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from pipelines.operations.alert import Alert
from pipelines.operations.webhook import WEBHOOK_VARIABLE, post_json, safe_url

ALERT_LOG_VARIABLE = "KLANTBEELD_ALERT_LOG"
ALERT_LOG_NAME = "alerts.log"


def alert_log_path(dagster_home: str | Path) -> Path:
    configured = os.environ.get(ALERT_LOG_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    return Path(dagster_home) / "logs" / ALERT_LOG_NAME


def send_alert(alert: Alert, log: logging.Logger, log_path: Path) -> None:
    payload = alert.payload()
    line = json.dumps(payload, sort_keys=True)
    log.error(f"klantbeeld alert {line}")
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("a", encoding="utf-8") as file:
            file.write(line + "\n")
    except OSError as error:
        log.warning(f"Could not append the alert to {log_path}: {type(error).__name__}")
    url = os.environ.get(WEBHOOK_VARIABLE, "").strip()
    if not url:
        return
    result = post_json(url, payload)
    if result.delivered:
        log.info(f"Alert posted to {safe_url(url)} (attempt {result.attempts}).")
    else:
        log.warning(
            f"Alert NOT posted to {safe_url(url)} after {result.attempts} attempt(s): "
            f"{result.problem}. It is in {log_path}."
        )
