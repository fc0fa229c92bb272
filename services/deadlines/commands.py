"""What other services' events ask the deadlines service to do."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class StartClock:
    case_id: str
    case_number: str
    department: str
    service_item_code: str
    started_on: date
    limit: int
    unit: str
    cause_event_id: str
    cause_at: datetime
