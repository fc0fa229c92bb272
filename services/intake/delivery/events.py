"""What delivery and closing announce (past tense, glossary English)."""

from dataclasses import dataclass
from datetime import date

from ..case_states import CaseEvent


@dataclass(frozen=True)
class ResultMailed(CaseEvent):
    event_type = "case.result_mailed"
    carrier: str
    tracking_number: str
    mailed_on: date
    mailed_by: str


@dataclass(frozen=True)
class CaseDelivered(CaseEvent):
    event_type = "case.delivered"
    method: str  # window | mail
    verdict: str  # approved | denied: what was delivered
    document_number: str
    delivered_on: date
    decided_on: date


@dataclass(frozen=True)
class CaseWithdrawn(CaseEvent):
    """The applicant withdrew the application: closed without a decision."""
    event_type = "case.withdrawn"
    reason: str
    withdrawn_on: date
    recorded_by: str
    status_before: str


@dataclass(frozen=True)
class CaseCancelled(CaseEvent):
    """The case's limit clock stops without a result (the deadlines service's contract)."""
    event_type = "case.cancelled"
    cancelled_on: date
    reason: str
