"""The case at the window (办件), from receipt to acceptance or rejection.

Pure: no I/O, no framework. The case validates each step, changes state, keeps its written
notices (the centre's copy) and records the events other services need.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.kit.codec import dump
from services.kit.domain import InputError
from services.kit.numbers import day_number
from services.kit.validation import SHORT_MAX, TEXT_MAX, text

from ..case_states import AcceptanceKind, CaseStateError, CaseStatus, NoticeKind
from ..catalogue.domain import CaseKind, ItemSnapshot, ItemStatus, ServiceItem
from ..directory.domain import Position
from ..directory.referrals import Referral
from ..numbering.domain import CASE_NUMBER_PREFIX
from ..review.domain import Opinion, ReviewRole, Verdict
from ..review.staffing import Roster
from . import commands
from .applicants import Applicant
from .events import (
    ApplicationReceived, ApplicationRejected, ApplicationResubmitted, CaseAccepted,
    CaseDeemedAccepted, CaseMaterialsCompleted, CaseMaterialsPromiseLapsed, CorrectionRepeated,
    CorrectionRequested, RejectionDeclined, RejectionProposed,
)
from .joint_steps import CaseJoint
from .materials import (
    MaterialCheck, MaterialRecord, check_materials, repeated_requests, with_staff_defects,
)
from .processing import CaseProcessing, CompletionDateChange
from .rating_steps import CaseRating
from .record import SYSTEM, Actor, Notice, Proposal
from .timing import CaseTiming

REASONS_MAX = 20


@dataclass(frozen=True)
class Submission:
    """A validated application, before it is given a case number."""
    item: ServiceItem
    applicant: Applicant
    check: MaterialCheck
    window: str | None

    @classmethod
    def validate(cls, cmd: commands.SubmitApplication, item: ServiceItem) -> "Submission":
        if item.status is ItemStatus.WITHDRAWN:
            raise InputError("serviceItemId", "ITEM_WITHDRAWN", "该事项已撤销，不再受理")
        if item.status is not ItemStatus.PUBLISHED or item.published is None:
            raise InputError("serviceItemId", "ITEM_NOT_PUBLISHED", "该事项尚未发布")
        return cls(
            item=item,
            applicant=Applicant.from_details(cmd.applicant),
            check=check_materials(item.published, cmd.materials),
            window=text("window", cmd.window, SHORT_MAX) if cmd.window else None,
        )


class Case(CaseProcessing, CompletionDateChange, CaseTiming, CaseRating, CaseJoint):
    """A case at the window (办件): the record's fields (cases/record.py) and every step."""

    # -- receipt ---------------------------------------------------------------------------
    @classmethod
    def receive(cls, submission: Submission, case_id: str, case_number: str, at: datetime,
                day: date, actor: Actor, department_name: str,
                window_name: str | None = None, applicant_ref: str = "",
                query_code: str = "") -> "Case":
        """`applicant_ref`: the applicant's pseudonym (kit.pseudonyms), for events;
        `query_code`: with the case number, anyone may look up its progress."""
        item = submission.item
        case = cls(
            id=case_id, case_number=case_number, item=ItemSnapshot.of(item),
            applicant=submission.applicant, department_name=department_name,
            status=CaseStatus.RECEIVED, received_at=at, received_on=day, received_by=actor.id,
            window=submission.window, window_name=window_name, check=submission.check,
            first_check=submission.check, applicant_ref=applicant_ref, query_code=query_code,
            addressed_to=(actor.id,),  # the acceptance decision is the receiver's
        )
        receipt = case._notice(NoticeKind.MATERIAL_RECEIPT, at, day, actor,
                               materials=submission.check.records)
        case.events.append(ApplicationReceived(
            **case._ids(), item_version=case.item.item_version, received_at=at,
            received_on=day, received_by=actor.id, material_receipt_number=receipt.number,
            missing_or_defective=[r.name for r in submission.check.wanting()]))
        return case

    # -- accept ----------------------------------------------------------------------------
    def accept(self, at: datetime, day: date, actor: Actor, completion_on: date | None,
               decide_now: bool = False, provisional: bool = False,
               roster: Roster | None = None) -> None:
        """`roster`: the department today, for addressing the first step after acceptance."""
        self._require(CaseStatus.RECEIVED)
        if blocking := self.check.blocking():
            raise CaseStateError("MATERIALS_INCOMPLETE",
                                 "必要材料缺失或有误，须出具补正告知书：" + _names(blocking))
        if owed := self.check.owed():
            raise CaseStateError("MATERIALS_OWED",
                                 "非必要材料尚缺，请容缺受理并约定补齐日期：" + _names(owed))
        elements = self.item.elements
        if decide_now and elements.case_kind is not CaseKind.IMMEDIATE:
            raise CaseStateError("NOT_IMMEDIATE", "只有即办件可以受理即办结")
        kind = AcceptanceKind.IMMEDIATE if decide_now else AcceptanceKind.ACCEPTED
        self._accepted(kind, at, day, actor, completion_on, provisional=provisional,
                       roster=roster)
        if decide_now:
            self.decide_on_the_spot(at, day, actor)

    def accept_with_materials_owed(self, at: datetime, day: date, actor: Actor,
                                   promised_on: date, latest: date | None = None,
                                   roster: Roster | None = None) -> None:
        """容缺受理: only non-essential materials are missing; accepted as a supplement case."""
        self._require(CaseStatus.RECEIVED)
        if blocking := self.check.blocking():
            raise CaseStateError("MATERIALS_INCOMPLETE",
                                 "必要材料缺失或有误，不能容缺受理：" + _names(blocking))
        owed = self.check.owed()
        if not owed:
            raise CaseStateError("NOTHING_OWED", "材料齐全，请直接受理")
        if promised_on < day:
            raise InputError("promisedOn", "DATE_IN_PAST", "约定补齐日期不能早于今天")
        e = self.item.elements
        # The promise may not be further away than the item's committed limit; `latest` is
        # that limit counted from today (working days), else counted as natural days.
        latest = latest or day + timedelta(days=e.committed_limit)
        if promised_on > latest:
            raise InputError("promisedOn", "PROMISE_TOO_FAR",
                             f"约定补齐日期不能晚于承诺时限（{e.committed_limit}个"
                             f"{'工作日' if e.limit_unit.value == 'working_days' else '日'}，"
                             f"即 {latest.isoformat()}）")
        self.owed = tuple(r.name for r in owed)
        self.promised_on = promised_on
        self.clock_deferred = not self.item.elements.clock_starts_at_acceptance_when_owed
        self._accepted(AcceptanceKind.SUPPLEMENT, at, day, actor, None, roster=roster)

    def _accepted(self, kind: AcceptanceKind, at: datetime, day: date, actor: Actor,
                  completion_on: date | None, accepted_on: date | None = None,
                  provisional: bool = False, roster: Roster | None = None) -> None:
        self.status = CaseStatus.ACCEPTED
        self.acceptance = kind
        self.accepted_at, self.accepted_on, self.accepted_by = at, accepted_on or day, actor.id
        self.due_on = completion_on
        notice = self._notice(NoticeKind.ACCEPTANCE_NOTICE, at, day, actor,
                              committed_completion_on=completion_on, owed=self.owed,
                              committed_completion_provisional=provisional and bool(completion_on),
                              promised_on=self.promised_on)
        e = self.item.elements
        event_type = CaseDeemedAccepted if kind is AcceptanceKind.DEEMED else CaseAccepted
        self.events.append(event_type(
            **self._ids(), item_version=self.item.item_version, service_item_name=e.name,
            case_kind=e.case_kind.value, committed_limit=e.committed_limit,
            limit_unit=e.limit_unit.value, accepted_at=at, accepted_on=self.accepted_on,
            accepted_by=actor.id, received_on=self.received_on, notice_number=notice.number,
            supplement=kind is AcceptanceKind.SUPPLEMENT, owed_materials=self.owed,
            materials_promised_on=self.promised_on, clock_deferred=self.clock_deferred,
            committed_completion_on=completion_on,
            committed_completion_provisional=provisional and bool(completion_on)))
        self._notify_co_departments(self.accepted_on)
        # 首办负责: the acceptor handles the case until it is handed over; a deemed case
        # goes to whoever received it. With only acceptance and approval, accepting is the
        # handler's and reviewer's opinion (000 责任追究 §4).
        handler = self.received_by if actor.id == SYSTEM else actor.id
        self._open_review(handler, Opinion(
            ReviewRole.HANDLER, actor.id, actor.name, Position.STAFF, Verdict.APPROVE, (),
            None, at, day) if actor.id != SYSTEM else None, roster)

    def flag_lapsed_promise(self, today: date) -> bool:
        """补办件: the owed materials were not handed in by the promised date; announced once."""
        if (self.status not in (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED) or not self.owed
                or self.promised_on is None or self.promised_on >= today
                or self.promise_lapsed_on is not None):
            return False
        self.promise_lapsed_on = today
        self.events.append(CaseMaterialsPromiseLapsed(
            **self._ids(), promised_on=self.promised_on, owed_materials=list(self.owed),
            lapsed_on=today, accepted_by=self.accepted_by or ""))
        return True

    def note_due_date(self, due_on: date | None, as_of: str) -> bool:
        """The deadlines service counted the case's limit again (started, suspended, resumed,
        extended, rescheduled); an older announcement than the one noted changes nothing."""
        if self.due_as_of is not None and as_of <= self.due_as_of:
            return False
        self.due_on, self.due_as_of = due_on, as_of
        return True

    def record_owed_materials(self, names: list[str], at: datetime, day: date,
                              actor: Actor, completion_on: date | None = None,
                              provisional: bool = False) -> None:
        """The owed materials handed in; with the last, the applicant is told in writing that
        they are complete and, where the limit starts now, by when the case will be done
        (`completion_on`: the committed limit counted from today, None if unknown)."""
        self._require(CaseStatus.ACCEPTED)
        if not self.owed:
            raise CaseStateError("NOTHING_OWED", "该办件没有待补材料")
        unknown = [n for n in names if n not in self.owed]
        if unknown or not names:
            raise InputError("materials", "MATERIAL_NOT_OWED",
                             "以下材料不在待补清单中：" + "、".join(unknown or ["（空）"]))
        self.owed = tuple(n for n in self.owed if n not in names)
        if self.owed:
            return
        self.materials_completed_on = day
        e = self.item.elements
        completion_on = completion_on if self.clock_deferred else self.due_on
        if self.clock_deferred and completion_on:
            self.due_on = completion_on
        notice = self._notice(NoticeKind.MATERIALS_COMPLETED_NOTICE, at, day, actor,
                              committed_completion_on=completion_on,
                              committed_completion_provisional=provisional
                              and bool(completion_on) and self.clock_deferred)
        self.events.append(CaseMaterialsCompleted(
            **self._ids(), completed_on=day, completed_at=at, committed_limit=e.committed_limit,
            limit_unit=e.limit_unit.value, recorded_by=actor.id,
            clock_deferred=self.clock_deferred, notice_number=notice.number,
            committed_completion_on=completion_on,
            committed_completion_provisional=notice.committed_completion_provisional))

    def deem_accepted(self, at: datetime, day: date, decision_due_on: date | None,
                      accepted_on: date | None = None) -> bool:
        """No acceptance decision nor correction notice within the limit: accepted from the
        receipt day (or from `accepted_on`, the resubmission the undecided limit ran from).
        False when a decision came in time (nothing to do)."""
        if self.status not in (CaseStatus.RECEIVED, CaseStatus.CORRECTION_REQUESTED,
                               CaseStatus.REJECTION_PENDING):
            return False
        if self.status is CaseStatus.CORRECTION_REQUESTED:
            first = next(n for n in self.notices if n.kind is NoticeKind.CORRECTION_NOTICE)
            if decision_due_on is None or first.issued_on <= decision_due_on:
                return False
        self.proposal = None
        self._accepted(AcceptanceKind.DEEMED, at, day, Actor(SYSTEM, "系统（视为受理）"),
                       None, accepted_on=max(accepted_on or self.received_on, self.received_on))
        return True

    # -- one-time notification -------------------------------------------------------------
    def request_correction(self, at: datetime, day: date, actor: Actor,
                           extra: list[commands.HandedInMaterial],
                           justification: str | None) -> Notice:
        self._require(CaseStatus.RECEIVED)
        check = with_staff_defects(self.item.elements, self.check, extra)
        wanting = check.wanting()
        if not wanting:
            raise CaseStateError("NOTHING_TO_CORRECT", "材料齐全，无需补正")
        earlier = [[r.name for r in n.materials] for n in self.notices
                   if n.kind is NoticeKind.CORRECTION_NOTICE]
        repeated = repeated_requests(wanting, earlier, self.first_check) if earlier else []
        justification = text("justification", justification, TEXT_MAX, required=False) or None
        if repeated and not justification:
            raise CaseStateError(
                "REPEATED_CORRECTION",
                "一次性告知：以下材料首次收件时已缺失或有误却未一并告知，再次要求补正须说明理由："
                + "、".join(repeated))
        self.check = check
        notice = self._notice(NoticeKind.CORRECTION_NOTICE, at, day, actor,
                              materials=tuple(wanting),
                              justification=justification if repeated else None)
        self.status = CaseStatus.CORRECTION_REQUESTED
        self.addressed_to = ()  # the applicant's turn
        self.events.append(CorrectionRequested(
            **self._ids(), notice_number=notice.number, round=check.round,
            materials=[dump(r) for r in wanting], received_on=self.received_on,
            requested_on=day, requested_at=at, requested_by=actor.id))
        if repeated:
            self.events.append(CorrectionRepeated(
                **self._ids(), notice_number=notice.number, round=check.round,
                repeated_materials=repeated, justification=justification or "",
                requested_on=day, requested_by=actor.id))
        return notice

    def resubmit(self, handed: list[commands.HandedInMaterial], at: datetime, day: date,
                 actor: Actor) -> None:
        """The applicant returns after a correction notice: the materials are checked again."""
        self._require(CaseStatus.CORRECTION_REQUESTED)
        self.check = check_materials(self.item.elements, handed, previous=self.check)
        self.status = CaseStatus.RECEIVED
        self.addressed_to = (actor.id,)
        self.events.append(ApplicationResubmitted(
            **self._ids(), round=self.check.round, resubmitted_on=day, resubmitted_at=at,
            received_by=actor.id, missing_or_defective=[r.name for r in self.check.wanting()]))

    # -- rejection, with the chief approver's consent (否定报备 §2) ---------------------------
    def propose_rejection(self, cmd: commands.ProposeRejection, at: datetime, day: date,
                          actor: Actor, addressed_to: list[str], on_behalf_of: list[str],
                          referral_name: str | None = None) -> None:
        self._require(CaseStatus.RECEIVED, CaseStatus.CORRECTION_REQUESTED)
        reasons = tuple(text(f"reasons[{i}]", r, TEXT_MAX) for i, r in enumerate(cmd.reasons))
        if not reasons:
            raise InputError("reasons", "REASONS_REQUIRED", "不予受理须写明理由")
        if len(reasons) > REASONS_MAX:
            raise InputError("reasons", "TOO_MANY", f"理由最多 {REASONS_MAX} 条")
        legal_basis = text("legalBasis", cmd.legal_basis, TEXT_MAX)
        referral = Referral.from_command(cmd.referral, target_name=referral_name) \
            if cmd.referral else None
        if not addressed_to:
            raise CaseStateError("NO_CHIEF_APPROVER", "本部门当前没有在任的首席审批员，无法报备")
        self.proposal = Proposal(reasons, legal_basis, referral, actor.id, at,
                                 tuple(addressed_to), tuple(on_behalf_of), self.status)
        self.status = CaseStatus.REJECTION_PENDING
        self.addressed_to = tuple(addressed_to)
        self.events.append(RejectionProposed(
            **self._ids(), reasons=list(reasons), legal_basis=legal_basis,
            referral=dump(referral), proposed_by=actor.id, proposed_on=day,
            addressed_to=list(addressed_to), on_behalf_of=list(on_behalf_of)))

    def consent_to_rejection(self, at: datetime, day: date, actor: Actor,
                             acting_for: str | None) -> Notice:
        self._require(CaseStatus.REJECTION_PENDING)
        p = self.proposal
        assert p is not None
        if p.proposed_by in (actor.id, acting_for):
            raise CaseStateError("SELF_CONSENT", "提出不予受理的人员不能同意本人的提议（含 B 岗代 A 岗）")
        notice = self._notice(NoticeKind.REJECTION_NOTICE, at, day, actor, reasons=p.reasons,
                              legal_basis=p.legal_basis, referral=p.referral)
        self.status = CaseStatus.REJECTED
        self.addressed_to = ()
        self.rejected_on, self.consented_by, self.acting_for = day, actor.id, acting_for
        self.events.append(ApplicationRejected(
            **self._ids(), reasons=list(p.reasons), legal_basis=p.legal_basis,
            referral=dump(p.referral), proposed_by=p.proposed_by, consented_by=actor.id,
            acting_for=acting_for, rejected_on=day, rejected_at=at, notice_number=notice.number))
        return notice

    def decline_rejection(self, reason: str, day: date, actor: Actor,
                          acting_for: str | None) -> None:
        self._require(CaseStatus.REJECTION_PENDING)
        reason = text("reason", reason, TEXT_MAX)
        assert self.proposal is not None
        self.status = self.proposal.status_before
        self.addressed_to = (self.proposal.proposed_by,) \
            if self.status is CaseStatus.RECEIVED else ()
        self.proposal = None
        self.events.append(RejectionDeclined(**self._ids(), declined_by=actor.id,
                                             acting_for=acting_for, reason=reason,
                                             declined_on=day))


def _names(records: list[MaterialRecord]) -> str:
    return "、".join(r.name for r in records)


def new_case_id() -> str:
    return str(uuid.uuid4())


def case_number(day: date, sequence: int) -> str:
    return day_number(CASE_NUMBER_PREFIX, day, sequence)

