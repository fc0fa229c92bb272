"""GraphQL for cases at the window: receipt, the material check and its outcomes, rejection
with the chief approver's consent, and reading cases.

Resolvers only turn input into commands and results into types; rules live in the domain.
"""

import base64
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, STAFF, AuthError, Principal, Role
from services.kit.graphql import (
    Connection, InputError, InvalidInput, NotFound, TimeUnit, connection, decode_cursor,
    page_size,
)
from services.kit.validation import SHORT_MAX, text

from ..catalogue.schema import CaseKind
from ..directory.schema import Referral, ReferralInput
from ..results import CaseStateConflict, outcome
from . import applicants, commands, domain, handlers, materials
from . import timeline as case_timeline
from .store import CaseFilter

if TYPE_CHECKING:
    from ..delivery.schema import Delivery
    from ..procedures.schema import ApplicantDelay, Extension, SpecialProcedure
    from ..review.schema import HandOver, ReviewState

SEES_FULL_ID = (Role.ADMIN, Role.WINDOW_STAFF, Role.CHIEF_APPROVER)
WINDOW = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.ADMIN)


def _enum(name: str, source, description: str | None = None):
    return strawberry.enum(Enum(name, {m.name: m.value for m in source}), description=description)


IdType = _enum("IdType", applicants.IdType)
ApplicantKind = _enum("ApplicantKind", applicants.ApplicantKind)
CaseStatus = _enum("CaseStatus", domain.CaseStatus)
AcceptanceKind = _enum("AcceptanceKind", domain.AcceptanceKind)
NoticeKind = _enum("NoticeKind", domain.NoticeKind)
MaterialState = _enum("MaterialState", materials.MaterialState)


def _may_read_department(principal: Principal, department: str) -> bool:
    return principal.has_any(*CENTRE_WIDE) or principal.department == department


def _owns(principal: Principal, case: domain.Case) -> bool:
    """An applicant's token names their verified ID number or credit code as its subject."""
    return principal.has_any(Role.APPLICANT) and principal.subject == case.applicant.id_number


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

    @strawberry.field(description="The applicant's copy: a printable PDF, base64-encoded.")
    def pdf_base64(self, info: Info) -> str:
        pdf = info.context.renderer.render(self._case, self._notice)
        return base64.b64encode(pdf).decode()

    @classmethod
    def of(cls, case: domain.Case, n: domain.Notice) -> "Notice":
        return cls(
            number=n.number, kind=NoticeKind(n.kind.value), issued_at=n.issued_at,
            issued_on=n.issued_on, staff_id=n.staff_id, staff_name=n.staff_name, round=n.round,
            materials=[MaterialRecord.of(r) for r in n.materials],
            committed_completion_on=n.committed_completion_on, reasons=list(n.reasons),
            legal_basis=n.legal_basis, referral=Referral.of(n.referral), owed=list(n.owed),
            promised_on=n.promised_on, justification=n.justification,
            expected_days=n.expected_days, extension_days=n.extension_days, _case=case,
            _notice=n)


