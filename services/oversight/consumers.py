"""Turn consumed events into commands. Nothing else happens here."""

from datetime import date, datetime

from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from . import commands, handlers

GROUP = "oversight"


def make_handler(deps: handlers.Deps):
    async def handle(event: CloudEvent) -> None:
        data = event.data
        try:
            if event.type == "case.accepted":
                await handlers.record_case_accepted(commands.RecordCaseAccepted(
                    event_id=event.id, case_id=data["case_id"], case_number=data["case_number"],
                    department=data["department"], service_item_code=data["service_item_code"],
                    accepted_at=datetime.fromisoformat(data["accepted_at"]),
                ), deps)
            elif event.type == "clock.started" and data.get("kind", "case_limit") != "case_limit":
                return  # only the committed limit's clock is the case's due date
            elif event.type == "clock.started":
                await handlers.record_clock_started(commands.RecordClockStarted(
                    event_id=event.id, case_id=data["case_id"], case_number=data["case_number"],
                    department=data["department"],
                    due_date=date.fromisoformat(data["due_date"]),
                ), deps)
            else:
                raise Rejected(f"oversight does not handle {event.type}")
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(f"{event.type} without a usable {exc}") from None

    return handle
