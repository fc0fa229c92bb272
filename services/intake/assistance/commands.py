"""What the 帮办代办 window and the applicant ask of the ledger."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RequestAssistance:
    service_item_id: str
    kind: str
    applicant_name: str
    applicant_id_number: str
    applicant_contact: str
    request: str
    special_group: str | None = None


@dataclass(frozen=True)
class TakeAssistance:
    assistance_id: str


@dataclass(frozen=True)
class LinkAssistedCase:
    assistance_id: str
    case_id: str


@dataclass(frozen=True)
class CompleteAssistance:
    assistance_id: str
    outcome: str


@dataclass(frozen=True)
class RateAssistance:
    assistance_id: str
    level: str
    comment: str | None = None
