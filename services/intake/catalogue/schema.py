"""GraphQL for the service-item catalogue: public reading and search, staff drafts,
administrators' editing and publishing."""

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import STAFF, Role
from services.kit.graphql import (
    Connection, InvalidInput, NotFound, TimeUnit, connection, decode_cursor, page_size,
)

from ..deps import act_for_department
from ..directory.schema import Position
from ..results import ConcurrentEdit, outcome
from . import commands
from . import domain as catalogue
from . import handlers as catalogue_handlers

EDITORS = (Role.ADMIN, Role.DEPARTMENT_HEAD)

ItemType = strawberry.enum(Enum("ItemType", {m.name: m.value for m in catalogue.ItemType}),
                           description="行政许可 / 其他依申请行政权力 / 公共服务")
ServiceObject = strawberry.enum(
    Enum("ServiceObject", {m.name: m.value for m in catalogue.ServiceObject}),
    description="服务对象: 自然人 / 法人 / 其他组织")
CaseKind = strawberry.enum(Enum("CaseKind", {m.name: m.value for m in catalogue.CaseKind}),
                           description="即办件 / 承诺件 / 联办件")
MaterialForm = strawberry.enum(
    Enum("MaterialForm", {m.name: m.value for m in catalogue.MaterialForm}))
ReviewChainKind = strawberry.enum(
    Enum("ReviewChainKind", {m.name: m.value for m in catalogue.ReviewChainKind}),
    description="承办→审核→批准, or 受理→批准 (the acceptor is the reviewer)")
ResultKind = strawberry.enum(Enum("ResultKind", {m.name: m.value for m in catalogue.ResultKind}),
                             description="许可证 / 证照 / 决定书")
ItemStatus = strawberry.enum(Enum("ItemStatus", {m.name: m.value for m in catalogue.ItemStatus}))


@strawberry.type
class Material:
    name: str
    form: MaterialForm
    copies: int
    essential: bool
    blank_form: bool
    sample: bool


@strawberry.type
class Fee:
    free: bool
    amount: str | None
    basis: str | None


@strawberry.type(description="The standard elements of one version of a service item.")
class ItemDetails:
    name: str
    type: ItemType
    legal_basis: str
    conditions: str
    materials: list[Material]
    statutory_limit: int
    committed_limit: int
    limit_unit: TimeUnit
    fee: Fee
    responsible_post: str
    place: str
    process_steps: list[str]
    supervision_phone: str
    case_kind: CaseKind
    co_departments: list[str]
    clock_starts_at_acceptance_when_owed: bool
    review_chain: ReviewChainKind
    decision_level: Position
    result_kind: ResultKind
    result_name: str
    service_objects: list[ServiceObject] = strawberry.field(description="服务对象")
    intermediary_services: list[str] = strawberry.field(
        description="中介服务 the applicant obtains first; none when empty")

    @classmethod
    def of(cls, e: catalogue.ItemElements) -> "ItemDetails":
        return cls(
            name=e.name, type=ItemType(e.type.value), legal_basis=e.legal_basis,
            conditions=e.conditions,
            materials=[Material(name=m.name, form=MaterialForm(m.form.value), copies=m.copies,
                                essential=m.essential, blank_form=m.blank_form, sample=m.sample)
                       for m in e.materials],
            statutory_limit=e.statutory_limit, committed_limit=e.committed_limit,
            limit_unit=TimeUnit(e.limit_unit.value),
            fee=Fee(free=e.fee.free, amount=e.fee.amount, basis=e.fee.basis),
            responsible_post=e.responsible_post, place=e.place,
            process_steps=list(e.process_steps), supervision_phone=e.supervision_phone,
            case_kind=CaseKind(e.case_kind.value), co_departments=list(e.co_departments),
            clock_starts_at_acceptance_when_owed=e.clock_starts_at_acceptance_when_owed,
            review_chain=ReviewChainKind(e.review_chain.value),
            decision_level=Position(e.decision_level.value),
            result_kind=ResultKind(e.result_kind.value), result_name=e.result_name,
            service_objects=[ServiceObject(o.value) for o in e.service_objects],
            intermediary_services=list(e.intermediary_services))


