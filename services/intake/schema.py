"""Intake's GraphQL subgraph: the service-item catalogue and cases at the window.

Resolvers only turn input into commands and results into types; rules live in the domain.
"""

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.aggregates import ConcurrentChange
from services.kit.auth import AuthError, Principal, Role
from services.kit.graphql import (
    Connection, InputError, Schema, TimeUnit, InvalidInput, NotFound, connection, decode_cursor,
    page_size,
)

from . import commands, domain, handlers

STAFF = (Role.ADMIN, Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD,
         Role.SUPERVISOR, Role.EFFICIENCY_OFFICER)
CENTRE_WIDE = (Role.ADMIN, Role.SUPERVISOR, Role.EFFICIENCY_OFFICER)
SEES_FULL_ID = (Role.ADMIN, Role.WINDOW_STAFF, Role.CHIEF_APPROVER)


@strawberry.enum
class IdType(Enum):
    RESIDENT_ID_CARD = "resident_id_card"
    PASSPORT = "passport"


@strawberry.enum
class CaseStatus(Enum):
    RECEIVED = "received"
    ACCEPTED = "accepted"


@strawberry.enum
class ItemStatus(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


def _may_read_department(principal: Principal, department: str) -> bool:
    return principal.has_any(*CENTRE_WIDE) or principal.department == department


@strawberry.federation.type(keys=["id"], description="政务服务事项: a catalogued procedure.")
class ServiceItem:
    id: strawberry.ID
    code: str
    name: str
    department: str
    statutory_limit: int
    committed_limit: int
    limit_unit: TimeUnit
    status: ItemStatus

    @classmethod
    def from_domain(cls, item: domain.ServiceItem) -> "ServiceItem":
        return cls(
            id=strawberry.ID(item.id), code=item.code, name=item.name,
            department=item.department, statutory_limit=item.statutory_limit,
            committed_limit=item.committed_limit, limit_unit=TimeUnit(item.limit_unit.value),
            status=ItemStatus(item.status.value),
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "ServiceItem | None":
        return await _readable_item(info, id)


async def _readable_item(info: Info, item_id: str) -> ServiceItem | None:
    item = await info.context.items.load(item_id)
    if item is None:
        return None
    if item.status is not domain.ItemStatus.PUBLISHED:
        # Drafts are for staff only.
        info.context.require(*STAFF)
    return ServiceItem.from_domain(item)


@strawberry.type(description="The service item as it stood when the case was received.")
class CaseServiceItem:
    id: strawberry.ID
    code: str
    name: str
    committed_limit: int
    limit_unit: TimeUnit


@strawberry.type
class Applicant:
    name: str
    id_type: IdType
    id_number: str = strawberry.field(description="Masked unless the caller's role needs it.")
    contact: str


@strawberry.federation.type(keys=["id"], description="办件: one application, receipt to result.")
class Case:
    id: strawberry.ID
    case_number: str
    status: CaseStatus
    department: str
    service_item: CaseServiceItem
    applicant: Applicant
    materials: list[str]
    received_at: datetime
    received_by: str
    window: str | None
    accepted_at: datetime | None
    accepted_by: str | None

    @classmethod
    def from_domain(cls, case: domain.Case, viewer: Principal) -> "Case":
        full_id = viewer.has_any(*SEES_FULL_ID) and _may_read_department(viewer, case.department)
        a = case.applicant
        return cls(
            id=strawberry.ID(case.id), case_number=case.case_number,
            status=CaseStatus(case.status.value), department=case.department,
            service_item=CaseServiceItem(
                id=strawberry.ID(case.item.id), code=case.item.code, name=case.item.name,
                committed_limit=case.item.committed_limit,
                limit_unit=TimeUnit(case.item.limit_unit.value),
            ),
            applicant=Applicant(
                name=a.name, id_type=IdType(a.id_type.value), contact=a.contact,
                id_number=a.id_number if full_id else a.masked_id_number(),
            ),
            materials=list(case.materials), received_at=case.received_at,
            received_by=case.received_by, window=case.window, accepted_at=case.accepted_at,
            accepted_by=case.accepted_by,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Case | None":
        return await _readable_case(info, id)


async def _readable_case(info: Info, case_id: str) -> Case | None:
    viewer = info.context.require(*STAFF)
    case = await info.context.cases.load(case_id)
    if case is None:
        return None
    if not _may_read_department(viewer, case.department):
        raise AuthError("FORBIDDEN", "this case belongs to another department")
    return Case.from_domain(case, viewer)


# -- inputs and results ---------------------------------------------------------------------
@strawberry.input
class CreateServiceItemInput:
    code: str
    name: str
    department: str
    statutory_limit: int = strawberry.field(description="法定时限, working days")
    committed_limit: int = strawberry.field(description="承诺时限, working days; ≤ statutory")


@strawberry.input
class ApplicantInput:
    name: str
    id_type: IdType
    id_number: str
    contact: str


@strawberry.input
class SubmitApplicationInput:
    service_item_id: strawberry.ID
    applicant: ApplicantInput
    materials: list[str] = strawberry.field(default_factory=list)
    window: str | None = None


@strawberry.type
class ServiceItemCreated:
    service_item: ServiceItem


@strawberry.type
class ApplicationSubmitted:
    case: Case


@strawberry.type
class ApplicationAccepted:
    case: Case


@strawberry.type(description="The case is not in a state that allows this step.")
class CaseStateConflict:
    code: str
    message: str


CreateServiceItemResult = Annotated[
    ServiceItemCreated | InvalidInput, strawberry.union("CreateServiceItemResult")
]
SubmitApplicationResult = Annotated[
    ApplicationSubmitted | InvalidInput | NotFound, strawberry.union("SubmitApplicationResult")
]
AcceptApplicationResult = Annotated[
    ApplicationAccepted | NotFound | CaseStateConflict, strawberry.union("AcceptApplicationResult")
]


def _not_found(exc: handlers.NotFoundError) -> NotFound:
    return NotFound(code="NOT_FOUND", message=str(exc), id=strawberry.ID(exc.id))


@strawberry.type
class Query:
    @strawberry.field(description="Published service items; public, no login needed.")
    async def service_items(
        self, info: Info, department: str | None = None, first: int = 20,
        after: str | None = None,
    ) -> Connection[ServiceItem]:
        size = page_size(first)
        items = await info.context.deps.store.published_items(
            department, decode_cursor(after), size + 1
        )
        return connection([ServiceItem.from_domain(i) for i in items], [i.code for i in items], size)

    @strawberry.field
    async def service_item(self, info: Info, id: strawberry.ID) -> ServiceItem | None:
        info.context.viewer()
        return await _readable_item(info, id)

    @strawberry.field(name="case", description="A case; staff of its department or centre-wide roles.")
    async def case_(self, info: Info, id: strawberry.ID) -> Case | None:
        return await _readable_case(info, id)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_service_item(
        self, info: Info, input: CreateServiceItemInput
    ) -> CreateServiceItemResult:
        principal = info.context.require(Role.ADMIN)
        cmd = commands.CreateServiceItem(
            code=input.code, name=input.name, department=input.department,
            statutory_limit=input.statutory_limit, committed_limit=input.committed_limit,
        )
        try:
            item = await handlers.create_service_item(cmd, info.context.deps, principal)
        except InputError as exc:
            return exc.to_graphql()
        return ServiceItemCreated(service_item=ServiceItem.from_domain(item))

    @strawberry.mutation
    async def submit_application(
        self, info: Info, input: SubmitApplicationInput
    ) -> SubmitApplicationResult:
        principal = info.context.require(Role.WINDOW_STAFF, Role.ADMIN)
        a = input.applicant
        cmd = commands.SubmitApplication(
            service_item_id=input.service_item_id,
            applicant=commands.ApplicantDetails(
                name=a.name, id_type=a.id_type.value, id_number=a.id_number, contact=a.contact
            ),
            materials=list(input.materials),
            window=input.window,
        )
        try:
            case = await handlers.submit_application(cmd, info.context.deps, principal)
        except InputError as exc:
            return exc.to_graphql()
        except handlers.NotFoundError as exc:
            return _not_found(exc)
        return ApplicationSubmitted(case=Case.from_domain(case, principal))

    @strawberry.mutation
    async def accept_application(
        self, info: Info, case_id: strawberry.ID
    ) -> AcceptApplicationResult:
        principal = info.context.require(Role.WINDOW_STAFF, Role.ADMIN)
        try:
            case = await handlers.accept_application(
                commands.AcceptApplication(case_id=case_id), info.context.deps, principal
            )
        except handlers.NotFoundError as exc:
            return _not_found(exc)
        except domain.CaseStateError as exc:
            return CaseStateConflict(code=exc.code, message=exc.message)
        except ConcurrentChange:
            return CaseStateConflict(
                code="CONCURRENT_CHANGE", message="the case changed meanwhile; reload it"
            )
        return ApplicationAccepted(case=Case.from_domain(case, principal))


schema = Schema(query=Query, mutation=Mutation)
