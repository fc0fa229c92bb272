"""Petitions as versioned aggregates, one per registration."""

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import Petition

PETITIONS = "petitions"
INDEXES = indexes(PETITIONS, [IndexModel([("department", ASCENDING), ("status", ASCENDING)],
                                         name="department_status")])


class PetitionStore:
    def __init__(self, db) -> None:
        self.petitions = AggregateStore(db, PETITIONS, Petition)

    async def petitions_of(self, department: str | None, status: str | None,
                           after_id: str | None, limit: int) -> list[Petition]:
        """A department's (or every) petition, newest first (a scan on FerretDB: a list the
        office and departments page through, not a hot path)."""
        query: dict = {}
        if department:
            query["department"] = department
        if status:
            query["status"] = status
        if after_id:
            query["_id"] = {"$lt": after_id}
        return await self.petitions.find(query, [("_id", -1)], limit)