@strawberry.federation.type(keys=["id"], description="政务服务事项: a catalogued procedure.")
class ServiceItem:
    id: strawberry.ID
    code: str
    department: str
    status: ItemStatus
    published_version: int
    published_at: datetime | None
    published: ItemDetails | None = strawberry.field(
        description="The version applicants apply under; null until first published.")
    has_unpublished_changes: bool
    withdrawn_at: datetime | None
    withdrawal_reason: str | None
    _draft: strawberry.Private[catalogue.ItemElements]

    @strawberry.field(description="The draft being edited; staff only.")
    def draft(self, info: Info) -> ItemDetails:
        info.context.require(*STAFF)
        return ItemDetails.of(self._draft)

    @classmethod
    def from_domain(cls, item: catalogue.ServiceItem) -> "ServiceItem":
        return cls(
            id=strawberry.ID(item.id), code=item.code, department=item.department,
            status=ItemStatus(item.status.value), published_version=item.published_version,
            published_at=item.published_at,
            published=ItemDetails.of(item.published) if item.published else None,
            has_unpublished_changes=item.draft_changed, withdrawn_at=item.withdrawn_at,
            withdrawal_reason=item.withdrawal_reason, _draft=item.draft)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "ServiceItem | None":
        return await readable_item(info, id)


async def readable_item(info: Info, item_id: str) -> ServiceItem | None:
    item = await info.context.items.load(item_id)
    if item is None:
        return None
    if item.published is None:
        info.context.require(*STAFF)  # never-published drafts are for staff only
    return ServiceItem.from_domain(item)


@strawberry.input
class MaterialInput:
    name: str
    form: MaterialForm = MaterialForm.ORIGINAL  # type: ignore[attr-defined]
    copies: int = 1
    essential: bool = True
    blank_form: bool = False
    sample: bool = False


@strawberry.input
class ItemDetailsInput:
    name: str
    statutory_limit: int = strawberry.field(description="法定时限")
    committed_limit: int = strawberry.field(description="承诺时限; ≤ statutory")
    type: ItemType = ItemType.ADMINISTRATIVE_LICENCE  # type: ignore[attr-defined]
    limit_unit: TimeUnit = TimeUnit.WORKING_DAYS
    legal_basis: str = ""
    conditions: str = ""
    materials: list[MaterialInput] = strawberry.field(default_factory=list)
    fee_free: bool = True
    fee_amount: str | None = None
    fee_basis: str | None = None
    responsible_post: str = ""
    place: str = ""
    process_steps: list[str] = strawberry.field(default_factory=list)
    supervision_phone: str = ""
    case_kind: CaseKind = CaseKind.COMMITTED  # type: ignore[attr-defined]
    co_departments: list[str] = strawberry.field(default_factory=list)
    clock_starts_at_acceptance_when_owed: bool = False
    review_chain: ReviewChainKind = ReviewChainKind.FULL  # type: ignore[attr-defined]
    decision_level: Position = strawberry.field(
        default=Position.SECTION_HEAD,  # type: ignore[attr-defined]
        description="Who holds decision authority (批准) for the item")
    result_kind: ResultKind = ResultKind.DECISION  # type: ignore[attr-defined]
    result_name: str = ""
    service_objects: list[ServiceObject] = strawberry.field(default_factory=list,
                                                            description="服务对象")
    intermediary_services: list[str] = strawberry.field(default_factory=list,
                                                        description="中介服务")

    def to_command(self) -> commands.ItemDetails:
        return commands.ItemDetails(
            name=self.name, statutory_limit=self.statutory_limit,
            committed_limit=self.committed_limit, type=self.type.value,
            limit_unit=self.limit_unit.value, legal_basis=self.legal_basis,
            conditions=self.conditions,
            materials=[commands.MaterialDetails(m.name, m.form.value, m.copies, m.essential,
                                                m.blank_form, m.sample) for m in self.materials],
            fee_free=self.fee_free, fee_amount=self.fee_amount, fee_basis=self.fee_basis,
            responsible_post=self.responsible_post, place=self.place,
            process_steps=list(self.process_steps), supervision_phone=self.supervision_phone,
            case_kind=self.case_kind.value, co_departments=list(self.co_departments),
            clock_starts_at_acceptance_when_owed=self.clock_starts_at_acceptance_when_owed,
            review_chain=self.review_chain.value, decision_level=self.decision_level.value,
            result_kind=self.result_kind.value, result_name=self.result_name,
            service_objects=[o.value for o in self.service_objects],
            intermediary_services=list(self.intermediary_services))


