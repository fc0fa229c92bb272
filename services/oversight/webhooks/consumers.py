"""Every event into the webhooks' log, when some subscriber wants it (handlers.record_event).
The group is bound to every event type (kit.topology): the contract is what the platform
publishes, and a subscriber may ask for any of it."""

from services.kit.events import CloudEvent

from .deps import Webhooks
from .handlers import record_event

GROUP = "oversight-webhooks"


def make_handler(webhooks: Webhooks):
    async def handle(event: CloudEvent) -> None:
        await record_event(event, webhooks)

    return handle
