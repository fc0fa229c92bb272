"""GraphQL for cases at the window: receipt, the material check and its outcomes, rejection
with the chief approver's consent, reading and searching cases. The `Case` type is in
`types.py`.

Resolvers only turn input into commands and results into types; rules live in the domain.
"""

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, STAFF, Principal, Role, department_scope
from services.kit.graphql import (
    Connection, InputError, InvalidInput, NotFound, connection, decode_cursor, page_size,
)
from services.kit.validation import SHORT_MAX, text

from ..directory.schema import ReferralInput
from ..results import CaseStateConflict, outcome
from . import commands, domain, handlers
from .store import CaseFilter
from .types import (
    ApplicantKind, Case, CaseStatus, IdType, MaterialState, readable_case,
)

WINDOW = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.ADMIN)


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
        return await readable_case(info, id)

    @strawberry.field(description="Search cases, newest first: staff see their department's, "
                                  "centre-wide roles every department's.")
    async def cases(self, info: Info, filter: CaseFilterInput | None = None, first: int = 20,
                    after: str | None = None) -> Connection[Case]:
        viewer = info.context.require(*STAFF)
        f = filter or CaseFilterInput()
        department = department_scope(viewer, f.department)
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

    @strawberry.field(description="Cases received at the caller's own window (as the staff "
                                  "directory records it), newest first.")
    async def cases_at_my_window(self, info: Info, first: int = 20,
                                 after: str | None = None) -> Connection[Case]:
        viewer = info.context.require(*STAFF)
        me = await info.context.deps.store.staff.get(viewer.subject)
        if me is None or not me.window:
            raise InputError("window", "NO_WINDOW", "名录中未登记您的窗口")
        size = page_size(first)
        found = await info.context.deps.store.search(CaseFilter(
            department=me.department, window=me.window), decode_cursor(after), size + 1)
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
