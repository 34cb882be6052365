"""A webhook receiver on localhost for the alert tests: records every POSTed JSON body and
answers with the next status of a script (then 200), optionally after a pause."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Receiver:
    url: str
    statuses: list[int]
    delay: float = 0.0
    bodies: list[dict] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)


@contextmanager
def webhook_receiver(statuses: list[int] | None = None, delay: float = 0.0) -> Iterator[Receiver]:
    receiver = Receiver(url="", statuses=list(statuses or []), delay=delay)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                receiver.bodies.append(json.loads(body))
                receiver.content_types.append(self.headers["Content-Type"])
                status = receiver.statuses.pop(0) if receiver.statuses else 200
            time.sleep(receiver.delay)
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args) -> None:
            """Quiet: the tests read what was received, not the server's access log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/secret-token"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port_url() -> str:
    """A localhost URL nothing listens on (bound, then released)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}/hooks/secret-token"
