"""What a case looks like in GraphQL: the federated `Case` entity with its applicant (ID
numbers masked unless the caller needs them), materials, notices (PDF on demand), timeline and
the parts the review, procedures and delivery packages add; and who may read it."""

import base64
from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from services.kit.auth import STAFF, Principal, Role
from services.kit.graphql import TimeUnit

from ..catalogue.schema import CaseKind
from ..delivery.schema import Delivery
from ..directory.schema import Position, Referral
from ..joint.schema import JointReview
from ..procedures.schema import ApplicantDelay, Extension, SpecialProcedure
from ..ratings.schema import Rating
from ..review.schema import Awaiting, HandOver, ReviewOpinion, ReviewState
from . import applicants, domain, handlers, materials
from .access import READERS, check_may_read, is_applicant, may_read_department
from .notice_links import signed_link
from . import timeline as case_timeline


SEES_FULL_ID = (Role.ADMIN, Role.WINDOW_STAFF, Role.CHIEF_APPROVER)


def _enum(name: str, source, description: str | None = None):
    return strawberry.enum(Enum(name, {m.name: m.value for m in source}), description=description)


IdType = _enum("IdType", applicants.IdType)
ApplicantKind = _enum("ApplicantKind", applicants.ApplicantKind)
CaseStatus = _enum("CaseStatus", domain.CaseStatus)
AcceptanceKind = _enum("AcceptanceKind", domain.AcceptanceKind)
NoticeKind = _enum("NoticeKind", domain.NoticeKind)
MaterialState = _enum("MaterialState", materials.MaterialState)


@strawberry.type(description="The service item as it stood when the case was received.")
class CaseServiceItem:
    id: strawberry.ID
    code: str
    item_version: int
    name: str
    case_kind: CaseKind
    committed_limit: int
    limit_unit: TimeUnit


@strawberry.type
class Applicant:
    kind: ApplicantKind
    name: str
    id_type: IdType
    id_number: str = strawberry.field(description="Masked unless the caller's role needs it.")
    legal_representative: str | None
    contact: str


@strawberry.type(description="One material as checked at the window.")
class MaterialRecord:
    name: str
    essential: bool
    state: MaterialState
    reason: str | None

    @classmethod
    def of(cls, r: materials.MaterialRecord) -> "MaterialRecord":
        return cls(name=r.name, essential=r.essential, state=MaterialState(r.state.value),
                   reason=r.reason)


@strawberry.type(description="A written notice; the stored record is the centre's copy.")
class Notice:
    number: str
    kind: NoticeKind
    issued_at: datetime
    issued_on: date
    staff_id: str
    staff_name: str
    round: int
    materials: list[MaterialRecord]
    committed_completion_on: date | None
    committed_completion_provisional: bool = strawberry.field(
        description="The date reaches into a year whose holiday arrangement is not yet "
                    "published (预计，以国务院公布的放假安排为准).")
    previous_completion_on: date | None = strawberry.field(
        description="A completion-date change notice: the date it replaces.")
    reasons: list[str]
    legal_basis: str | None
    referral: Referral | None
    owed: list[str]
    promised_on: date | None
    justification: str | None
    expected_days: int | None = strawberry.field(
        description="A special procedure's expected duration, in working days")
    extension_days: int | None
    _case: strawberry.Private[domain.Case]
    _notice: strawberry.Private[domain.Notice]

    @strawberry.field(description="The applicant's copy as a printable PDF: a link on this "
                                  "origin, valid five minutes, that a browser opens without "
                                  "a header (GET /notices/<number>.pdf; with a bearer token "
                                  "it needs no signature).")
    def pdf_url(self, info: Info) -> str:
        return signed_link(info.context.notice_link_key, self.number,
                           info.context.deps.clock.now())

    @strawberry.field(description="The applicant's copy: a printable PDF, base64-encoded.")
    async def pdf_base64(self, info: Info) -> str:
        pdf = await info.context.printer.pdf(self._case, self._notice)
        return base64.b64encode(pdf).decode()

    @classmethod
    def of(cls, case: domain.Case, n: domain.Notice) -> "Notice":
        return cls(
            number=n.number, kind=NoticeKind(n.kind.value), issued_at=n.issued_at,
            issued_on=n.issued_on, staff_id=n.staff_id, staff_name=n.staff_name, round=n.round,
            materials=[MaterialRecord.of(r) for r in n.materials],
            committed_completion_on=n.committed_completion_on,
            committed_completion_provisional=n.committed_completion_provisional,
            previous_completion_on=n.previous_completion_on, reasons=list(n.reasons),
            legal_basis=n.legal_basis, referral=Referral.of(n.referral), owed=list(n.owed),
            promised_on=n.promised_on, justification=n.justification,
            expected_days=n.expected_days, extension_days=n.extension_days, _case=case,
            _notice=n)


