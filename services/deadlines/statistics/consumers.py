"""The service's own clock events, counted into the statistics buckets."""

from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from ..deps import Deps
from . import handlers

GROUP = "deadlines-statistics"


def make_handler(deps: Deps):
    async def handle(event: CloudEvent) -> None:
        try:
            await handlers.record_statistics(event.id, event.type, event.data, deps)
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(f"{event.type} without a usable {exc}") from None

    return handle
