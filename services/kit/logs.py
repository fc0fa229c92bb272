"""JSON logs, one object per line, each carrying the correlation id of the work in hand.

The correlation id enters at the gateway (header `x-correlation-id`), lives in a context
variable for the request, is written into every event the request causes, and is restored by
consumers from the event, so one id follows a user action through every service.
"""

import contextvars
import json
import logging
import sys
import uuid
from datetime import UTC, datetime

from .tracing import current_trace_id

CORRELATION_HEADER = "x-correlation-id"
correlation_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "correlation_id", default=None
)


def current_correlation_id() -> str:
    """The id of the work in hand, minting one for work that started without any."""
    value = correlation_id.get()
    if value is None:
        value = str(uuid.uuid4())
        correlation_id.set(value)
    return value


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": correlation_id.get(),
        }
        trace_id = current_trace_id()
        if trace_id:  # the trace this line belongs to (kit.tracing), to find it in Jaeger
            entry["trace_id"] = trace_id
        extra = getattr(record, "fields", None)
        if extra:
            entry.update(extra)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiormq", "aio_pika", "pymongo"):
        logging.getLogger(noisy).setLevel("WARNING")
    # uvicorn installs its own handlers; route its records through ours. Requests are logged
    # by our middleware (with the correlation id), so uvicorn's access log stays off.
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers[:] = []
    access.propagate = False


def log_fields(**fields: object) -> dict:
    """`logger.info(msg, extra=log_fields(case_id=...))` adds structured fields."""
    return {"fields": fields}
