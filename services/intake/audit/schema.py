"""GraphQL for intake's audit trail: who changed which case, item, inquiry, assistance or
directory record, and when; for the monitoring office and administrators (kit.audit_schema).
Entries name records, versions, actors and the events announced; never the records' contents."""

from datetime import date

import strawberry
from strawberry.types import Info

from services.kit.audit_schema import AuditEntry, audit_entries, criterion
from services.kit.auth import CENTRE_WIDE

from ..cases.handlers import case_id_of


def _stores(info: Info) -> dict:
    store = info.context.deps.store
    return {a.versions.current.name: a.versions for a in (
        store.cases, store.items, store.inquiries, store.assistance, store.departments,
        store.staff)}


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The changes of one case, by one staff member, or on one "
                                  "centre day (exactly one of them), newest first for the "
                                  "last two. The monitoring office and administrators.")
    async def audit_trail(self, info: Info, case_id: strawberry.ID | None = None,
                          staff_id: str | None = None, day: date | None = None,
                          first: int = 100) -> list[AuditEntry]:
        info.context.require(*CENTRE_WIDE)
        case_id, staff_id = criterion(case_id, staff_id, day, first, "caseId")
        # a case by its id, or by the number printed on its notices
        record = await case_id_of(info.context.deps, case_id) if case_id else None
        return await audit_entries(_stores(info), record, staff_id, day, first, ("cases",))
