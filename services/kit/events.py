"""CloudEvents 1.0 envelope for every message onewindow publishes.

Events travel in structured mode: the AMQP body is the JSON envelope
(`application/cloudevents+json`); `type` is also the routing key on the topic exchange.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .logs import current_correlation_id
from .tracing import current_trace_context

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/cloudevents+json"


@dataclass(frozen=True)
class CloudEvent:
    type: str
    source: str
    subject: str
    data: dict[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    correlationid: str = field(default_factory=current_correlation_id)
    datacontenttype: str = "application/json"
    specversion: str = SPEC_VERSION
    # the CloudEvents distributed-tracing extension (kit.tracing): the span the event was
    # recorded in; empty where tracing is off
    trace: dict[str, str] = field(default_factory=current_trace_context)

    def to_dict(self) -> dict[str, Any]:
        return {
            "specversion": self.specversion,
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "subject": self.subject,
            "time": self.time,
            "datacontenttype": self.datacontenttype,
            "correlationid": self.correlationid,
            **self.trace,
            "data": self.data,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "CloudEvent":
        missing = [k for k in ("id", "source", "type", "subject", "time", "data") if k not in raw]
        if missing or raw.get("specversion") != SPEC_VERSION:
            raise MalformedEvent(f"not a CloudEvents {SPEC_VERSION} envelope: missing {missing}")
        return cls(
            type=raw["type"],
            source=raw["source"],
            subject=raw["subject"],
            data=raw["data"],
            id=raw["id"],
            time=raw["time"],
            correlationid=raw.get("correlationid") or raw["id"],
            datacontenttype=raw.get("datacontenttype", "application/json"),
            trace={k: raw[k] for k in ("traceparent", "tracestate") if raw.get(k)},
        )


class MalformedEvent(ValueError):
    """A message that can never be processed: dead-letter it at once, never retry."""


def new_event(source: str, type: str, subject: str, data: dict[str, Any]) -> CloudEvent:
    return CloudEvent(type=type, source=source, subject=subject, data=data)
