"""Turn consumed events into commands. Nothing else happens here.

- `clock.deemed_overdue` of kind `acceptance_decision` (reason `no_decision_within_limit`,
  with the limit's `due_date`): no acceptance, correction notice or rejection within 5 working
  days of receipt (or of the resubmission after a correction notice: the clock's
  `started_on`), so the case is deemed accepted from that day (行政许可法 §32).
- `clock.started`, `clock.suspended`, `clock.resumed`, `clock.extended`, `clock.rescheduled`
  of kind `case_limit`: the case's due date as the deadlines service now counts it (none while
  suspended), kept on the case for the work queue and the applicant; a `clock.started` whose
  due date is the one the case committed to (`committed_in`) changes nothing. Where
  `clock.rescheduled` (the calendar changed) moves an accepted case's committed completion
  date, the applicant is told (a 办结日期变更告知书 and `case.completion_date_changed`).
"""

from datetime import date

from services.kit.domain import NotFoundError
from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from ..deps import Deps
from . import commands, handlers

GROUP = "intake"
# clock event -> the field with the new due date (None: no due date while suspended)
DUE_DATE_FIELDS = {"clock.started": "due_date", "clock.resumed": "due_date",
                   "clock.extended": "due_date", "clock.rescheduled": "new_due_date",
                   "clock.suspended": None}


def make_handler(deps: Deps):
    async def handle(event: CloudEvent) -> None:
        d = event.data
        try:
            if event.type in DUE_DATE_FIELDS:
                if d.get("kind") != "case_limit":
                    return  # other limits are not a case's due date
                if event.type == "clock.started" and d.get("committed_in"):
                    return  # the date the case committed to and holds already
                field = DUE_DATE_FIELDS[event.type]
                due = date.fromisoformat(d[field]) if field and d.get(field) else None
                if event.type == "clock.rescheduled":
                    await handlers.note_rescheduled_due_date(
                        d["case_id"], due, d.get("provisional") is True,
                        d.get("cause", "calendar_loaded"), event.time, deps)
                    return
                await handlers.note_due_date(d["case_id"], due, event.time, deps)
                return
            if event.type != "clock.deemed_overdue" or d.get("kind") != "acceptance_decision":
                return  # other clocks' overdue events are not intake's to act on
            due = date.fromisoformat(d["due_date"]) if d.get("due_date") else None
            started = date.fromisoformat(d["started_on"]) if d.get("started_on") else None
            await handlers.deem_accepted(
                commands.DeemAccepted(case_id=d["case_id"], accepted_on=started), due, deps)
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(f"{event.type} without a usable {exc}") from None
        except NotFoundError as exc:
            raise Rejected(str(exc)) from None

    return handle