@strawberry.input
class CreateServiceItemInput(ItemDetailsInput):
    code: str
    department: str
    publish: bool = strawberry.field(default=False, description="Publish as version 1 at once.")


@strawberry.type
class ServiceItemSaved:
    service_item: ServiceItem


ServiceItemResult = Annotated[ServiceItemSaved | InvalidInput | NotFound | ConcurrentEdit,
                              strawberry.union("ServiceItemResult")]


async def _run(call) -> ServiceItemResult:
    return await outcome(call, lambda item: ServiceItemSaved(
        service_item=ServiceItem.from_domain(item)))


@strawberry.type
class CatalogueQuery:
    @strawberry.field(description="Published service items; public, no login needed. "
                                  "`keyword` matches name, conditions or code.")
    async def service_items(
        self, info: Info, department: str | None = None, type: ItemType | None = None,
        keyword: str | None = None, first: int = 20, after: str | None = None,
    ) -> Connection[ServiceItem]:
        info.context.viewer()
        size = page_size(first)
        items = await info.context.deps.store.published_items(
            department, type.value if type else None, (keyword or "").strip() or None,
            decode_cursor(after), size + 1)
        return connection([ServiceItem.from_domain(i) for i in items], [i.code for i in items],
                          size)

    @strawberry.field(description="Items with unpublished changes (drafts); staff only.")
    async def draft_service_items(
        self, info: Info, department: str | None = None, first: int = 20,
        after: str | None = None,
    ) -> Connection[ServiceItem]:
        info.context.require(*STAFF)
        size = page_size(first)
        items = await info.context.deps.store.draft_items(department, decode_cursor(after),
                                                          size + 1)
        return connection([ServiceItem.from_domain(i) for i in items], [i.code for i in items],
                          size)

    @strawberry.field
    async def service_item(self, info: Info, id: strawberry.ID) -> ServiceItem | None:
        info.context.viewer()
        return await readable_item(info, id)


@strawberry.type
class CatalogueMutation:
    @strawberry.mutation(description="A new item as a draft (or published at once).")
    async def create_service_item(self, info: Info,
                                  input: CreateServiceItemInput) -> ServiceItemResult:
        principal = info.context.require(*EDITORS)
        cmd = commands.CreateServiceItem(code=input.code, department=input.department,
                                         details=input.to_command(), publish=input.publish)
        act_for_department(principal, input.department)
        return await _run(catalogue_handlers.create_service_item(cmd, info.context.deps,
                                                                 principal))

    @strawberry.mutation(description="Change the draft; published versions stay as they are.")
    async def revise_service_item(self, info: Info, id: strawberry.ID,
                                  input: ItemDetailsInput) -> ServiceItemResult:
        principal = info.context.require(*EDITORS)
        cmd = commands.ReviseServiceItem(service_item_id=id, details=input.to_command())
        return await _run(catalogue_handlers.revise_service_item(cmd, info.context.deps,
                                                                 principal))

    @strawberry.mutation(description="Withdraw a published item: no new applications; its "
                                     "cases keep the version they were received under.")
    async def withdraw_service_item(self, info: Info, id: strawberry.ID,
                                    reason: str) -> ServiceItemResult:
        principal = info.context.require(*EDITORS)
        cmd = commands.WithdrawServiceItem(service_item_id=id, reason=reason)
        return await _run(catalogue_handlers.withdraw_service_item(cmd, info.context.deps,
                                                                   principal))

    @strawberry.mutation(description="Publish the draft as the next version (every standard "
                                     "element stated: ELEMENTS_MISSING otherwise).")
    async def publish_service_item(self, info: Info, id: strawberry.ID) -> ServiceItemResult:
        principal = info.context.require(*EDITORS)
        cmd = commands.PublishServiceItem(service_item_id=id)
        return await _run(catalogue_handlers.publish_service_item(cmd, info.context.deps,
                                                                  principal))
