"""The event contracts of the clocks that are not a case's committed limit (rule 8).

Each entry says which event starts a kind of clock (and which fields name its subject, its
part, its start day, its limit) or what an event does to one. The limits are the seeds' when
the event does not set one. Dates are ISO, Asia/Shanghai.

| event | data | does |
|---|---|---|
| `inquiry.reply_due` (intake) | inquiry_id, owner_id, department, logged_on, limit, unit | starts `inquiry_reply` (004: 1 working day) |
| `inquiry.answered` (intake) | inquiry_id, answered_on | completes it |
| `joint.opinion_requested` (intake) | case_id, case_number, department (asked), service_item_code, notified_on, [limit, unit] | starts `joint_opinion` per department (001: 5 working days from notice) |
| `joint.opinion_given` (intake) | case_id, department, given_on | completes it |
| `case.handed_over` | case_id, case_number, step, department, window, service_item_code, registered_on, limit, [unit] | starts `handover_step` for the step, counted from the day after registration (001 §8) |
| `case.step_completed` | case_id, step, completed_on | completes it |
| `complaint.received` / `petition.received` | complaint_id / petition_id, department, received_on, [limit, unit] | starts `complaint_handling` / `petition_handling` (004 限时办结 §7: 15 working days) |
| `complaint.extension_approved` / `petition.extension_approved` | the id, extension_days, requested_on | extends it |
| `complaint.answered` / `petition.answered` | the id, answered_on | completes it |
| `complaint.reinvestigation_opened` | complaint_id, department, part, opened_on, [limit, unit] | starts `complaint_handling` for the part `reinvestigation` (15 working days again) |
| `complaint.reinvestigation_extended` / `complaint.reinvestigation_concluded` | complaint_id, part, extension_days, requested_on / concluded_on | extends / completes it |
| `sanction.decided` | decision_id, department, staff (the person), notified_on | starts `appeal_filing` (000 §16: 15 natural days) |
| `appeal.filed` | appeal_id, decision_id, department, staff, filed_on | completes `appeal_filing`, starts `appeal_answer` (000 §16: one month) |
| `appeal.answered` | appeal_id, answered_on | completes it |
| `appointment.booked` (intake) | appointment_id, department, window, service_item_code, booked_on, limit, unit | starts `appointment_contact` (003 预约办理制: contact promptly; the centre's policy, 1 working day) |
| `appointment.contacted` / `.cancelled` / `.arrived` / `.no_show_recorded` | appointment_id, contacted_on / cancelled_on / arrived_on / recorded_on | completes it (nobody left to contact) |
"""

from dataclasses import dataclass

from ..calendar.rules import TimeUnit
from .domain import ClockKind


@dataclass(frozen=True)
class Starts:
    kind: ClockKind
    subject: str  # the data field naming the subject
    on: str  # the data field with the start day
    limit: int  # when the event sets none
    unit: TimeUnit = TimeUnit.WORKING_DAYS
    part: str | None = None
    staff: str = "staff"


@dataclass(frozen=True)
class Changes:
    kind: ClockKind
    subject: str
    on: str
    does: str  # complete | extend
    part: str | None = None


WORKING, NATURAL, MONTHS = TimeUnit.WORKING_DAYS, TimeUnit.NATURAL_DAYS, TimeUnit.MONTHS

STARTS: dict[str, Starts] = {
    "inquiry.reply_due": Starts(ClockKind.INQUIRY_REPLY, "inquiry_id", "logged_on", 1,
                                staff="owner_id"),
    "joint.opinion_requested": Starts(ClockKind.JOINT_OPINION, "case_id", "notified_on", 5,
                                      part="department"),
    "case.handed_over": Starts(ClockKind.HANDOVER_STEP, "case_id", "registered_on", 0,
                               part="step"),
    "complaint.received": Starts(ClockKind.COMPLAINT_HANDLING, "complaint_id", "received_on", 15),
    "complaint.reinvestigation_opened": Starts(ClockKind.COMPLAINT_HANDLING, "complaint_id",
                                               "opened_on", 15, part="part"),
    "petition.received": Starts(ClockKind.PETITION_HANDLING, "petition_id", "received_on", 15),
    "sanction.decided": Starts(ClockKind.APPEAL_FILING, "decision_id", "notified_on", 15,
                               NATURAL),
    "appeal.filed": Starts(ClockKind.APPEAL_ANSWER, "appeal_id", "filed_on", 1, MONTHS),
    "appointment.booked": Starts(ClockKind.APPOINTMENT_CONTACT, "appointment_id", "booked_on",
                                 1),
}

CHANGES: dict[str, Changes] = {
    "inquiry.answered": Changes(ClockKind.INQUIRY_REPLY, "inquiry_id", "answered_on", "complete"),
    "joint.opinion_given": Changes(ClockKind.JOINT_OPINION, "case_id", "given_on", "complete",
                                   "department"),
    "case.step_completed": Changes(ClockKind.HANDOVER_STEP, "case_id", "completed_on",
                                   "complete", "step"),
    "complaint.extension_approved": Changes(ClockKind.COMPLAINT_HANDLING, "complaint_id",
                                            "requested_on", "extend"),
    "complaint.answered": Changes(ClockKind.COMPLAINT_HANDLING, "complaint_id", "answered_on",
                                  "complete"),
    "complaint.reinvestigation_extended": Changes(
        ClockKind.COMPLAINT_HANDLING, "complaint_id", "requested_on", "extend", "part"),
    "complaint.reinvestigation_concluded": Changes(
        ClockKind.COMPLAINT_HANDLING, "complaint_id", "concluded_on", "complete", "part"),
    "petition.extension_approved": Changes(ClockKind.PETITION_HANDLING, "petition_id",
                                           "requested_on", "extend"),
    "petition.answered": Changes(ClockKind.PETITION_HANDLING, "petition_id", "answered_on",
                                 "complete"),
    "appeal.filed": Changes(ClockKind.APPEAL_FILING, "decision_id", "filed_on", "complete"),
    "appeal.answered": Changes(ClockKind.APPEAL_ANSWER, "appeal_id", "answered_on", "complete"),
    **{f"appointment.{done}": Changes(ClockKind.APPOINTMENT_CONTACT, "appointment_id", on,
                                      "complete")
       for done, on in (("contacted", "contacted_on"), ("cancelled", "cancelled_on"),
                        ("arrived", "arrived_on"), ("no_show_recorded", "recorded_on"))},
}
