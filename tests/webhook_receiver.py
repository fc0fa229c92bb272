"""A department's receiving system, as the tests stand it up: an HTTP server that checks every
delivery with the example verifier of docs/examples/verify_webhook.py, answers errors when told
to, goes down and comes back on the same port, and keeps what it accepted in arrival order."""

import importlib.util
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "verify_webhook", Path(__file__).resolve().parents[1] / "docs" / "examples" /
    "verify_webhook.py")
verifier = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(verifier)


class Receiver:
    def __init__(self, port: int) -> None:
        self.port = port
        self.secret: str | None = None
        self.fail_every = 0  # answer 500 to every n-th request (0: never)
        self.requests = 0
        self.refused_signatures = 0
        self.accepted: list[tuple[str, dict]] = []  # (webhook-id, CloudEvent), arrival order
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/onewindow/events"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                with receiver._lock:
                    receiver.requests += 1
                    failing = receiver.fail_every and receiver.requests % receiver.fail_every == 0
                    if failing:
                        status = 500
                    else:
                        try:
                            event = verifier.verify(receiver.secret, dict(self.headers), body)
                            receiver.accepted.append((self.headers["webhook-id"], event))
                            status = 204
                        except verifier.InvalidWebhook:
                            receiver.refused_signatures += 1
                            status = 401
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def unique(self) -> list[dict]:
        """Each event once (de-duplicated by webhook-id), in the order first received."""
        seen, events = set(), []
        with self._lock:
            for msg_id, event in self.accepted:
                if msg_id not in seen:
                    seen.add(msg_id)
                    events.append(event)
        return events
