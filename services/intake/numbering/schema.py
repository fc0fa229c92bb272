"""GraphQL for the register of void case numbers: which numbers of a day name no case, and
why. The monitoring office and administrators; a department head for their department."""

from datetime import date

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role, department_scope
from services.kit.validation import SHORT_MAX, text
from services.kit.void_schema import VoidedNumber


@strawberry.type
class NumberingQuery:
    @strawberry.field(description="The case numbers of a centre day that were voided, in "
                                  "order: every other number of the day names one case.")
    async def voided_case_numbers(self, info: Info, day: date,
                                  department: str | None = None) -> list[VoidedNumber]:
        viewer = info.context.require(*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
        if department is not None:
            department = text("department", department, SHORT_MAX)
        department = department_scope(viewer, department)
        voids = await info.context.deps.store.voided_case_numbers.of_day(day, department)
        return [VoidedNumber.of(v) for v in voids]
