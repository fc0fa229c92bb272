"""Oversight's ledger of cases: which accepted cases are still open, per department. Built from
intake's events arriving in any order: accepted (or deemed accepted) opens a case; completed,
withdrawn or cancelled closes it, and a case closed stays closed whatever arrives later. Pure."""

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from services.kit.codec import transient

# A case sees a handful of events; the ids are kept to recognise redeliveries.
SEEN_EVENTS_MAX = 200


class LedgerStatus(enum.StrEnum):
    UNKNOWN = "unknown"  # a closing event came before the opening one
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class DepartmentOpenCases:
    department: str
    open_cases: int


OPEN_CASES = "G|open_cases"  # the dashboard bucket: open cases per department, now


@dataclass
class LedgerEntry:
    """What oversight knows of one case, assembled from events arriving in any order."""

    case_id: str
    department: str | None = None
    case_number: str | None = None
    service_item_code: str | None = None
    accepted_at: datetime | None = None
    due_date: date | None = None
    status: LedgerStatus = LedgerStatus.UNKNOWN
    closed_on: date | None = None
    chain: list[dict] = field(default_factory=list)  # the review chain's opinions, as decided
    accepted_by: str | None = None
    applicant_ref: str | None = None  # a pseudonym: the same applicant, never who
    # what each event that opened or closed the case did to the open-cases gauge, kept so a
    # redelivery adds the same again (the gauge recognises the event and adds it once)
    gauge_deltas: dict[str, int] = field(default_factory=dict)
    seen_events: list[str] = field(default_factory=list)
    version: int = transient(default=0)
    events: list = transient(default_factory=list, repr=False)

    def _first_time(self, event_id: str) -> bool:
        if event_id in self.seen_events:
            return False
        self.seen_events = [*self.seen_events, event_id][-SEEN_EVENTS_MAX:]
        return True

    def record_accepted(self, event_id: str, case_number: str, department: str,
                        service_item_code: str, accepted_at: datetime,
                        accepted_by: str | None = None,
                        applicant_ref: str | None = None, due_date: date | None = None) -> bool:
        """False when this event was applied before (a redelivery): nothing to store.
        `due_date`: the committed completion date the acceptance notice printed."""
        if not self._first_time(event_id):
            return False
        self.case_number, self.department = case_number, department
        self.due_date = self.due_date or due_date  # a count told by its clock first stays
        self.service_item_code, self.accepted_at = service_item_code, accepted_at
        self.accepted_by = accepted_by or self.accepted_by
        self.applicant_ref = applicant_ref or self.applicant_ref
        if self.status is LedgerStatus.UNKNOWN:
            self.status = LedgerStatus.OPEN
        return True

    def record_closed(self, event_id: str, department: str, case_number: str,
                      closed_on: date) -> bool:
        """Completed, withdrawn or cancelled: closed for good."""
        if not self._first_time(event_id):
            return False
        self.department = self.department or department
        self.case_number = self.case_number or case_number
        self.status, self.closed_on = LedgerStatus.CLOSED, self.closed_on or closed_on
        return True

    def record_decided(self, event_id: str, department: str, case_number: str,
                       opinions: list[dict]) -> bool:
        """`case.decided`: the chain of opinions, overruled ones too (for allocation)."""
        if not self._first_time(event_id):
            return False
        self.department = self.department or department
        self.case_number = self.case_number or case_number
        self.chain = [{"role": o["role"], "staff_id": o["staff_id"], "verdict": o["verdict"]}
                      for o in opinions]
        return True

    def note_gauge(self, event_id: str, before: LedgerStatus) -> None:
        """+1 when this event opened the case, -1 when it closed an open one."""
        delta = (self.status is LedgerStatus.OPEN) - (before is LedgerStatus.OPEN)
        if delta:
            self.gauge_deltas = dict(list({**self.gauge_deltas, event_id: delta}.items())[-8:])

    def staff(self) -> list[str]:
        """Who handled the case as far as oversight knows: the acceptor and the review chain."""
        return list(dict.fromkeys(p for p in [self.accepted_by, *(
            o["staff_id"] for o in self.chain)] if p))

    def record_clock_started(self, event_id: str, case_number: str, department: str,
                             due_date: date) -> bool:
        if not self._first_time(event_id):
            return False
        self.case_number, self.department, self.due_date = case_number, department, due_date
        return True
