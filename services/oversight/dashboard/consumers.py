"""The dashboard counts its own service's events and intake's (consumer group
`oversight-dashboard`): complaints, supervision cases, findings, sanctions, completed cases,
ratings (intake's `rating.given` and `rating.defaulted`), attendance (intake's sign-ins,
absences without leave and approved leave, and each department's month once 综合科 publishes
it: 001 考勤制度, in the scorecard)."""

from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from ..deps import Deps
from . import handlers

GROUP = "oversight-dashboard"
EVENT_TYPES = ("complaint.received", "complaint.declined", "complaint.concluded",
               "complaint.repeated", "supervision_case.opened", "supervision_case.verified",
               "supervision_case.dismissed", "finding.opened", "sanction.decided",
               "rating.given", "rating.defaulted", "case.completed", "clock.completed",
               "responsibility.allocated", "attendance.signed_in",
               "attendance.absent_without_leave", "leave.approved",
               "attendance.month_published", "inspection.finding_recorded")


def make_handler(deps: Deps):
    async def handle(event: CloudEvent) -> None:
        try:
            await handlers.count_event(event.id, event.type, event.data, deps)
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(f"{event.type} without a usable {exc}") from None

    return handle
