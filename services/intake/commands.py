"""What window staff and administrators ask intake to do (imperative names)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CreateServiceItem:
    code: str
    name: str
    department: str
    statutory_limit: int
    committed_limit: int


@dataclass(frozen=True)
class ApplicantDetails:
    name: str
    id_type: str
    id_number: str
    contact: str


@dataclass(frozen=True)
class SubmitApplication:
    service_item_id: str
    applicant: ApplicantDetails
    materials: list[str] = field(default_factory=list)
    window: str | None = None


@dataclass(frozen=True)
class AcceptApplication:
    case_id: str
