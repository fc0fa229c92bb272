"""GraphQL for the case ledger: open cases per department."""

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role, department_scope

from . import handlers


@strawberry.type
class DepartmentOpenCases:
    department: str
    open_cases: int


@strawberry.type
class LedgerQuery:
    @strawberry.field(description="Accepted cases not yet completed, per department, now "
                                  "(one `_id` read). Department heads see their own "
                                  "department only.")
    async def open_cases_by_department(
        self, info: Info, department: str | None = None
    ) -> list[DepartmentOpenCases]:
        viewer = info.context.require(*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
        department = department_scope(viewer, department)
        rows = await handlers.open_cases_by_department(info.context.deps, department)
        return [DepartmentOpenCases(department=r.department, open_cases=r.open_cases) for r in rows]

