"""A case's life after acceptance: the review chain and its decision, the hand-over of the
handler's step, delivery of the result, completion and withdrawal.

`CaseProcessing` holds the steps of a case that follow acceptance; the rules
themselves are the review (review/domain.py) and delivery (delivery/domain.py) packages'. Each
step validates, changes the case and records its events; acting out of order raises
`CaseStateError` and changes nothing.
"""

from dataclasses import replace
from datetime import date, datetime

from services.kit.domain import InputError
from services.kit.validation import TEXT_MAX, text

from ..case_states import CaseStateError, CaseStatus, NoticeKind
from ..catalogue.domain import CaseKind
from ..delivery.domain import DeliveryInput, DeliveryMethod, NotifiedVia
from ..delivery.events import CaseCancelled, CaseDelivered, CaseWithdrawn, ResultMailed
from ..directory.domain import Position
from ..review.domain import Awaiting, OpinionInput, Review, Reviewer, Verdict
from ..review.staffing import Roster, missing_post
from ..review.events import (
    CaseDecided, CaseHandedOver, CaseStepCompleted, DenialEscalated, OpinionRecorded,
)
from .events import CaseCompleted, CaseCompletionDateChanged
from .record import CaseRecord, HandOver

HANDOVER_LIMIT_MAX = 60


