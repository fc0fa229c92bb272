"""The GraphQL shape of a void number (kit.numbers), the same in every subgraph that draws
numbers (case numbers in intake, complaint numbers in oversight)."""

from datetime import date, datetime

import strawberry

from .numbers import VoidedNumber as Void


@strawberry.federation.type(shareable=True,
                            description="A number that names no record (作废), and why.")
class VoidedNumber:
    number: str
    day: date
    department: str | None
    reason: str = strawberry.field(description="A stable code: NEVER_STORED")
    reason_text: str = strawberry.field(description="原因（中文）")
    voided_at: datetime

    @classmethod
    def of(cls, void: Void) -> "VoidedNumber":
        return cls(number=void.number, day=void.day, department=void.department,
                   reason=void.reason, reason_text=void.reason_text, voided_at=void.voided_at)
