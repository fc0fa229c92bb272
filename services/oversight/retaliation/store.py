"""Complainants by pseudonym: one aggregate each, read by `_id` when a step against an
applicant arrives."""

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import Complainant

COMPLAINANTS = "complainants"
INDEXES = indexes(COMPLAINANTS, [])


class ComplainantStore:
    def __init__(self, db) -> None:
        self.complainants = AggregateStore(db, COMPLAINANTS, Complainant)
