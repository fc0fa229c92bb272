"""The case's timing steps (限时办结制 §8-9; 001 限時辦結 §10-12): special procedures suspend and
resume it, extensions move its due date, the applicant's own delay excuses it. The rules are
procedures/domain.py's; here they are applied to the case, its notices issued and its events
recorded. Acting out of order raises `CaseStateError`.
"""

from dataclasses import replace
from datetime import date, datetime

from ..case_states import CaseStatus, NoticeKind
from ..procedures import domain as rules
from ..procedures.domain import Extension, SpecialProcedure
from ..procedures.events import (
    ApplicantDelayed, CaseExtensionApproved, CaseResumed, CaseSuspended, ExtensionRefusedLate,
    ExtensionRequested,
)
from .record import Actor, CaseRecord


class CaseTiming(CaseRecord):
    # -- special procedures (特别程序) -----------------------------------------------------
    def start_special_procedure(self, kind: str, reason: str, expected_days: int,
                                at: datetime, day: date, actor: Actor) -> SpecialProcedure:
        self._require(CaseStatus.ACCEPTED)
        procedure_kind, reason = rules.procedure_started(kind, reason, expected_days)
        notice = self._notice(NoticeKind.SUSPENSION_NOTICE, at, day, actor, reasons=(reason,),
                              expected_days=expected_days, procedure=procedure_kind.value)
        procedure = SpecialProcedure(procedure_kind, reason, expected_days, day, actor.id,
                                     notice.number, started_at=at)
        self.procedures = (*self.procedures, procedure)
        self.status = CaseStatus.SUSPENDED
        self.events.append(CaseSuspended(
            **self._ids(), suspended_on=day, procedure=procedure_kind.value,
            expected_days=expected_days, notice_number=notice.number, suspended_by=actor.id))
        return procedure

    def finish_special_procedure(self, outcome: str, at: datetime, day: date,
                                 by: str) -> None:
        self._require(CaseStatus.SUSPENDED)
        current = self.procedures[-1]
        self.procedures = (*self.procedures[:-1],
                           rules.procedure_finished(current, outcome, at, day))
        self.status = CaseStatus.ACCEPTED
        self.events.append(CaseResumed(**self._ids(), resumed_on=day,
                                       procedure=current.kind.value, resumed_by=by))

    # -- extensions (延期) -------------------------------------------------------------------
    def request_extension(self, days: int, reasons: str, at: datetime, day: date,
                          by: str) -> bool:
        """Recorded either way; False when it came after the due date (refused as such)."""
        self._require(CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
        extension = rules.extension_requested(self.extensions, days, reasons, self.due_on, at,
                                              day, by)
        self.extensions = (*self.extensions, extension)
        if extension.refused_late:
            self.events.append(ExtensionRefusedLate(
                **self._ids(), days=days, requested_on=day, requested_by=by,
                due_on=self.due_on))
            return False
        self.events.append(ExtensionRequested(**self._ids(), days=days,
                                              reasons=extension.reasons, requested_on=day,
                                              requested_by=by, due_on=self.due_on))
        return True

    @property
    def pending_extension(self) -> Extension | None:
        return rules.pending_extension(self.extensions)

    def approve_extension(self, new_due_on: date | None, at: datetime, day: date,
                          actor: Actor, provisional: bool = False) -> None:
        self._require(CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
        pending = rules.extension_approver(self.pending_extension, actor.id)
        notice = self._notice(NoticeKind.EXTENSION_NOTICE, at, day, actor,
                              reasons=(pending.reasons,), extension_days=pending.days,
                              committed_completion_on=new_due_on,
                              committed_completion_provisional=provisional)
        approved = replace(pending, approved_on=day, approved_by=actor.id,
                           notice_number=notice.number)
        self.extensions = (*self.extensions[:-1], approved)
        if new_due_on is not None:
            self.due_on = new_due_on
        self.events.append(CaseExtensionApproved(
            **self._ids(), extension_days=pending.days, requested_on=pending.requested_on,
            approved_on=day, approved_by=actor.id, notice_number=notice.number))

    # -- the applicant's own delay -------------------------------------------------------
    def record_applicant_delay(self, kind: str, evidence: str, expected_on: date,
                               at: datetime, day: date, by: str) -> None:
        self._require(CaseStatus.ACCEPTED, CaseStatus.SUSPENDED, CaseStatus.DECIDED,
                      CaseStatus.DELIVERING)
        delay = rules.applicant_delayed(kind, evidence, expected_on, at, day, by)
        self.applicant_delays = (*self.applicant_delays, delay)
        self.events.append(ApplicantDelayed(**self._ids(), kind=delay.kind.value,
                                            expected_on=expected_on, recorded_on=day,
                                            recorded_by=by))
