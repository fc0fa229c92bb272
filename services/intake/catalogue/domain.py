"""The service-item catalogue (政务服务事项, 003 三级九统, 000 限时办结 §5).

An item is edited as a draft and published as numbered versions. A case keeps a copy of the
version it was received under, so editing an item never changes an existing case.
"""

import enum
import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from services.kit.codec import transient
from services.kit.domain import DomainEvent
from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, TEXT_MAX, choice, code, text

from ..directory.domain import Position
from . import commands
from .events import ServiceItemPublished, ServiceItemRevised, ServiceItemWithdrawn

ITEM_NAME_MAX = 200
MATERIALS_MAX, STEPS_MAX, INTERMEDIARIES_MAX = 50, 30, 10
LIMIT_MAX_DAYS = 3650
PHONE_PATTERN = re.compile(r"^[0-9+\-() ]{3,30}$")


class ItemType(enum.StrEnum):
    ADMINISTRATIVE_LICENCE = "administrative_licence"  # 行政许可
    OTHER_POWER = "other_power"  # 其他依申请行政权力
    PUBLIC_SERVICE = "public_service"  # 公共服务


class ServiceObject(enum.StrEnum):
    """服务对象, one of the nine common elements (三级九统)."""
    NATURAL_PERSON = "natural_person"  # 自然人
    LEGAL_PERSON = "legal_person"  # 法人
    OTHER_ORGANISATION = "other_organisation"  # 其他组织


class CaseKind(enum.StrEnum):
    IMMEDIATE = "immediate"  # 即办件
    COMMITTED = "committed"  # 承诺件
    JOINT = "joint"  # 联办件


class ReviewChainKind(enum.StrEnum):
    """The item's process (000 责任追究 §4)."""
    FULL = "full"  # 承办 → 审核 → 批准
    ACCEPT_AND_APPROVE = "accept_and_approve"  # 受理 → 批准: the acceptor is the reviewer


class ResultKind(enum.StrEnum):
    """What an approval produces (审批结果)."""
    LICENCE = "licence"  # 许可证
    CERTIFICATE = "certificate"  # 证照 / 证书
    DECISION = "decision"  # 决定书 / 批复


class LimitUnit(enum.StrEnum):
    WORKING_DAYS = "working_days"
    NATURAL_DAYS = "natural_days"


