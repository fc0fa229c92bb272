"""What co-departments and the lead ask of a joint case."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class GiveJointOpinion:
    case_id: str
    agrees: bool
    opinion: str


@dataclass(frozen=True)
class RecordJointMeeting:
    case_id: str
    held_on: date
    minutes: str
    attendees: list[str] = field(default_factory=list)
