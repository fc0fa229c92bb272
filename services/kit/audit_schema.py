"""The audit trail in GraphQL, the same in every subgraph (each reads its own change documents,
kit.audit): one record's changes, or one person's or one day's across the service's records.
For the monitoring office and administrators; people who acted as themselves are masked."""

from datetime import date, datetime

import strawberry

from .aggregates import VersionedStore
from .audit import TRAIL_MAX, AuditIndex, trail_by, trail_of
from .domain import InputError
from .masking import shown_actor
from .validation import SHORT_MAX, text


@strawberry.federation.type(shareable=True, description="One change of a record.")
class AuditEntry:
    at: datetime
    actor: str | None
    kind: str = strawberry.field(description="The record's kind (its collection): cases, "
                                             "complaints, clocks, calendar_years, ...")
    record_id: str
    version: int
    events: list[str]


def criterion(record_id: str | None, staff_id: str | None, day: date | None,
              first: int, record_field: str) -> tuple[str | None, str | None]:
    """Exactly one of a record, a staff member or a day; `first` in range. The record id and
    staff id, checked."""
    if sum(x is not None for x in (record_id, staff_id, day)) != 1:
        raise InputError(record_field, "ONE_CRITERION", "须且只能指定记录、工作人员或日期之一")
    if not 1 <= first <= TRAIL_MAX:
        raise InputError("first", "OUT_OF_RANGE", f"first 须在 1 至 {TRAIL_MAX} 之间")
    return (text(record_field, record_id, SHORT_MAX) if record_id is not None else None,
            text("staffId", staff_id, SHORT_MAX) if staff_id is not None else None)


async def audit_entries(stores: dict[str, VersionedStore], record_id: str | None,
                        staff_id: str | None, day: date | None, first: int,
                        record_kinds: tuple[str, ...] | None = None) -> list[AuditEntry]:
    """One record's changes, oldest first, when `record_id` is given (looked for among
    `record_kinds`, every kind by default: `_id` look-ups); else the changes by `staff_id` or
    on `day`, newest first."""
    if record_id is not None:
        entries = []
        for kind in record_kinds or tuple(stores):
            entries += await trail_of(kind, stores[kind], record_id)
    else:
        index = AuditIndex(next(iter(stores.values())).current.database)
        entries = await trail_by(index, set(stores), staff_id, day, first)
    return [AuditEntry(at=e.at, actor=shown_actor(e.actor), kind=e.kind, record_id=e.record_id,
                       version=e.version, events=list(e.events)) for e in entries[:first]]
