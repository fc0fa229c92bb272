"""Turn consumed events into commands: each concept's consumer takes its event types. Nothing
else happens here."""

from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from .cards import consumers as cards
from .deps import Deps
from .inspections import consumers as inspections
from .ledger import consumers as ledger
from .ratings import consumers as ratings
from .retaliation import consumers as retaliation
from .roll import consumers as roll
from .supervision import consumers as supervision

GROUP = "oversight"


def _table() -> dict:
    table: dict = {}
    for package in (ledger, supervision, ratings, retaliation, cards, inspections, roll):
        for event_type in package.EVENT_TYPES:
            table.setdefault(event_type, []).append(package.handle)
    return table


CONSUMERS = _table()  # event type -> the concepts' consumers, in order


def make_handler(deps: Deps):
    async def handle(event: CloudEvent) -> None:
        consumers = CONSUMERS.get(event.type)
        if not consumers:
            raise Rejected(f"oversight does not handle {event.type}")
        try:
            for consumer in consumers:  # each idempotent: a retry redoes none twice
                await consumer(event, deps)
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(f"{event.type} without a usable {exc}") from None

    return handle
