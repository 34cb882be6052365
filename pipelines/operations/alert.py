"""What an alert says: which run, which steps failed and why (the first line of each error),
which sources are stale — and nothing personal.

Error messages are written by our own code to name a file, a line and what was expected, never a
value, but an error from deep inside a library may quote one. So an alert keeps only the first
line of each message, cut to MAX_MESSAGE characters, with anything that looks like an email
address or a phone number replaced by a placeholder (the patterns of the published copy's value
scan). Stack traces stay in the run's log in the Dagster UI.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from pipelines.publish.personal_values import DUTCH_PHONE, EMAIL, INTERNATIONAL_PHONE

MAX_MESSAGE = 300
MAX_ITEMS = 20

if TYPE_CHECKING:
    from dagster_shared.error import SerializableErrorInfo

_EMAIL = re.compile(EMAIL)
# The phone patterns carry the character on either side (they name their own edges): keep it.
_PHONES = [re.compile(DUTCH_PHONE), re.compile(INTERNATIONAL_PHONE)]


def redact(text: str) -> str:
    text = _EMAIL.sub("<email>", text)
    for pattern in _PHONES:
        text = pattern.sub(lambda m: f"{m.group(1)}<phone>{m.groups()[-1]}", text)
    return text


def first_line(text: str, limit: int = MAX_MESSAGE) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    line = redact(line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _is_wrapper(error: SerializableErrorInfo) -> bool:
    """Dagster's own "Error occurred while executing op" around the error the step raised."""
    name = error.cls_name or ""
    return (
        error.cause is not None and name.startswith("Dagster") and name.endswith("ExecutionError")
    )


class AlertKind(StrEnum):
    RUN_FAILED = "run_failed"
    STALE_DELIVERIES = "stale_deliveries"


@dataclass(frozen=True)
class ErrorSummary:
    error: str  # the exception's class name
    message: str  # its first line, redacted and cut

    @classmethod
    def of(cls, error: SerializableErrorInfo) -> ErrorSummary:
        while _is_wrapper(error):
            error = error.cause
        # Dagster prefixes the message with the exception's qualified name: drop it.
        message = re.sub(rf"^\s*([\w.]*\.)?{re.escape(error.cls_name or '')}: ", "", error.message)
        return cls(error.cls_name or "Error", first_line(message))


@dataclass(frozen=True)
class StepFailure:
    step: str
    error: str
    message: str


@dataclass(frozen=True)
class StaleDelivery:
    asset: str
    source: str
    newest_delivery: str | None
    age_days: int | None
    max_age_days: int | None


@dataclass(frozen=True)
class Alert:
    alert: AlertKind
    job: str
    run_id: str
    at: dt.datetime
    failed_steps: list[StepFailure] = field(default_factory=list)
    run_error: ErrorSummary | None = None
    stale_deliveries: list[StaleDelivery] = field(default_factory=list)

    @property
    def text(self) -> str:
        """One line for a chat channel (the ``text`` field Slack-style webhooks show)."""
        run = f"run {self.run_id[:8]} of {self.job}"
        parts = []
        if self.alert is AlertKind.RUN_FAILED:
            steps = ", ".join(s.step for s in self.failed_steps)
            where = f"at {steps}" if steps else "before any step"
            first = self.failed_steps[0] if self.failed_steps else self.run_error
            why = f" ({first.error}: {first.message})" if first else ""
            parts.append(f"{run} FAILED {where}{why}")
        else:
            parts.append(f"{run} succeeded with stale deliveries")
        if self.stale_deliveries:
            parts.append(f"not delivered recently: {_stale_sources(self.stale_deliveries)}")
        return first_line("klantbeeld: " + "; ".join(parts), limit=1000)

    def payload(self) -> dict[str, object]:
        """The JSON written to the alert log and posted to the webhook."""
        return {
            "alert": self.alert.value,
            "job": self.job,
            "run_id": self.run_id,
            "at": self.at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "failed_steps": [asdict(s) for s in self.failed_steps[:MAX_ITEMS]],
            "run_error": asdict(self.run_error) if self.run_error else None,
            "stale_deliveries": [asdict(s) for s in self.stale_deliveries[:MAX_ITEMS]],
            "text": self.text,
        }


def _stale_sources(stale: list[StaleDelivery]) -> str:
    """Per source: how many of its tables are stale, and its newest delivery among them."""
    by_source: dict[str, list[StaleDelivery]] = {}
    for delivery in stale:
        by_source.setdefault(delivery.source, []).append(delivery)
    parts = []
    for source, deliveries in sorted(by_source.items()):
        dates = [d.newest_delivery for d in deliveries if d.newest_delivery]
        parts.append(f"{source} ({len(deliveries)} table(s), newest {max(dates, default='never')})")
    return ", ".join(parts)
