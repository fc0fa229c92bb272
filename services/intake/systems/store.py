"""Department systems as versioned aggregates, one per identity-provider client."""

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import DepartmentSystem

SYSTEMS = "department_systems"
INDEXES = indexes(SYSTEMS, [])


class SystemStore:
    def __init__(self, db) -> None:
        self.systems = AggregateStore(db, SYSTEMS, DepartmentSystem)

    async def systems_of(self, department: str | None) -> list[DepartmentSystem]:
        """A department's (or every) system (a scan: tens of them)."""
        return await self.systems.find({"department": department} if department else {},
                                       [("_id", 1)], 500)
