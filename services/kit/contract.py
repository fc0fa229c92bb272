"""The event contract for other departments' systems (issue 25): an AsyncAPI 3.0 document of
every event the platform publishes, generated from the event definitions (the `DomainEvent`
dataclasses of each service's `events` modules) and the topology (kit.topology), never
written by hand. `deploy/local/onewindow sdl` writes it to gateway/contract/asyncapi.json,
which the gateway serves at /asyncapi.json; a test fails when the file and the code differ.

Each event type is a channel (its address is the CloudEvents `type`, the routing key on the
`onewindow.events` topic exchange); its message is the CloudEvents envelope whose `data` is the
event's fields. Versioning is additive: a field or an event type may be added, never removed
or changed in meaning; a breaking change is a new event type.
"""

import dataclasses
import json
import enum
import importlib
import pkgutil
import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .domain import DomainEvent
from .settings import ServiceSettings
from .topology import SUBSCRIPTIONS

SERVICES = ("intake", "deadlines", "oversight")
EXCHANGE = ServiceSettings.model_fields["exchange"].default  # the installation's may differ
VERSIONING = ("Additive only: a later version may add event types and fields (consumers "
              "ignore what they do not know); a field is never removed, renamed or given "
              "another meaning. A breaking change is published as a new event type beside "
              "the old one, which stays until its subscribers have moved.")


def published_events() -> dict[str, tuple[str, type[DomainEvent]]]:
    """Every event type the services publish: its service and its class."""
    for service in SERVICES:
        package = importlib.import_module(f"services.{service}")
        for module in pkgutil.walk_packages(package.__path__, f"services.{service}."):
            if module.name.rsplit(".", 1)[-1] == "events":
                importlib.import_module(module.name)
    found: dict[str, tuple[str, type[DomainEvent]]] = {}
    pending = list(DomainEvent.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "event_type" not in vars(cls):
            continue  # a base of several events
        service = cls.__module__.split(".")[1]
        if cls.event_type in found and found[cls.event_type][1] is not cls:
            raise ValueError(f"two classes publish {cls.event_type}: "
                             f"{found[cls.event_type][1].__qualname__}, {cls.__qualname__}")
        found[cls.event_type] = (service, cls)
    return dict(sorted(found.items()))


def _schema(hint: Any) -> dict:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = _schema(options[0]) if len(options) == 1 else {"anyOf": [_schema(a) for a in options]}
        return {"anyOf": [inner, {"type": "null"}]}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is str:
        return {"type": "string"}
    if hint is datetime:
        return {"type": "string", "format": "date-time"}
    if hint is date:
        return {"type": "string", "format": "date"}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"type": "string", "enum": [m.value for m in hint]}
    if hint in (list, tuple) or origin in (list, tuple):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return {"type": "array", **({"items": _schema(args[0])} if args else {})}
    if hint is dict or origin is dict:
        return {"type": "object"}
    return {}


def _example(schema: dict) -> Any:
    if "anyOf" in schema:
        return _example(schema["anyOf"][0])
    kind, fmt = schema.get("type"), schema.get("format")
    if "enum" in schema:
        return schema["enum"][0]
    return {"boolean": True, "integer": 1, "number": 1.5, "array": [], "object": {},
            "string": {"date": "2026-12-01", "date-time": "2026-12-01T09:30:00+08:00"}.get(
                fmt, "…")}.get(kind)


def payload_schema(cls: type[DomainEvent]) -> dict:
    """The CloudEvents `data` of an event: every field, always present (null where none)."""
    hints = typing.get_type_hints(cls)
    fields = [f.name for f in dataclasses.fields(cls)]
    return {"type": "object", "required": fields, "additionalProperties": True,
            "properties": {name: _schema(hints[name]) for name in fields}}


def _envelope(event_type: str, data: dict) -> dict:
    return {"type": "object",
            "required": ["specversion", "id", "source", "type", "subject", "time", "data"],
            "properties": {
                "specversion": {"const": "1.0"},
                "id": {"type": "string", "description": "unique per event: de-duplicate by it"},
                "source": {"type": "string", "description": "the publishing service"},
                "type": {"const": event_type},
                "subject": {"type": "string", "description": "the record the event is about"},
                "time": {"type": "string", "format": "date-time"},
                "datacontenttype": {"const": "application/json"},
                "correlationid": {"type": ["string", "null"],
                                  "description": "the request that caused it, for tracing"},
                "traceparent": {"type": "string",
                                "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
                                "description": "CloudEvents distributed-tracing extension: the "
                                               "W3C trace context of the span that recorded "
                                               "the event (absent where tracing is off)"},
                "tracestate": {"type": "string",
                               "description": "W3C tracestate beside traceparent, if any"},
                "data": data}}


def _doc(cls: type) -> str:
    return " ".join((cls.__doc__ or "").split()) if cls.__doc__ and not cls.__doc__.startswith(
        f"{cls.__name__}(") else ""


def asyncapi_document() -> dict:
    channels, operations, messages = {}, {}, {}
    for event_type, (service, cls) in published_events().items():
        key = event_type.replace(".", "_")
        data = payload_schema(cls)
        consumers = sorted(g for g, bound in SUBSCRIPTIONS.items()
                           if event_type in bound or "#" in bound)
        messages[cls.__name__] = {
            "name": event_type, "title": cls.__name__,
            "summary": _doc(cls) or f"{event_type}, published by {service}",
            "contentType": "application/cloudevents+json",
            "payload": _envelope(event_type, data),
            "examples": [{"name": "example", "payload": {
                "specversion": "1.0", "id": "5f0c3a1e-…", "source": f"onewindow/{service}",
                "type": event_type, "subject": "…", "time": "2026-12-01T01:30:00+00:00",
                "datacontenttype": "application/json",
                "data": {n: _example(s) for n, s in data["properties"].items()}}}],
        }
        channels[key] = {
            "address": event_type,
            "description": f"Published by {service}; the platform's own consumers: "
                           f"{', '.join(consumers) or 'none yet'}.",
            "messages": {cls.__name__: {"$ref": f"#/components/messages/{cls.__name__}"}},
            "bindings": {"amqp": {"is": "routingKey", "bindingVersion": "0.3.0",
                                  "exchange": {"name": EXCHANGE, "type": "topic",
                                               "durable": True, "autoDelete": False}}},
        }
        operations[f"publish_{key}"] = {
            "action": "send", "channel": {"$ref": f"#/channels/{key}"},
            "messages": [{"$ref": f"#/channels/{key}/messages/{cls.__name__}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "onewindow events", "version": "1",
                 "description": "Every event the government service centre platform publishes, "
                                "as CloudEvents 1.0 (JSON). " + VERSIONING},
        "defaultContentType": "application/cloudevents+json",
        "servers": {"broker": {"host": "localhost:5672", "protocol": "amqp",
                               "description": f"RabbitMQ, the topic exchange {EXCHANGE}, "
                                              "routed by the event type"}},
        "channels": channels, "operations": operations,
        "components": {"messages": messages},
    }


def rendered() -> str:
    return json.dumps(asyncapi_document(), ensure_ascii=False, indent=1) + "\n"


def write_contract(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(rendered())
