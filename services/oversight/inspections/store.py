"""Inspection weeks, one per Monday (`_id`: the Monday, ISO)."""

from datetime import date

from pymongo import ASCENDING

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import InspectionWeek

WEEKS = "inspection_weeks"
INDEXES = indexes(WEEKS, [])


class InspectionStore:
    def __init__(self, db) -> None:
        self.inspection_weeks = AggregateStore(db, WEEKS, InspectionWeek)

    async def weeks_between(self, first: date, last: date) -> list[InspectionWeek]:
        return await self.inspection_weeks.find(
            {"monday": {"$gte": first.isoformat(), "$lte": last.isoformat()}},
            [("monday", ASCENDING)], 60)
