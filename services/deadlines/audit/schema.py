"""GraphQL for the deadlines service's audit trail (kit.audit_schema): who loaded which year's
arrangement or closure days and when, and every change of a clock (a clock's id is
`<kind>:<subject>[:<part>]`, as `Clock.id` shows; a year's is the year)."""

from datetime import date

import strawberry
from strawberry.types import Info

from services.kit.audit_schema import AuditEntry, audit_entries, criterion
from services.kit.auth import CENTRE_WIDE


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The changes of one clock, calendar year or closure year, "
                                  "by one staff member, or on one centre day (exactly one), "
                                  "newest first for the last two. The monitoring office and "
                                  "administrators.")
    async def deadlines_audit_trail(self, info: Info, record_id: str | None = None,
                                    staff_id: str | None = None, day: date | None = None,
                                    first: int = 100) -> list[AuditEntry]:
        info.context.require(*CENTRE_WIDE)
        record_id, staff_id = criterion(record_id, staff_id, day, first, "recordId")
        deps = info.context.deps
        stores = {a.versions.current.name: a.versions for a in (
            deps.store, deps.calendar_store.years, deps.calendar_store.closures)}
        return await audit_entries(stores, record_id, staff_id, day, first)
