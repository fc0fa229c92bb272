"""Attendance's own events turned into the directory's A/B substitution (consumer group
`intake-attendance`). Nothing else happens here.

| event | data used | does |
|---|---|---|
| `leave.approved` | leave_id, staff_id, kind, from_on, until_on, cover_id, approved_by | the member's absence: the cover acts with their authority |
| `leave.ended` | leave_id, staff_id, ended_on, ended_by | the absence ends: the member acts again |
"""

from datetime import date

from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from ..deps import Deps
from . import handlers
from .domain import LeaveKind

GROUP = "intake-attendance"


def make_handler(deps: Deps):
    async def handle(event: CloudEvent) -> None:
        d = event.data
        try:
            if event.type == "leave.approved":
                reason = "official_outing" if d["kind"] == LeaveKind.OFFICIAL_OUTING.value \
                    else "leave"
                await handlers.absence_for_leave(
                    d["leave_id"], d["staff_id"], reason, date.fromisoformat(d["from_on"]),
                    date.fromisoformat(d["until_on"]), d["cover_id"], d["approved_by"], deps)
            elif event.type == "leave.ended":
                await handlers.leave_ended(d["leave_id"], d["staff_id"],
                                           date.fromisoformat(d["ended_on"]), d["ended_by"],
                                           deps)
            else:
                raise Rejected(f"{GROUP} does not handle {event.type}")
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(f"{event.type} without a usable {exc}") from None

    return handle