@strawberry.type(description="One thing that happened to a case, as the applicant reads it.")
class TimelineEntry:
    at: datetime | None
    on: date
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
    def review(self, info: Info) -> Annotated["ReviewState", strawberry.lazy(
            "services.intake.review.schema")] | None:
        info.context.require(*STAFF)
        from ..directory.schema import Position
        from ..review.schema import Awaiting, ReviewOpinion, ReviewState
        r = self._case.review
        if r is None:
            return None
        return ReviewState(
            awaiting=Awaiting(r.awaiting.value), handler=r.handler_id,
            escalation_level=Position(r.level.value) if r.level else None,
            addressed_to=list(self._case.addressed_to),
            opinions=[ReviewOpinion.of(o) for o in r.opinions])

    @strawberry.field(description="Hand-overs between windows or departments (staff only).")
    def handovers(self, info: Info) -> list[Annotated["HandOver", strawberry.lazy(
            "services.intake.review.schema")]]:
        info.context.require(*STAFF)
        from ..review.schema import HandOver
        return [HandOver(step=h.step, from_staff=h.from_staff, to_staff=h.to_staff,
                         to_department=h.to_department, on=h.on, limit=h.limit, note=h.note)
                for h in self._case.handovers]

    @strawberry.field(description="Special procedures (特别程序) and their expected duration.")
    def special_procedures(self) -> list[Annotated["SpecialProcedure", strawberry.lazy(
            "services.intake.procedures.schema")]]:
        from ..procedures.schema import SpecialProcedure
        return [SpecialProcedure.of(p) for p in self._case.procedures]

    @strawberry.field(description="Extension requests (延期), approved or refused as late.")
    def extensions(self) -> list[Annotated["Extension", strawberry.lazy(
            "services.intake.procedures.schema")]]:
        from ..procedures.schema import Extension
        return [Extension.of(e) for e in self._case.extensions]

    @strawberry.field(description="The applicant's own delays (the case counts as on time).")
    def applicant_delays(self) -> list[Annotated["ApplicantDelay", strawberry.lazy(
            "services.intake.procedures.schema")]]:
        from ..procedures.schema import ApplicantDelay
        return [ApplicantDelay.of(d) for d in self._case.applicant_delays]

    @strawberry.field(description="How the result reached the applicant.")
    def delivery(self) -> Annotated["Delivery", strawberry.lazy(
            "services.intake.delivery.schema")] | None:
        from ..delivery.schema import Delivery
        return Delivery.of(self._case.delivery) if self._case.delivery else None

    @classmethod
    def from_domain(cls, case: domain.Case, viewer: Principal) -> "Case":
        full_id = _owns(viewer, case) or (
            viewer.has_any(*SEES_FULL_ID) and _may_read_department(viewer, case.department))
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
                legal_representative=a.legal_representative, contact=a.contact),
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
        return await _readable_case(info, id)


async def _readable_case(info: Info, id_or_number: str) -> Case | None:
    """By id, or by the number printed on its notices (OW…)."""
    viewer = info.context.require(*STAFF, Role.APPLICANT)
    case = await info.context.cases.load(await handlers.case_id_of(info.context.deps,
                                                                   id_or_number))
    if case is None:
        return None
    if _owns(viewer, case):
        return Case.from_domain(case, viewer)
    if viewer.has_any(Role.APPLICANT) and not viewer.has_any(*STAFF):
        raise AuthError("FORBIDDEN", "申请人只能查看本人的申请")
    handed_to = {h.to_staff for h in case.handovers} | set(case.addressed_to)
    if not _may_read_department(viewer, case.department) and viewer.subject not in handed_to:
        raise AuthError("FORBIDDEN", "该办件属于其他部门")
    return Case.from_domain(case, viewer)


# -- inputs and results ---------------------------------------------------------------------
@strawberry.input
class ApplicantInput:
    name: str
    id_type: IdType
    id_number: str
    contact: str
    kind: ApplicantKind = ApplicantKind.PERSON  # type: ignore[attr-defined]
    legal_representative: str | None = None


@strawberry.input(description="One material as handed in; a listed material not named is missing.")
class HandedInMaterialInput:
    name: str
    state: MaterialState = MaterialState.PRESENT  # type: ignore[attr-defined]
    reason: str | None = strawberry.field(default=None, description="Required when defective")

    def to_command(self) -> commands.HandedInMaterial:
        return commands.HandedInMaterial(self.name, self.state.value, self.reason)


@strawberry.input
class SubmitApplicationInput:
    service_item_id: strawberry.ID
    applicant: ApplicantInput
    materials: list[HandedInMaterialInput] = strawberry.field(default_factory=list)
    window: str | None = None


@strawberry.input
class ProposeRejectionInput:
    case_id: strawberry.ID
    reasons: list[str]
    legal_basis: str
    referral: ReferralInput | None = strawberry.field(
        default=None, description="For a matter of another department or outside the centre")


@strawberry.input(description="Every given criterion must match.")
class CaseFilterInput:
    applicant_id_number: str | None = None
    applicant_name: str | None = strawberry.field(default=None, description="Part of the name")
    window: str | None = None
    status: CaseStatus | None = None
    received_from: date | None = None
    received_to: date | None = None
    department: str | None = strawberry.field(default=None,
                                              description="Centre-wide roles only")


