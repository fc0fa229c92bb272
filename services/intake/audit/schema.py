"""GraphQL for intake's audit trail: who changed which case, item, inquiry, assistance or
directory record, and when; for the monitoring office and administrators. Entries name records,
versions, actors and the events announced; never the records' contents."""

from datetime import date, datetime

import strawberry
from strawberry.types import Info

from stdnum.cn import ric, uscc

from services.kit import audit
from services.kit.auth import CENTRE_WIDE
from services.kit.graphql import InputError
from services.kit.validation import SHORT_MAX, text

from ..cases.applicants import PASSPORT_PATTERN, mask
from ..cases.handlers import case_id_of


def shown_actor(actor: str | None) -> str | None:
    """Staff are named; an applicant who acted themselves (their token's subject is their ID
    number or credit code) is shown masked."""
    if actor and (ric.is_valid(actor) or uscc.is_valid(actor)
                  or PASSPORT_PATTERN.match(actor)):
        return mask(actor, 1, 1)
    return actor


@strawberry.type(description="One change of a record.")
class AuditEntry:
    at: datetime
    actor: str | None
    kind: str = strawberry.field(description="cases, service_items, inquiries, assistance, "
                                             "departments, staff")
    record_id: str
    version: int
    events: list[str]


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
        if sum(x is not None for x in (case_id, staff_id, day)) != 1:
            raise InputError("caseId", "ONE_CRITERION", "须且只能指定办件、工作人员或日期之一")
        if not 1 <= first <= audit.TRAIL_MAX:
            raise InputError("first", "OUT_OF_RANGE", f"first 须在 1 至 {audit.TRAIL_MAX} 之间")
        if case_id is not None:  # its id, or the number printed on its notices
            record = await case_id_of(info.context.deps, text("caseId", case_id, SHORT_MAX))
            entries = await audit.trail_of("cases", info.context.deps.store.cases.versions,
                                           record)
        else:
            entries = await audit.trail_by(
                _stores(info), text("staffId", staff_id, SHORT_MAX) if staff_id else None, day, first)
        return [AuditEntry(at=e.at, actor=shown_actor(e.actor), kind=e.kind,
                           record_id=e.record_id,
                           version=e.version, events=list(e.events)) for e in entries[:first]]
