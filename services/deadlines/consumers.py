"""Turn consumed events into commands. Nothing else happens here."""

from datetime import date, datetime

from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from . import commands, handlers
from .domain import UnsupportedLimit

GROUP = "deadlines"


def make_handler(deps: handlers.Deps):
    async def handle(event: CloudEvent) -> None:
        if event.type != "case.accepted":
            raise Rejected(f"deadlines does not handle {event.type}")
        data = event.data
        try:
            cmd = commands.StartClock(
                case_id=data["case_id"],
                case_number=data["case_number"],
                department=data["department"],
                service_item_code=data["service_item_code"],
                started_on=date.fromisoformat(data["accepted_on"]),
                limit=int(data["committed_limit"]),
                unit=data["limit_unit"],
                cause_event_id=event.id,
                cause_at=datetime.fromisoformat(data["accepted_at"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(f"case.accepted without a usable {exc}") from None
        try:
            await handlers.start_clock(cmd, deps)
        except UnsupportedLimit as exc:
            raise Rejected(str(exc)) from None

    return handle
