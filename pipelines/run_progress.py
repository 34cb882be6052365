"""On a terminal, one status line that a run keeps rewriting: steps done of the total, the step
running and the time elapsed, refreshed every second, so a run of twenty minutes is never silent
for minutes. Off when the output is not a terminal (a log, a pipe, cron)."""

from __future__ import annotations

import ast
import threading
import time
from collections.abc import Callable
from typing import TextIO

from dagster import DagsterEventType, EventLogEntry

_FINISHED = {
    DagsterEventType.STEP_SUCCESS,
    DagsterEventType.STEP_FAILURE,
    DagsterEventType.STEP_SKIPPED,
}
_REFRESH_SECONDS = 1.0


def elapsed_text(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"


class Progress:
    """Follows a run's events (``on_event``) and shows them as one rewritten line on ``stream``.
    ``say`` prints a line of its own above it."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._started = clock()
        self._total: int | None = None
        self._done: set[str] = set()
        self._running: list[str] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._shown = 0
        self._drawn = ""

    def on_event(self, entry: EventLogEntry) -> None:
        event = entry.dagster_event
        if event is None:
            return
        with self._lock:
            if event.event_type == DagsterEventType.ENGINE_EVENT and self._total is None:
                self._total = _step_count(event)
            elif event.event_type == DagsterEventType.STEP_START:
                self._running.append(event.step_key)
            elif event.event_type in _FINISHED:
                self._done.add(event.step_key)
                if event.step_key in self._running:
                    self._running.remove(event.step_key)
            self._draw()

    def line(self) -> str:
        total = "?" if self._total is None else self._total
        if self._running:
            step = self._running[-1]
        else:
            step = "preparing the run" if not self._done else "…"
        return (
            f"[{len(self._done)}/{total} steps] {step} · "
            f"{elapsed_text(self._clock() - self._started)}"
        )

    def say(self, text: str) -> None:
        with self._lock:
            self._clear()
            self._stream.write(text + "\n")
            self._draw()

    def _draw(self) -> None:
        if self._stopped.is_set():
            return
        text = self.line()
        if text == self._drawn and self._shown:
            return
        self._stream.write("\r" + text + " " * max(0, self._shown - len(text)))
        self._stream.flush()
        self._shown, self._drawn = len(text), text

    def _clear(self) -> None:
        if self._shown:
            self._stream.write("\r" + " " * self._shown + "\r")
            self._shown = 0

    def __enter__(self) -> Progress:
        threading.Thread(target=self._tick, daemon=True, name="klantbeeld-progress").start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        with self._lock:
            self._stopped.set()
            self._clear()
            self._stream.flush()

    def _tick(self) -> None:
        while not self._stopped.wait(_REFRESH_SECONDS):
            with self._lock:
                self._draw()


def _step_count(event) -> int | None:
    """The number of steps from the executor's 'Executing steps' event (its step_keys)."""
    metadata = getattr(event.event_specific_data, "metadata", None) or {}
    step_keys = metadata.get("step_keys")
    if step_keys is None:
        return None
    try:
        return len(ast.literal_eval(step_keys.value))
    except (ValueError, SyntaxError):
        return None
