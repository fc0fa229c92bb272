"""What window staff, chief approvers and administrators ask intake to do (imperative names).

Commands carry raw input; the domain validates it.
"""

from dataclasses import dataclass, field
from datetime import date


# -- catalogue ------------------------------------------------------------------------------
@dataclass(frozen=True)
class MaterialDetails:
    name: str
    form: str = "original"
    copies: int = 1
    essential: bool = True
    blank_form: bool = False
    sample: bool = False


@dataclass(frozen=True)
class ItemDetails:
    name: str
    statutory_limit: int
    committed_limit: int
    type: str = "administrative_licence"
    limit_unit: str = "working_days"
    legal_basis: str = ""
    conditions: str = ""
    materials: list[MaterialDetails] = field(default_factory=list)
    fee_free: bool = True
    fee_amount: str | None = None
    fee_basis: str | None = None
    responsible_post: str = ""
    place: str = ""
    process_steps: list[str] = field(default_factory=list)
    supervision_phone: str = ""
    case_kind: str = "committed"
    co_departments: list[str] = field(default_factory=list)
    clock_starts_at_acceptance_when_owed: bool = False


@dataclass(frozen=True)
class CreateServiceItem:
    code: str
    department: str
    details: ItemDetails
    publish: bool = False


@dataclass(frozen=True)
class ReviseServiceItem:
    service_item_id: str
    details: ItemDetails


@dataclass(frozen=True)
class PublishServiceItem:
    service_item_id: str


# -- receipt and outcomes -------------------------------------------------------------------
@dataclass(frozen=True)
class ApplicantDetails:
    name: str
    id_type: str
    id_number: str
    contact: str
    kind: str = "person"
    legal_representative: str | None = None


@dataclass(frozen=True)
class HandedInMaterial:
    name: str
    state: str = "present"  # present | missing | defective
    reason: str | None = None


@dataclass(frozen=True)
class SubmitApplication:
    service_item_id: str
    applicant: ApplicantDetails
    materials: list[HandedInMaterial] = field(default_factory=list)
    window: str | None = None


@dataclass(frozen=True)
class AcceptApplication:
    case_id: str
    decide_now: bool = False  # 即办件: accepted and decided in the same step


@dataclass(frozen=True)
class AcceptWithMaterialsOwed:
    case_id: str
    promised_on: date


@dataclass(frozen=True)
class RequestCorrection:
    case_id: str
    extra_defects: list[HandedInMaterial] = field(default_factory=list)
    justification: str | None = None  # needed when asking again for what was wrong before


@dataclass(frozen=True)
class ResubmitMaterials:
    case_id: str
    materials: list[HandedInMaterial]


@dataclass(frozen=True)
class RecordOwedMaterials:
    case_id: str
    materials: list[str]


@dataclass(frozen=True)
class Referral:
    kind: str  # staff | window | department | outside
    target: str | None = None
    where: str | None = None


@dataclass(frozen=True)
class ProposeRejection:
    case_id: str
    reasons: list[str]
    legal_basis: str
    referral: Referral | None = None


@dataclass(frozen=True)
class ConsentToRejection:
    case_id: str


@dataclass(frozen=True)
class DeclineRejection:
    case_id: str
    reason: str


@dataclass(frozen=True)
class DeemAccepted:
    case_id: str
    # the day the undecided application was complete: receipt, or the resubmission after a
    # correction notice (the acceptance-decision clock's start); None: the receipt day
    accepted_on: date | None = None


# -- staff directory ------------------------------------------------------------------------
@dataclass(frozen=True)
class WindowDetails:
    code: str
    name: str


@dataclass(frozen=True)
class DefineDepartment:
    code: str
    name: str
    windows: list[WindowDetails] = field(default_factory=list)


@dataclass(frozen=True)
class AppointChiefApprover:
    department: str
    staff_id: str
    term_start: date
    term_end: date
    authority: str


@dataclass(frozen=True)
class RegisterStaff:
    staff_id: str
    name: str
    department: str
    rank_title: str
    rank_level: int
    roles: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    window: str | None = None
    backup_id: str | None = None


@dataclass(frozen=True)
class RecordAbsence:
    staff_id: str
    reason: str  # leave | training | meeting
    from_on: date
    until_on: date


@dataclass(frozen=True)
class EndAbsence:
    staff_id: str


# -- first-inquiry ledger -------------------------------------------------------------------
@dataclass(frozen=True)
class LogInquiry:
    channel: str  # on_site | phone | web
    visitor_name: str
    matter: str
    result: str  # answered | referred | pending_reply
    responders: list[str]
    visitor_unit: str | None = None
    contact: str | None = None
    answer: str | None = None
    referral: Referral | None = None


@dataclass(frozen=True)
class ReplyToInquiry:
    inquiry_id: str
    answer: str
