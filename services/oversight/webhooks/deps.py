"""What the webhook handlers are given (`Webhooks`), and what the dispatcher offers them
(`Fanout`)."""

from dataclasses import dataclass, field

from .domain import Subscriber
from .sealing import Sealer
from .store import WebhookStore


class Fanout:
    """What the dispatcher offers the handlers (webhooks.dispatch.Dispatcher): none when this
    process does not deliver."""

    def known(self, subscriber: Subscriber) -> None: ...
    def wanted(self, event_type: str, department: str | None) -> bool: return False
    def appended(self, slot: int, entry: dict) -> None: ...
    def requeued(self, subscriber_id: str) -> None: ...


@dataclass
class Webhooks:
    store: WebhookStore
    sealer: Sealer
    clock: object
    events_written: object
    fanout: Fanout = field(default_factory=Fanout)
