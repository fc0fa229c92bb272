"""What the catalogue announces (past tense, glossary English). Each event carries what a
consumer needs without calling back: dates are ISO, Asia/Shanghai; staff are directory ids."""

from dataclasses import dataclass
from datetime import datetime

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class ServiceItemRevised(DomainEvent):
    event_type = "service_item.revised"
    subject_field = "service_item_id"
    service_item_id: str
    code: str
    department: str
    name: str


@dataclass(frozen=True)
class ServiceItemPublished(DomainEvent):
    event_type = "service_item.published"
    subject_field = "service_item_id"
    service_item_id: str
    code: str
    department: str
    item_version: int
    name: str
    type: str
    case_kind: str
    statutory_limit: int
    committed_limit: int
    limit_unit: str
    co_departments: list
    published_at: datetime


@dataclass(frozen=True)
class ServiceItemWithdrawn(DomainEvent):
    """No longer applied for; cases received under it keep their copy."""
    event_type = "service_item.withdrawn"
    subject_field = "service_item_id"
    service_item_id: str
    code: str
    department: str
    item_version: int
    reason: str
    withdrawn_at: datetime