@strawberry.type(description="One thing that happened to a case, as the applicant reads it.")
class TimelineEntry:
    at: datetime = strawberry.field(description="When it was recorded")
    on: date = strawberry.field(description="The day it happened")
    kind: str
    label: str = strawberry.field(description="In Chinese, for display")
    notice_number: str | None


@strawberry.type(description="Where the case stands now.")
class CurrentStep:
    code: str
    label: str


@strawberry.type(description="不予受理 waiting for the chief approver (否定报备).")
class RejectionProposal:
    reasons: list[str]
    legal_basis: str
    referral: Referral | None
    proposed_by: str
    proposed_at: datetime
    addressed_to: list[str] = strawberry.field(description="Chief approvers, or their B posts")
    on_behalf_of: list[str]


@strawberry.federation.type(keys=["id"], description="办件: one application, receipt to result.")
class Case:
    id: strawberry.ID
    case_number: str
    status: CaseStatus
    department: str
    department_name: str
    service_item: CaseServiceItem
    applicant: Applicant
    materials: list[MaterialRecord] = strawberry.field(description="The latest material check.")
    check_round: int
    received_at: datetime
    received_on: date
    received_by: str
    window: str | None
    acceptance: AcceptanceKind | None
    accepted_at: datetime | None
    accepted_on: date | None
    accepted_by: str | None
    owed_materials: list[str]
    materials_promised_on: date | None
    materials_completed_on: date | None
    rejection_proposal: RejectionProposal | None
    rejected_on: date | None
    consented_by: str | None
    acting_for: str | None = strawberry.field(
        description="The absent chief approver whose authority the consenting B used.")
    notices: list[Notice]
    due_on: date | None = strawberry.field(
        description="The committed completion date as last known (Case.clock has the clock)")
    decided_on: date | None
    approved: bool | None = strawberry.field(description="The decision; null until decided")
    completed_on: date | None
    withdrawn_on: date | None
    _case: strawberry.Private[domain.Case]

    @strawberry.field(description="What happened, in order (no internal reasons).")
    def timeline(self) -> list[TimelineEntry]:
        return [TimelineEntry(at=e.at, on=e.on, kind=e.kind, label=e.label,
                              notice_number=e.notice_number)
                for e in case_timeline.timeline(self._case)]

    @strawberry.field(description="Where the case stands now.")
    def current_step(self) -> CurrentStep:
        code, label = case_timeline.current_step(self._case)
        return CurrentStep(code=code, label=label)

    @strawberry.field(description="The review chain: the awaited step and every opinion "
                                  "(staff only; the applicant reads `timeline`).")
    def review(self, info: Info) -> ReviewState | None:
        info.context.require(*STAFF)
        r = self._case.review
        if r is None:
            return None
        return ReviewState(
            awaiting=Awaiting(r.awaiting.value), handler=r.handler_id,
            escalation_level=Position(r.level.value) if r.level else None,
            addressed_to=list(self._case.addressed_to),
            opinions=[ReviewOpinion.of(o) for o in r.opinions])

    @strawberry.field(description="Hand-overs between windows or departments (staff only).")
    def handovers(self, info: Info) -> list[HandOver]:
        info.context.require(*STAFF)
        return [HandOver(step=h.step, from_staff=h.from_staff, to_staff=h.to_staff,
                         to_department=h.to_department, on=h.on, limit=h.limit, note=h.note)
                for h in self._case.handovers]

    @strawberry.field(description="Special procedures (特别程序) and their expected duration.")
    def special_procedures(self) -> list[SpecialProcedure]:
        return [SpecialProcedure.of(p) for p in self._case.procedures]

    @strawberry.field(description="Extension requests (延期), approved or refused as late.")
    def extensions(self) -> list[Extension]:
        return [Extension.of(e) for e in self._case.extensions]

    @strawberry.field(description="The applicant's own delays (the case counts as on time).")
    def applicant_delays(self) -> list[ApplicantDelay]:
        return [ApplicantDelay.of(d) for d in self._case.applicant_delays]

    @strawberry.field(description="How the result reached the applicant.")
    def delivery(self) -> Delivery | None:
        return Delivery.of(self._case.delivery) if self._case.delivery else None

    @strawberry.field(description="联办件: the departments asked and what they said.")
    def joint(self) -> JointReview | None:
        return JointReview.of(self._case.joint) if self._case.joint else None

    @strawberry.field(description="Printed on the acceptance notice: with the case number, "
                                  "anyone may look up the progress (`caseProgress`).")
    def query_code(self) -> str | None:
        return self._case.query_code or None

    @strawberry.field(description="好差评: the applicant's rating, or the centre's default.")
    def rating(self) -> Rating | None:
        return Rating.of(self._case.rating) if self._case.rating else None

    @strawberry.field(description="The applicant's one rating after the first (追评).")
    def follow_up_rating(self) -> Rating | None:
        r = self._case.follow_up_rating
        return Rating.of(r) if r else None

    @classmethod
    def from_domain(cls, case: domain.Case, viewer: Principal) -> "Case":
        # a helper acts for the applicant on the case, and never reads their full ID number
        full_id = is_applicant(viewer, case) or (
            viewer.has_any(*SEES_FULL_ID) and may_read_department(viewer, case.department))
        a, item, p = case.applicant, case.item, case.proposal
        return cls(
            id=strawberry.ID(case.id), case_number=case.case_number,
            status=CaseStatus(case.status.value), department=case.department,
            department_name=case.department_name,
            service_item=CaseServiceItem(
                id=strawberry.ID(item.id), code=item.code, item_version=item.item_version,
                name=item.elements.name, case_kind=CaseKind(item.elements.case_kind.value),
                committed_limit=item.elements.committed_limit,
                limit_unit=TimeUnit(item.elements.limit_unit.value)),
            applicant=Applicant(
                kind=ApplicantKind(a.kind.value), name=a.name, id_type=IdType(a.id_type.value),
                id_number=a.id_number if full_id else a.masked_id_number(),
                legal_representative=a.legal_representative,
                contact=a.contact if full_id or case.acts_for_applicant(viewer.subject)
                else a.masked_contact()),
            materials=[MaterialRecord.of(r) for r in case.check.records],
            check_round=case.check.round, received_at=case.received_at,
            received_on=case.received_on, received_by=case.received_by, window=case.window,
            acceptance=AcceptanceKind(case.acceptance.value) if case.acceptance else None,
            accepted_at=case.accepted_at, accepted_on=case.accepted_on,
            accepted_by=case.accepted_by, owed_materials=list(case.owed),
            materials_promised_on=case.promised_on,
            materials_completed_on=case.materials_completed_on,
            rejection_proposal=RejectionProposal(
                reasons=list(p.reasons), legal_basis=p.legal_basis, referral=Referral.of(p.referral),
                proposed_by=p.proposed_by, proposed_at=p.proposed_at,
                addressed_to=list(p.addressed_to), on_behalf_of=list(p.on_behalf_of),
            ) if p else None,
            rejected_on=case.rejected_on, consented_by=case.consented_by,
            acting_for=case.acting_for, notices=[Notice.of(case, n) for n in case.notices],
            due_on=case.due_on, decided_on=case.decided_on, approved=case.approved,
            completed_on=case.completed_on, withdrawn_on=case.withdrawn_on, _case=case)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Case | None":
        return await readable_case(info, id)


async def readable_case(info: Info, id_or_number: str) -> Case | None:
    """By id, or by the number printed on its notices (OW…)."""
    viewer = info.context.require(*READERS)
    case = await info.context.cases.load(await handlers.case_id_of(info.context.deps,
                                                                   id_or_number))
    if case is None:
        return None
    check_may_read(viewer, case)
    return Case.from_domain(case, viewer)
