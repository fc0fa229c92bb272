"""Intake's and deadlines' events into ledger commands.

- `application.received`: the case's number (case_id, case_number, department), so it can be
  named by the number printed on its notices
- `case.accepted`, `case.deemed_accepted`: the case is open (case_id, case_number,
  department, service_item_code, accepted_at, accepted_by, applicant_ref,
  committed_completion_on)
- `case.completed` (completed_on), `case.withdrawn` (withdrawn_on), `case.cancelled`
  (cancelled_on): closed
- `case.decided`: the review chain's opinions (role, staff_id, verdict), for allocating
  responsibility
- `clock.started` of kind `case_limit`: its due date, unless it is the committed completion
  date `case.accepted` carried already (`committed_in`)
"""

from datetime import date, datetime

from services.kit.events import CloudEvent

from ..deps import Deps
from . import commands, handlers

CLOSING = {"case.completed": "completed_on", "case.withdrawn": "withdrawn_on",
           "case.cancelled": "cancelled_on"}
ACCEPTED = ("case.accepted", "case.deemed_accepted")
EVENT_TYPES = ("application.received", "case.accepted", "case.deemed_accepted",
               "case.decided", "clock.started", *CLOSING)


async def handle(event: CloudEvent, deps: Deps) -> None:
    d = event.data
    if event.type == "application.received":
        await handlers.record_case_name(d["case_id"], d["case_number"], d.get("department"),
                                        deps)
    elif event.type in ("case.accepted", "case.deemed_accepted"):
        await handlers.record_case_accepted(commands.RecordCaseAccepted(
            event_id=event.id, case_id=d["case_id"], case_number=d["case_number"],
            department=d["department"], service_item_code=d["service_item_code"],
            accepted_at=datetime.fromisoformat(d["accepted_at"]),
            accepted_by=d.get("accepted_by") or "", applicant_ref=d.get("applicant_ref") or "",
            due_date=date.fromisoformat(d["committed_completion_on"])
            if d.get("committed_completion_on") else None), deps)
    elif event.type in CLOSING:
        await handlers.record_case_closed(commands.RecordCaseClosed(
            event_id=event.id, case_id=d["case_id"], case_number=d["case_number"],
            department=d["department"], closed_on=date.fromisoformat(d[CLOSING[event.type]])),
            deps)
    elif event.type == "case.decided":
        await handlers.record_case_decided(commands.RecordCaseDecided(
            event_id=event.id, case_id=d["case_id"], case_number=d["case_number"],
            department=d["department"], opinions=list(d["opinions"])), deps)
    elif event.type == "clock.started" and d.get("kind", "case_limit") == "case_limit" \
            and d.get("committed_in") not in ACCEPTED:  # its date came with the acceptance
        await handlers.record_clock_started(commands.RecordClockStarted(
            event_id=event.id, case_id=d["case_id"], case_number=d["case_number"],
            department=d["department"], due_date=date.fromisoformat(d["due_date"])), deps)
