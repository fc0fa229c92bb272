"""What window staff and chief approvers ask of a case (imperative names).

Commands carry raw input; the domain validates it.
"""

from dataclasses import dataclass, field
from datetime import date

from ..directory.commands import Referral


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
