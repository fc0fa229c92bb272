"""Intake's aggregates: service items and cases, with the rules that guard them.

Pure: no I/O, no framework. Aggregates validate commands, change state and record events.
"""

import enum
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from services.kit.domain import DomainEvent
from services.kit.graphql import InputError

from . import commands

NAME_MAX = 100
CONTACT_MAX = 100
ITEM_NAME_MAX = 200
MATERIAL_MAX = 200
MATERIALS_MAX = 50
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$")
PASSPORT_PATTERN = re.compile(r"^[A-Z0-9]{5,20}$")
LIMIT_MAX_DAYS = 3650


class ItemStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class CaseStatus(enum.StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"


class IdType(enum.StrEnum):
    RESIDENT_ID_CARD = "resident_id_card"
    PASSPORT = "passport"


class LimitUnit(enum.StrEnum):
    WORKING_DAYS = "working_days"
    NATURAL_DAYS = "natural_days"


def _text(field_name: str, value: str, maximum: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InputError(field_name, "REQUIRED", f"{field_name} must not be empty")
    if len(value) > maximum:
        raise InputError(field_name, "TOO_LONG", f"{field_name} is longer than {maximum} characters")
    return value


def _code(field_name: str, value: str) -> str:
    value = (value or "").strip()
    if not CODE_PATTERN.match(value):
        raise InputError(
            field_name, "INVALID_FORMAT",
            f"{field_name} must be 2-64 letters, digits, '-' or '_'",
        )
    return value


# -- events ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ServiceItemCreated(DomainEvent):
    event_type = "service_item.created"
    subject_field = "service_item_id"
    service_item_id: str
    code: str
    name: str
    department: str
    statutory_limit: int
    committed_limit: int
    limit_unit: str


@dataclass(frozen=True)
class ApplicationReceived(DomainEvent):
    event_type = "application.received"
    subject_field = "case_id"
    case_id: str
    case_number: str
    service_item_id: str
    service_item_code: str
    department: str
    received_at: datetime
    received_on: date
    received_by: str
    window: str | None


@dataclass(frozen=True)
class CaseAccepted(DomainEvent):
    event_type = "case.accepted"
    subject_field = "case_id"
    case_id: str
    case_number: str
    service_item_id: str
    service_item_code: str
    service_item_name: str
    department: str
    committed_limit: int
    limit_unit: str
    accepted_at: datetime
    accepted_on: date
    accepted_by: str
    window: str | None


# -- service item ---------------------------------------------------------------------------
@dataclass
class ServiceItem:
    id: str
    code: str
    name: str
    department: str
    statutory_limit: int
    committed_limit: int
    limit_unit: LimitUnit = LimitUnit.WORKING_DAYS
    status: ItemStatus = ItemStatus.PUBLISHED
    version: int = field(default=0, compare=False)
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(cls, cmd: commands.CreateServiceItem) -> "ServiceItem":
        for name, value in (("statutoryLimit", cmd.statutory_limit),
                            ("committedLimit", cmd.committed_limit)):
            if not 1 <= value <= LIMIT_MAX_DAYS:
                raise InputError(name, "OUT_OF_RANGE", f"{name} must be 1..{LIMIT_MAX_DAYS} days")
        # 限时办结: the committed limit may not exceed the statutory one.
        if cmd.committed_limit > cmd.statutory_limit:
            raise InputError(
                "committedLimit", "COMMITTED_EXCEEDS_STATUTORY",
                f"committed limit {cmd.committed_limit} exceeds statutory limit "
                f"{cmd.statutory_limit}",
            )
        item = cls(
            id=str(uuid.uuid4()),
            code=_code("code", cmd.code),
            name=_text("name", cmd.name, ITEM_NAME_MAX),
            department=_code("department", cmd.department),
            statutory_limit=cmd.statutory_limit,
            committed_limit=cmd.committed_limit,
        )
        item.events.append(ServiceItemCreated(
            service_item_id=item.id, code=item.code, name=item.name,
            department=item.department, statutory_limit=item.statutory_limit,
            committed_limit=item.committed_limit, limit_unit=item.limit_unit.value,
        ))
        return item


# -- applicant ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Applicant:
    name: str
    id_type: IdType
    id_number: str
    contact: str

    @classmethod
    def from_details(cls, details: commands.ApplicantDetails) -> "Applicant":
        name = _text("applicant.name", details.name, NAME_MAX)
        try:
            id_type = IdType(details.id_type)
        except ValueError:
            raise InputError("applicant.idType", "INVALID_VALUE", "unknown ID type") from None
        number = (details.id_number or "").strip().upper()
        if id_type is IdType.RESIDENT_ID_CARD:
            try:
                number = ric.validate(number)
            except ValidationError as exc:
                raise InputError(
                    "applicant.idNumber", "INVALID_ID_NUMBER",
                    f"not a valid resident ID number: {exc.message}",
                ) from None
        elif not PASSPORT_PATTERN.match(number):
            raise InputError("applicant.idNumber", "INVALID_ID_NUMBER",
                             "a passport number is 5-20 capital letters or digits")
        contact = _text("applicant.contact", details.contact, CONTACT_MAX)
        return cls(name=name, id_type=id_type, id_number=number, contact=contact)

    def masked_id_number(self) -> str:
        """Shown to roles that do not need the full number: first 3 and last 4 characters."""
        n = self.id_number
        return n[:3] + "*" * (len(n) - 7) + n[-4:] if len(n) > 7 else "*" * len(n)


# -- case -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemSnapshot:
    """The item as it was when the case was received; later edits never change the case."""
    id: str
    code: str
    name: str
    department: str
    committed_limit: int
    limit_unit: LimitUnit


@dataclass(frozen=True)
class Submission:
    """A validated application, before it is given a case number."""
    item: ServiceItem
    applicant: Applicant
    materials: list[str]
    window: str | None

    @classmethod
    def validate(cls, cmd: commands.SubmitApplication, item: ServiceItem) -> "Submission":
        if item.status is not ItemStatus.PUBLISHED:
            raise InputError("serviceItemId", "ITEM_NOT_PUBLISHED", "the service item is not published")
        if len(cmd.materials) > MATERIALS_MAX:
            raise InputError("materials", "TOO_MANY", f"at most {MATERIALS_MAX} materials")
        return cls(
            item=item,
            applicant=Applicant.from_details(cmd.applicant),
            materials=[_text("materials", m, MATERIAL_MAX) for m in cmd.materials],
            window=_text("window", cmd.window, NAME_MAX) if cmd.window else None,
        )


class CaseStateError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Case:
    id: str
    case_number: str
    item: ItemSnapshot
    applicant: Applicant
    materials: list[str]
    status: CaseStatus
    received_at: datetime
    received_by: str
    window: str | None = None
    accepted_at: datetime | None = None
    accepted_by: str | None = None
    version: int = field(default=0, compare=False)
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def department(self) -> str:
        return self.item.department

    @classmethod
    def receive(
        cls,
        submission: "Submission",
        case_id: str,
        case_number: str,
        received_at: datetime,
        received_on: date,
        staff: str,
    ) -> "Case":
        item = submission.item
        case = cls(
            id=case_id,
            case_number=case_number,
            item=ItemSnapshot(item.id, item.code, item.name, item.department,
                              item.committed_limit, item.limit_unit),
            applicant=submission.applicant,
            materials=submission.materials,
            status=CaseStatus.RECEIVED,
            received_at=received_at,
            received_by=staff,
            window=submission.window,
        )
        case.events.append(ApplicationReceived(
            case_id=case.id, case_number=case_number, service_item_id=item.id,
            service_item_code=item.code, department=item.department, received_at=received_at,
            received_on=received_on, received_by=staff, window=submission.window,
        ))
        return case

    def accept(self, accepted_at: datetime, accepted_on: date, staff: str) -> None:
        if self.status is not CaseStatus.RECEIVED:
            raise CaseStateError(
                "CASE_NOT_RECEIVED", f"case {self.case_number} is {self.status.value}, not received"
            )
        self.status = CaseStatus.ACCEPTED
        self.accepted_at = accepted_at
        self.accepted_by = staff
        self.events.append(CaseAccepted(
            case_id=self.id, case_number=self.case_number, service_item_id=self.item.id,
            service_item_code=self.item.code, service_item_name=self.item.name,
            department=self.department, committed_limit=self.item.committed_limit,
            limit_unit=self.item.limit_unit.value, accepted_at=accepted_at,
            accepted_on=accepted_on, accepted_by=staff, window=self.window,
        ))


def new_case_id() -> str:
    return str(uuid.uuid4())


def case_number(day: date, sequence: int) -> str:
    return f"OW{day:%Y%m%d}{sequence:05d}"