class MaterialForm(enum.StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"


class ItemStatus(enum.StrEnum):
    DRAFT = "draft"  # never published
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"  # no longer applied for; stays readable on its cases


# 000 限时办结 §5, 003 三级九统: what an item must state before the public sees it.
REQUIRED_ELEMENTS = {"legal_basis": ("legalBasis", "法律依据"),
                     "conditions": ("conditions", "申请条件"),
                     "materials": ("materials", "申请材料"),
                     "responsible_post": ("responsiblePost", "岗位责任人"),
                     "place": ("place", "办理地点"),
                     "process_steps": ("processSteps", "办理流程")}


@dataclass(frozen=True)
class Material:
    name: str
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = 1
    essential: bool = True
    blank_form: bool = False  # 空白表格 available
    sample: bool = False  # 示范文本 available


@dataclass(frozen=True)
class Fee:
    free: bool = True
    amount: str | None = None
    basis: str | None = None


@dataclass(frozen=True)
class ItemElements:
    """Everything the public sees of one version of an item."""
    name: str
    type: ItemType
    legal_basis: str
    conditions: str
    materials: tuple[Material, ...]
    statutory_limit: int
    committed_limit: int
    limit_unit: LimitUnit
    fee: Fee
    responsible_post: str
    place: str
    process_steps: tuple[str, ...]
    supervision_phone: str
    case_kind: CaseKind
    co_departments: tuple[str, ...] = ()  # joint items; the item's department leads
    # 补办件: the clock normally starts once owed materials are in; an item may say otherwise.
    clock_starts_at_acceptance_when_owed: bool = False
    review_chain: ReviewChainKind = ReviewChainKind.FULL
    # Who holds decision authority (批准) for the item; a chief approver decides too where
    # their appointment delegates the item.
    decision_level: Position = Position.SECTION_HEAD
    result_kind: ResultKind = ResultKind.DECISION
    result_name: str = ""  # e.g. 食品经营许可证; empty: the item's name
    # 服务对象 and 中介服务 (三级九统): who may apply; intermediary services the applicant must
    # obtain first (e.g. 施工图审查), none when empty
    service_objects: tuple[ServiceObject, ...] = ()
    intermediary_services: tuple[str, ...] = ()

    def material(self, name: str) -> Material | None:
        return next((m for m in self.materials if m.name == name), None)


@dataclass(frozen=True)
class CataloguePolicy:
    # 001 requires the committed limit to be strictly shorter than the statutory one.
    committed_strictly_shorter: bool = False


def _limits(d: commands.ItemDetails, policy: CataloguePolicy) -> None:
    for name, value in (("statutoryLimit", d.statutory_limit),
                        ("committedLimit", d.committed_limit)):
        if not 1 <= value <= LIMIT_MAX_DAYS:
            raise InputError(name, "OUT_OF_RANGE", f"{name} 须在 1 至 {LIMIT_MAX_DAYS} 天之间")
    # 限时办结: the committed limit may not exceed the statutory one.
    if d.committed_limit > d.statutory_limit:
        raise InputError("committedLimit", "COMMITTED_EXCEEDS_STATUTORY",
                         f"承诺时限 {d.committed_limit} 超过法定时限 {d.statutory_limit}")
    if policy.committed_strictly_shorter and d.committed_limit == d.statutory_limit:
        raise InputError("committedLimit", "COMMITTED_NOT_SHORTER",
                         "本中心要求承诺时限短于法定时限")


def _materials(raw: list[commands.MaterialDetails]) -> tuple[Material, ...]:
    if len(raw) > MATERIALS_MAX:
        raise InputError("materials", "TOO_MANY", f"申请材料最多 {MATERIALS_MAX} 项")
    materials, seen = [], set()
    for i, m in enumerate(raw):
        name = text(f"materials[{i}].name", m.name, SHORT_MAX)
        if name in seen:
            raise InputError(f"materials[{i}].name", "DUPLICATE_MATERIAL", f"材料“{name}”重复")
        if not 1 <= m.copies <= 20:
            raise InputError(f"materials[{i}].copies", "OUT_OF_RANGE", "份数须在 1 至 20 之间")
        seen.add(name)
        materials.append(Material(name, MaterialForm(m.form), m.copies, m.essential,
                                  m.blank_form, m.sample))
    return tuple(materials)


def elements_from(d: commands.ItemDetails, department: str,
                  policy: CataloguePolicy) -> ItemElements:
    _limits(d, policy)
    kind = CaseKind(d.case_kind)
    co = tuple(dict.fromkeys(code("coDepartments", c) for c in d.co_departments))
    if kind is CaseKind.JOINT and not co:
        raise InputError("coDepartments", "JOINT_NEEDS_CO_DEPARTMENTS", "联办件须列明协办部门")
    if kind is not CaseKind.JOINT and co:
        raise InputError("coDepartments", "ONLY_JOINT_HAS_CO_DEPARTMENTS", "只有联办件有协办部门")
    if department in co:
        raise InputError("coDepartments", "LEAD_IS_CO_DEPARTMENT", "牵头部门不能同时是协办部门")
    if d.fee_free and (d.fee_amount or d.fee_basis):
        raise InputError("feeAmount", "FREE_ITEM_WITH_FEE", "免费事项不能有收费标准")
    if not d.fee_free and not (d.fee_amount and d.fee_basis):
        raise InputError("feeBasis", "FEE_NEEDS_BASIS", "收费事项须写明收费标准和依据")
    phone = (d.supervision_phone or "").strip()
    if phone and not PHONE_PATTERN.match(phone):
        raise InputError("supervisionPhone", "INVALID_FORMAT", "监督电话格式不正确")
    if len(d.process_steps) > STEPS_MAX:
        raise InputError("processSteps", "TOO_MANY", f"办理流程最多 {STEPS_MAX} 步")
    return ItemElements(
        name=text("name", d.name, ITEM_NAME_MAX),
        type=ItemType(d.type),
        legal_basis=text("legalBasis", d.legal_basis, TEXT_MAX, required=False),
        conditions=text("conditions", d.conditions, TEXT_MAX, required=False),
        materials=_materials(d.materials),
        statutory_limit=d.statutory_limit,
        committed_limit=d.committed_limit,
        limit_unit=LimitUnit(d.limit_unit),
        fee=Fee(d.fee_free, (d.fee_amount or "").strip() or None,
                (d.fee_basis or "").strip() or None),
        responsible_post=text("responsiblePost", d.responsible_post, SHORT_MAX, required=False),
        place=text("place", d.place, SHORT_MAX, required=False),
        process_steps=tuple(text(f"processSteps[{i}]", s, SHORT_MAX)
                            for i, s in enumerate(d.process_steps)),
        supervision_phone=phone,
        case_kind=kind,
        co_departments=co,
        clock_starts_at_acceptance_when_owed=d.clock_starts_at_acceptance_when_owed,
        review_chain=choice("reviewChain", ReviewChainKind, d.review_chain),
        decision_level=_decision_level(d.decision_level),
        result_kind=choice("resultKind", ResultKind, d.result_kind),
        result_name=text("resultName", d.result_name, SHORT_MAX, required=False),
        service_objects=tuple(dict.fromkeys(choice("serviceObjects", ServiceObject, o)
                                            for o in d.service_objects)),
        intermediary_services=_intermediaries(d.intermediary_services),
    )


def _intermediaries(raw: list[str]) -> tuple[str, ...]:
    if len(raw) > INTERMEDIARIES_MAX:
        raise InputError("intermediaryServices", "TOO_MANY",
                         f"中介服务最多 {INTERMEDIARIES_MAX} 项")
    return tuple(dict.fromkeys(text(f"intermediaryServices[{i}]", s, SHORT_MAX)
                               for i, s in enumerate(raw)))


def _decision_level(value: str) -> Position:
    level = choice("decisionLevel", Position, value)
    if level is Position.STAFF:
        raise InputError("decisionLevel", "INVALID_VALUE", "审批决定权须在科室负责人或以上")
    return level


@dataclass
class ServiceItem:
    id: str
    code: str
    department: str
    draft: ItemElements
    published: ItemElements | None = None
    published_version: int = 0
    published_at: datetime | None = None
    draft_changed: bool = True  # the draft differs from the published version
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @property
    def status(self) -> ItemStatus:
        if self.withdrawn_at is not None:
            return ItemStatus.WITHDRAWN
        return ItemStatus.PUBLISHED if self.published else ItemStatus.DRAFT

    @classmethod
    def create(cls, cmd: commands.CreateServiceItem, policy: CataloguePolicy) -> "ServiceItem":
        department = code("department", cmd.department)
        item = cls(id=str(uuid.uuid4()), code=code("code", cmd.code), department=department,
                   draft=elements_from(cmd.details, department, policy))
        item._revised()
        return item

    def revise(self, details: commands.ItemDetails, policy: CataloguePolicy) -> None:
        self.draft = elements_from(details, self.department, policy)
        self.draft_changed = self.draft != self.published
        self._revised()

    def _revised(self) -> None:
        self.events.append(ServiceItemRevised(
            service_item_id=self.id, code=self.code, department=self.department,
            name=self.draft.name))

    def publish(self, at: datetime, unstaffed: list[str] = ()) -> None:
        """The draft becomes the next version; a withdrawn item is published again.
        `unstaffed`: the posts the department's directory lacks for some step of the draft's
        review chain (review/staffing.py); an item nobody could take to a decision is not
        published."""
        if not self.draft_changed and self.withdrawn_at is None:
            raise InputError("id", "NOTHING_TO_PUBLISH", "草稿与已发布版本相同，无需发布")
        missing = [(f, name) for key, (f, name) in REQUIRED_ELEMENTS.items()
                   if not getattr(self.draft, key)]
        if missing:
            raise InputError(missing[0][0], "ELEMENTS_MISSING",
                             "事项缺少以下要素，不能发布：" + "、".join(n for _, n in missing),
                             fields=[f for f, _ in missing])
        if unstaffed:
            raise InputError("department", "CHAIN_UNSTAFFED",
                             f"部门 {self.department} 的名录无法配齐该事项的办理流程，缺少："
                             + "；".join(unstaffed) + "。请先登记相应岗位人员")
        self.withdrawn_at = self.withdrawal_reason = None
        self.published = self.draft
        self.published_version += 1
        self.published_at = at
        self.draft_changed = False
        e = self.published
        self.events.append(ServiceItemPublished(
            service_item_id=self.id, code=self.code, department=self.department,
            item_version=self.published_version, name=e.name, type=e.type.value,
            case_kind=e.case_kind.value, statutory_limit=e.statutory_limit,
            committed_limit=e.committed_limit, limit_unit=e.limit_unit.value,
            co_departments=list(e.co_departments), published_at=at))

    def withdraw(self, reason: str, at: datetime) -> None:
        if self.status is not ItemStatus.PUBLISHED:
            raise InputError("id", "NOT_PUBLISHED", "只有已发布的事项可以撤销")
        self.withdrawn_at = at
        self.withdrawal_reason = text("reason", reason, TEXT_MAX)
        self.events.append(ServiceItemWithdrawn(
            service_item_id=self.id, code=self.code, department=self.department,
            item_version=self.published_version, reason=self.withdrawal_reason,
            withdrawn_at=at))


@dataclass(frozen=True)
class ItemSnapshot:
    """The published version a case was received under; later edits never change the case."""
    id: str
    code: str
    department: str
    item_version: int
    elements: ItemElements

    @classmethod
    def of(cls, item: ServiceItem) -> "ItemSnapshot":
        assert item.published is not None
        return cls(item.id, item.code, item.department, item.published_version,
                   replace(item.published))

