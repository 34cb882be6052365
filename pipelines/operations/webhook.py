"""POSTing an alert as JSON to a webhook, from the standard library (no HTTP client to pin).

An alert must never take the sensor down: a webhook that is down, slow or refuses is retried a
few times with a growing pause, then given up on, and the caller logs that. The URL may hold a
secret token (Slack and Teams put it in the path), so only its scheme and host are ever shown.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

WEBHOOK_VARIABLE = "KLANTBEELD_ALERT_WEBHOOK_URL"
ATTEMPTS = 3
TIMEOUT_SECONDS = 5.0
# Pauses of 1 s and 2 s between the attempts: the worst case (3 timeouts) stays far below the
# time Dagster gives one sensor evaluation.
BACKOFF_SECONDS = 1.0


@dataclass(frozen=True)
class WebhookResult:
    delivered: bool
    attempts: int
    problem: str | None = None  # why the last attempt failed (no URL, no response body)


def safe_url(url: str) -> str:
    """Scheme and host only: what a log line may say about the webhook."""
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname or ''}"
    except ValueError:
        return "(a malformed URL)"


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def post_json(
    url: str,
    payload: dict[str, object],
    *,
    attempts: int = ATTEMPTS,
    timeout: float = TIMEOUT_SECONDS,
    backoff: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> WebhookResult:
    """``backoff`` defaults to BACKOFF_SECONDS as it is when called (tests shorten it)."""
    backoff = BACKOFF_SECONDS if backoff is None else backoff
    if not safe_url(url).startswith(("http://", "https://")):
        # urllib would also open file:// and ftp:// URLs; an alert goes to a web service only.
        return WebhookResult(False, 0, f"{WEBHOOK_VARIABLE} must be an http(s) URL")
    body = json.dumps(payload).encode()
    problem = None
    for attempt in range(1, attempts + 1):
        if attempt > 1:
            sleep(backoff * 2 ** (attempt - 2))
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
            return WebhookResult(True, attempt)
        except urllib.error.HTTPError as error:
            problem = f"HTTP {error.code}"
            if not _retryable(error.code):
                return WebhookResult(False, attempt, problem)
        except (OSError, http.client.HTTPException) as error:
            # URLError, timeouts, refused or dropped connections: their text names the reason,
            # not the URL.
            problem = f"{type(error).__name__}: {error}"[:200]
        except ValueError:
            # urllib's ValueError quotes the URL: say only what kind of problem it is.
            return WebhookResult(False, attempt, "malformed URL")
    return WebhookResult(False, attempts, problem)