@strawberry.type
class ApplicationSubmitted:
    case: Case


@strawberry.type
class ApplicationAccepted:
    case: Case


@strawberry.type
class CaseUpdated:
    case: Case


SubmitApplicationResult = Annotated[
    ApplicationSubmitted | InvalidInput | NotFound, strawberry.union("SubmitApplicationResult")]
AcceptApplicationResult = Annotated[
    ApplicationAccepted | InvalidInput | NotFound | CaseStateConflict,
    strawberry.union("AcceptApplicationResult")]
CaseOutcome = Annotated[CaseUpdated | InvalidInput | NotFound | CaseStateConflict,
                        strawberry.union("CaseOutcome")]


async def run_case_step(info: Info, call, wrap=CaseUpdated):
    viewer = info.context.viewer()
    return await outcome(call, lambda case: wrap(case=Case.from_domain(case, viewer)),
                         conflict=CaseStateConflict)


def _cases_connection(cases: list[domain.Case], viewer: Principal, size: int) -> Connection[Case]:
    return connection([Case.from_domain(c, viewer) for c in cases],
                      [c.case_number for c in cases], size)


@strawberry.type
class CaseQuery:
    @strawberry.field(name="case", description="A case: staff of its department, centre-wide "
                                               "roles, or the applicant who made it.")
    async def case_(self, info: Info, id: strawberry.ID) -> Case | None:
        return await _readable_case(info, id)

    @strawberry.field(description="Search cases, newest first: staff see their department's, "
                                  "centre-wide roles every department's.")
    async def cases(self, info: Info, filter: CaseFilterInput | None = None, first: int = 20,
                    after: str | None = None) -> Connection[Case]:
        viewer = info.context.require(*STAFF)
        f = filter or CaseFilterInput()
        department = f.department if viewer.has_any(*CENTRE_WIDE) else viewer.department
        if not department and not viewer.has_any(*CENTRE_WIDE):
            raise AuthError("FORBIDDEN", "令牌未注明部门")
        if f.received_from and f.received_to and f.received_to < f.received_from:
            raise InputError("filter.receivedTo", "END_BEFORE_START", "结束日期早于开始日期")
        id_number = (f.applicant_id_number or "").strip().upper() or None
        name = text("filter.applicantName", f.applicant_name, SHORT_MAX, required=False) or None
        size = page_size(first)
        found = await info.context.deps.store.search(CaseFilter(
            department=department, applicant_id_number=id_number, applicant_name=name,
            window=(f.window or "").strip() or None,
            status=f.status.value if f.status else None, received_from=f.received_from,
            received_to=f.received_to), decode_cursor(after), size + 1)
        return _cases_connection(found, viewer, size)

    @strawberry.field(description="The calling applicant's own applications, newest first.")
    async def my_applications(self, info: Info, first: int = 20,
                              after: str | None = None) -> Connection[Case]:
        viewer = info.context.require(Role.APPLICANT)
        size = page_size(first)
        found = await info.context.deps.store.cases_of_applicant(
            viewer.subject, decode_cursor(after), size + 1)
        return _cases_connection(found, viewer, size)

    @strawberry.field(description="Rejections waiting for consent, addressed to the caller "
                                  "(as chief approver, or as B of an absent one).")
    async def pending_rejections(self, info: Info, first: int = 20,
                                 after: str | None = None) -> Connection[Case]:
        viewer = info.context.require(*STAFF)
        size = page_size(first)
        addressee = None if viewer.has_any(*CENTRE_WIDE) else viewer.subject
        found = await info.context.deps.store.pending_rejections(
            addressee, decode_cursor(after), size + 1)
        return _cases_connection(found, viewer, size)


