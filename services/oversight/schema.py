"""The oversight subgraph: what the monitoring office reads."""

import strawberry
from strawberry.types import Info

from services.kit.auth import Role
from services.kit.graphql import Schema

OVERSEERS = (Role.ADMIN, Role.SUPERVISOR, Role.EFFICIENCY_OFFICER)


@strawberry.type
class DepartmentOpenCases:
    department: str
    open_cases: int


@strawberry.type
class Query:
    @strawberry.field(description="Accepted cases not yet completed, per department. "
                                  "Department heads see their own department only.")
    async def open_cases_by_department(
        self, info: Info, department: str | None = None
    ) -> list[DepartmentOpenCases]:
        viewer = info.context.require(*OVERSEERS, Role.DEPARTMENT_HEAD)
        if not viewer.has_any(*OVERSEERS):
            department = viewer.department
        rows = await info.context.deps.store.open_cases_by_department(department)
        return [DepartmentOpenCases(department=r.department, open_cases=r.open_cases) for r in rows]


schema = Schema(query=Query)
