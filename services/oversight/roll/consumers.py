"""The staff roll follows the directory. Nothing else happens here.

| event | data used | does |
|---|---|---|
| `staff.registered` (intake) | staff_id, department, position (older events: staff); the event's time | the member's department and post, unless a newer announcement is kept |
"""

from datetime import datetime

from services.kit.events import CloudEvent

from ..deps import Deps
from . import handlers

EVENT_TYPES = ("staff.registered",)


async def handle(event: CloudEvent, deps: Deps) -> None:
    d = event.data
    await handlers.record_staff_announcement(d["staff_id"], d["department"],
                                             d.get("position") or "staff",
                                             datetime.fromisoformat(event.time), deps)
