"""`rating.poor` (intake's contract: case_id, case_number, department, staff, level,
real_name, rated_on): a poor rating opens its follow-up. Nothing else here."""

from datetime import date

from services.kit.events import CloudEvent

from ..deps import Deps
from . import handlers

EVENT_TYPES = ("rating.poor",)


async def handle(event: CloudEvent, deps: Deps) -> None:
    d = event.data
    await handlers.open_follow_up(d["case_id"], d.get("case_number"), d["department"],
                                  list(d.get("staff") or []), d["level"],
                                  bool(d.get("real_name")), date.fromisoformat(d["rated_on"]),
                                  deps.rating_follow_up_days, deps)
