"""The register of case numbers (办件编号): every number drawn names exactly one stored case,
or is void (作废) with its reason. A number is drawn before its case is written, so a writer
killed in between (a SIGKILL, a database gone) leaves a number that belongs to nothing; the
sweep (scheduled.py) finds such numbers once they are older than the grace period and voids
them, making sure at the same time that their case can never be stored afterwards."""

from dataclasses import dataclass
from datetime import date, datetime

NEVER_STORED = "NEVER_STORED"
REASONS = {NEVER_STORED: "编号已取号，办件未能保存（系统中断），此号作废"}
SWEEPER = "system:number-sweep"  # the actor of a void in the audit trail


@dataclass(frozen=True)
class VoidedCaseNumber:
    case_number: str
    case_id: str
    day: date
    department: str | None
    reason: str  # a key of REASONS
    voided_at: datetime

    @property
    def reason_text(self) -> str:
        return REASONS[self.reason]
