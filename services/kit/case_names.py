"""A case is named by its id or by the number printed on its notices (OW…); people have only
the number. A service that takes a case from people or other systems keeps this index from
intake's events (`application.received`, and the acceptance events for cases received before
it existed) and resolves either name to both; it stores the id, and shows the number.

Two documents per case, each read by `_id` (DEVELOPERS.md rule 2): "n:<number>" → the id, and
"i:<id>" → the number. Inserting them again changes nothing (an event redelivered).
"""

import re
from dataclasses import dataclass

from pymongo.errors import BulkWriteError

CASE_NUMBER = re.compile(r"^OW\d{13}$")


@dataclass(frozen=True)
class CaseName:
    case_id: str
    case_number: str
    department: str | None = None


def looks_like_number(ref: str) -> bool:
    return bool(CASE_NUMBER.match((ref or "").strip().upper()))


class CaseNames:
    def __init__(self, collection) -> None:
        self.collection = collection

    async def record(self, case_id: str, case_number: str, department: str | None) -> None:
        docs = [{"_id": f"n:{case_number}", "case_id": case_id, "department": department},
                {"_id": f"i:{case_id}", "case_number": case_number, "department": department}]
        try:
            await self.collection.insert_many(docs, ordered=False)
        except BulkWriteError as exc:  # already recorded: only duplicate keys are expected
            if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise

    async def resolve(self, ref: str) -> CaseName | None:
        """The case a person or a system named, by number or id; None when unknown here."""
        ref = (ref or "").strip()
        if looks_like_number(ref):
            number = ref.upper()
            found = await self.collection.find_one({"_id": f"n:{number}"})
            return CaseName(found["case_id"], number, found.get("department")) if found else None
        found = await self.collection.find_one({"_id": f"i:{ref}"})
        return CaseName(ref, found["case_number"], found.get("department")) if found else None
