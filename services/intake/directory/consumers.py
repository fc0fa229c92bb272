"""Turn the directory's own events into the identity provider's users. Nothing else happens
here.

- `staff.registered` (staff_id, name, department, roles): the realm's user of that staff member
  is created or kept in line (directory/realm.py); an identity provider that does not answer
  is tried again (the event is retried), one not configured is left alone.
"""

from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from ..deps import Deps
from . import handlers

GROUP = "intake-realm"


def make_handler(deps: Deps):
    async def handle(event: CloudEvent) -> None:
        if event.type != "staff.registered":
            raise Rejected(f"intake-realm does not handle {event.type}")
        d = event.data
        try:
            await handlers.keep_realm_user(d["staff_id"], d["name"], d["department"],
                                           list(d.get("roles") or []), deps)
        except (KeyError, TypeError) as exc:
            raise Rejected(f"{event.type} without a usable {exc}") from None

    return handle
