"""What administrators and department heads ask of the catalogue (imperative names).

Commands carry raw input; the domain validates it.
"""

from dataclasses import dataclass, field


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
    review_chain: str = "full"
    decision_level: str = "section_head"
    result_kind: str = "decision"
    result_name: str = ""
    service_objects: list[str] = field(default_factory=list)
    intermediary_services: list[str] = field(default_factory=list)


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


@dataclass(frozen=True)
class WithdrawServiceItem:
    service_item_id: str
    reason: str