class CaseProcessing(CaseRecord):
    def _open_review(self, handler_id: str, acceptor_opinion, roster: Roster | None) -> None:
        e = self.item.elements
        self.review = Review.begin(e.review_chain, e.decision_level,
                                   e.case_kind is CaseKind.IMMEDIATE, acceptor_opinion,
                                   handler_id)
        self.addressed_to = self._addressees(self.review, roster or Roster())

    def _addressees(self, review: Review, roster: Roster) -> tuple[str, ...]:
        """Who takes the review's next step; a step nobody in the department can take is
        refused (STEP_UNSTAFFED), so no case waits addressed to nobody."""
        addressed = roster.addressed(review)
        if not addressed and not review.decided:
            raise CaseStateError(
                "STEP_UNSTAFFED",
                f"本部门名录中没有可以办理下一步的人员：缺少{missing_post(review, roster.decision_level)}。"
                "请管理员先在名录中登记该岗位人员")
        return addressed

    def review_in_progress(self) -> Review:
        """The review of a case being processed; ALREADY_DECIDED or CASE_WRONG_STATE
        otherwise."""
        if self.review is not None and self.review.decided:
            raise CaseStateError("ALREADY_DECIDED", "该办件已作出决定")
        self._require(CaseStatus.ACCEPTED)
        if self.review is None:  # accepted before reviews were recorded
            self._open_review(self.accepted_by or "", None, None)
        return self.review

    # -- the review chain ----------------------------------------------------------------
    def decide_on_the_spot(self, at: datetime, day: date, actor) -> None:
        """即办件: the window decides at once and hands the result over (001 辦件管理 一)."""
        if self.item.elements.case_kind is not CaseKind.IMMEDIATE:
            raise CaseStateError("NOT_IMMEDIATE", "只有即办件可以当场办结")
        who = Reviewer(actor.id, actor.name, self.department, Position.STAFF,
                       decides_item=True)
        self.record_opinion(who, OpinionInput(Verdict.APPROVE, (), None), at, day,
                            Roster(), actor)
        self.deliver(DeliveryInput(DeliveryMethod.WINDOW, self.window, NotifiedVia.ON_SITE,
                                   None, None, None), at, day, actor.id)

    def record_opinion(self, who: Reviewer, opinion: OpinionInput, at: datetime, day: date,
                       roster: Roster, actor) -> None:
        """`roster`: the case's department today, for addressing the next step."""
        review = self.review_in_progress()
        if opinion.verdict is Verdict.APPROVE and self.owed and review.awaiting in (
                Awaiting.APPROVER, Awaiting.ESCALATION):
            raise CaseStateError("MATERIALS_OWED", "容缺材料尚未补齐，不能作出准予决定")
        review, step = review.record(who, opinion, at, day, roster)
        addressed = self._addressees(review, roster)
        if step.decided:
            self._check_joint_opinions_in()
        handover = self._open_handover()
        self.review = review
        o = step.opinion
        self.events.append(OpinionRecorded(
            **self._ids(), role=o.role.value, verdict=o.verdict.value, staff_id=o.staff_id,
            position=o.position.value, acting_for=o.acting_for, reasons=list(o.reasons),
            legal_basis=o.legal_basis, given_on=day, escalated=o.escalated,
            decisive=o.decisive, applicant_disagrees=o.applicant_disagrees))
        if handover is not None and o.role.value == "handler":
            self.events.append(CaseStepCompleted(**self._ids(), step=handover.step,
                                                 completed_on=day))
        self.addressed_to = addressed
        if step.escalated_to is not None:
            self.events.append(DenialEscalated(
                **self._ids(), from_staff=o.staff_id, from_position=o.position.value,
                to_level=step.escalated_to.value, addressed_to=list(self.addressed_to),
                because=step.because or "", escalated_on=day))
        if step.decided:
            self._decide(o, at, day, actor)

    def _decide(self, decisive, at: datetime, day: date, actor) -> None:
        approved = decisive.verdict is Verdict.APPROVE
        if approved:
            notice = self._notice(NoticeKind.RESULT, at, day, actor)
        else:
            notice = self._notice(NoticeKind.DENIAL_DECISION, at, day, actor,
                                  reasons=decisive.reasons, legal_basis=decisive.legal_basis)
        self.status = CaseStatus.DECIDED
        self.decided_on = day
        self.addressed_to = (self.acceptor,)  # the result goes out at the accepting window
        self.events.append(CaseDecided(
            **self._ids(), verdict="approved" if approved else "denied",
            decided_by=decisive.staff_id, acting_for=decisive.acting_for, decided_on=day,
            document_number=notice.number, reasons=list(decisive.reasons),
            legal_basis=decisive.legal_basis,
            opinions=[{"role": o.role.value, "staff_id": o.staff_id,
                       "position": o.position.value, "verdict": o.verdict.value,
                       "acting_for": o.acting_for, "escalated": o.escalated,
                       "overruled": o.verdict is not decisive.verdict}
                      for o in self.review.opinions]))

    # -- hand-over between windows or departments (001 §8) -------------------------------
    def _open_handover(self) -> HandOver | None:
        return self.handovers[-1] if self.handovers and \
            self.review and self.review.awaiting is Awaiting.HANDLER else None

    def hand_over(self, to_staff: str, to_department: str, limit: int, note: str | None,
                  at: datetime, day: date, by: str) -> HandOver:
        review = self.review_in_progress()
        if not 1 <= limit <= HANDOVER_LIMIT_MAX:
            raise InputError("limit", "OUT_OF_RANGE",
                             f"移交环节时限须在 1 至 {HANDOVER_LIMIT_MAX} 个工作日之间")
        if to_staff == review.handler_id:
            raise CaseStateError("SAME_HANDLER", "已是该承办人，无需移交")
        self.review = review.handed_over(to_staff)
        previous = self._open_handover()
        handover = HandOver(len(self.handovers) + 1, review.handler_id, to_staff, to_department,
                            at, day, limit, text("note", note, TEXT_MAX, required=False) or None)
        self.handovers = (*self.handovers, handover)
        self.addressed_to = (to_staff,)
        if previous is not None:
            self.events.append(CaseStepCompleted(**self._ids(), step=previous.step,
                                                 completed_on=day))
        self.events.append(CaseHandedOver(
            **self._ids(), step=handover.step, from_staff=review.handler_id, to_staff=to_staff,
            to_department=to_department, registered_on=day, limit=limit, unit="working_days"))
        return handover

    # -- delivery and completion -----------------------------------------------------------
    def deliver(self, how: DeliveryInput, at: datetime, day: date, by: str) -> None:
        self._require(CaseStatus.DECIDED)
        self.delivery = how.delivery(by, at, day)
        if how.method is DeliveryMethod.MAIL:
            self.status = CaseStatus.DELIVERING
            self.addressed_to = (by,)  # who mailed it records the delivery
            self.events.append(ResultMailed(**self._ids(), carrier=how.carrier or "",
                                            tracking_number=how.tracking_number or "",
                                            mailed_on=day, mailed_by=by))
            return
        self._delivered(day, by)

    def record_delivery(self, delivered_on: date, at: datetime, day: date, by: str) -> None:
        self._require(CaseStatus.DELIVERING)
        assert self.delivery is not None
        if delivered_on > day:
            raise InputError("deliveredOn", "DATE_IN_FUTURE", "送达日期不能晚于今天")
        if delivered_on < self.delivery.on:
            raise InputError("deliveredOn", "BEFORE_MAILING", "送达日期不能早于寄出日期")
        self.delivery = replace(self.delivery, delivered_on=delivered_on,
                                delivery_recorded_at=at)
        self._delivered(delivered_on, by)

    def _delivered(self, on: date, by: str) -> None:
        document = next(n for n in reversed(self.notices)
                        if n.kind in (NoticeKind.RESULT, NoticeKind.DENIAL_DECISION))
        self.status = CaseStatus.COMPLETED
        self.completed_on = on
        self.addressed_to = ()
        self.events.append(CaseDelivered(
            **self._ids(), method=self.delivery.method.value,
            verdict="approved" if self.approved else "denied",
            document_number=document.number, delivered_on=on, decided_on=self.decided_on))
        self.events.append(CaseCompleted(**self._ids(), completed_on=on, completed_by=by,
                                         applicant_delay=bool(self.applicant_delays)))

    # -- withdrawal ------------------------------------------------------------------------
    def withdraw(self, reason: str, at: datetime, day: date, by: str) -> None:
        self._require(CaseStatus.RECEIVED, CaseStatus.CORRECTION_REQUESTED,
                      CaseStatus.REJECTION_PENDING, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
        reason = text("reason", reason, TEXT_MAX)
        before = self.status
        clock_running = before in (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED) and (
            not self.clock_deferred or self.materials_completed_on is not None)
        self.status = CaseStatus.WITHDRAWN
        self.withdrawn_on, self.withdrawn_at, self.proposal, self.addressed_to = \
            day, at, None, ()
        self.joint_awaiting = ()  # nobody waits on a withdrawn case
        self.events.append(CaseWithdrawn(**self._ids(), reason=reason, withdrawn_on=day,
                                         recorded_by=by, status_before=before.value))
        if clock_running:
            self.events.append(CaseCancelled(**self._ids(), cancelled_on=day,
                                             reason="withdrawn_by_applicant"))


class CompletionDateChange(CaseRecord):
    """`Case`'s step when the deadlines service counts its limit again on a changed calendar."""

    TOLD_IN = (CaseStatus.ACCEPTED, CaseStatus.DECIDED, CaseStatus.DELIVERING)
    CAUSES = {"calendar_loaded": "国务院公布了该年度的放假安排",
              "closure_changed": "服务中心调整了闭馆日"}

    def note_rescheduled_due_date(self, due_on: date | None, provisional: bool, cause: str,
                                  as_of: str, at: datetime, day: date, actor) -> bool:
        """Note the new due date; where the committed completion date moved, tell the
        applicant in writing (a notice with the old and the new date, and
        `case.completion_date_changed`). An older announcement changes nothing."""
        previous = self.due_on
        if not self.note_due_date(due_on, as_of):
            return False
        if previous is None or due_on is None or previous == due_on \
                or self.status not in self.TOLD_IN:
            return True
        why = self.CAUSES.get(cause, "办理时限的计算日历发生变化")
        notice = self._notice(NoticeKind.COMPLETION_DATE_CHANGE_NOTICE, at, day, actor,
                              previous_completion_on=previous, committed_completion_on=due_on,
                              committed_completion_provisional=provisional, reasons=(why,))
        self.events.append(CaseCompletionDateChanged(
            **self._ids(), old_due_on=previous, new_due_on=due_on, provisional=provisional,
            cause=cause, notice_number=notice.number))
        return True