@strawberry.type
class CaseMutation:
    @strawberry.mutation(description="Receive an application; a material receipt is issued.")
    async def submit_application(self, info: Info,
                                 input: SubmitApplicationInput) -> SubmitApplicationResult:
        principal = info.context.require(*WINDOW)
        a = input.applicant
        cmd = commands.SubmitApplication(
            service_item_id=input.service_item_id,
            applicant=commands.ApplicantDetails(
                name=a.name, id_type=a.id_type.value, id_number=a.id_number, contact=a.contact,
                kind=a.kind.value, legal_representative=a.legal_representative),
            materials=[m.to_command() for m in input.materials], window=input.window)
        return await run_case_step(info, handlers.submit_application(cmd, info.context.deps, principal),
                          ApplicationSubmitted)

    @strawberry.mutation(description="Accept (受理通知书); an immediate item can be decided now.")
    async def accept_application(self, info: Info, case_id: strawberry.ID,
                                 decide_now: bool = False) -> AcceptApplicationResult:
        principal = info.context.require(*WINDOW)
        cmd = commands.AcceptApplication(case_id=case_id, decide_now=decide_now)
        return await run_case_step(info, handlers.accept_application(cmd, info.context.deps, principal),
                          ApplicationAccepted)

    @strawberry.mutation(description="容缺受理: accept while non-essential materials are owed.")
    async def accept_with_materials_owed(self, info: Info, case_id: strawberry.ID,
                                         promised_on: date) -> CaseOutcome:
        principal = info.context.require(*WINDOW)
        cmd = commands.AcceptWithMaterialsOwed(case_id=case_id, promised_on=promised_on)
        return await run_case_step(info, handlers.accept_with_materials_owed(cmd, info.context.deps,
                                                                    principal))

    @strawberry.mutation(description="Owed materials handed in; when all are in, the clock starts.")
    async def record_owed_materials(self, info: Info, case_id: strawberry.ID,
                                    materials: list[str]) -> CaseOutcome:
        principal = info.context.require(*WINDOW)
        cmd = commands.RecordOwedMaterials(case_id=case_id, materials=list(materials))
        return await run_case_step(info, handlers.record_owed_materials(cmd, info.context.deps, principal))

    @strawberry.mutation(description="补正告知书: lists every missing or defective material.")
    async def request_correction(
        self, info: Info, case_id: strawberry.ID,
        extra_defects: list[HandedInMaterialInput] = [],  # noqa: B006 (strawberry default)
        justification: str | None = None,
    ) -> CaseOutcome:
        principal = info.context.require(*WINDOW)
        cmd = commands.RequestCorrection(case_id, [m.to_command() for m in extra_defects],
                                         justification)
        return await run_case_step(info, handlers.request_correction(cmd, info.context.deps, principal))

    @strawberry.mutation(description="The applicant returns after a correction notice.")
    async def resubmit_materials(self, info: Info, case_id: strawberry.ID,
                                 materials: list[HandedInMaterialInput]) -> CaseOutcome:
        principal = info.context.require(*WINDOW)
        cmd = commands.ResubmitMaterials(case_id, [m.to_command() for m in materials])
        return await run_case_step(info, handlers.resubmit_materials(cmd, info.context.deps, principal))

    @strawberry.mutation(description="Propose 不予受理; effective once the chief approver consents.")
    async def propose_rejection(self, info: Info, input: ProposeRejectionInput) -> CaseOutcome:
        principal = info.context.require(*WINDOW)
        cmd = commands.ProposeRejection(
            input.case_id, list(input.reasons), input.legal_basis,
            input.referral.to_command() if input.referral else None)
        return await run_case_step(info, handlers.propose_rejection(cmd, info.context.deps, principal))

    @strawberry.mutation(description="The chief approver (or B acting for them) consents.")
    async def consent_to_rejection(self, info: Info, case_id: strawberry.ID) -> CaseOutcome:
        principal = info.context.require(*STAFF)
        cmd = commands.ConsentToRejection(case_id)
        return await run_case_step(info, handlers.consent_to_rejection(cmd, info.context.deps, principal))

    @strawberry.mutation(description="The chief approver does not consent; back to the window.")
    async def decline_rejection(self, info: Info, case_id: strawberry.ID,
                                reason: str) -> CaseOutcome:
        principal = info.context.require(*STAFF)
        cmd = commands.DeclineRejection(case_id, reason)
        return await run_case_step(info, handlers.decline_rejection(cmd, info.context.deps, principal))
