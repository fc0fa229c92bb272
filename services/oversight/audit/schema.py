"""GraphQL for oversight's audit trail (kit.audit_schema): who registered, decided, investigated
and concluded which complaint, who opened and closed which supervision case, who found and
sanctioned; a complaint by its id or its number (TS…)."""

from datetime import date

import strawberry
from strawberry.types import Info

from services.kit.audit_schema import AuditEntry, audit_entries, criterion
from services.kit.auth import CENTRE_WIDE
from services.kit.numbers import owner_of


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The changes of one complaint, supervision case, warning, "
                                  "finding or rating follow-up, by one staff member, or on one "
                                  "centre day (exactly one), newest first for the last two. "
                                  "The monitoring office and administrators.")
    async def oversight_audit_trail(self, info: Info, record_id: str | None = None,
                                    staff_id: str | None = None, day: date | None = None,
                                    first: int = 100) -> list[AuditEntry]:
        info.context.require(*CENTRE_WIDE)
        record_id, staff_id = criterion(record_id, staff_id, day, first, "recordId")
        store = info.context.deps.store
        if record_id and record_id.upper().startswith("TS"):  # a complaint's printed number
            record_id = await owner_of(store.numbers, record_id.upper()) or record_id
        stores = {a.versions.current.name: a.versions for a in (
            store.complaints, store.supervision, store.warnings, store.findings,
            store.follow_ups, store.petitions)}
        return await audit_entries(stores, record_id, staff_id, day, first)
