"""GraphQL for the cards now: yellow and red cards by department and the most overdue items,
of a department or of the centre (one `_id` read each)."""

from datetime import date

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role, department_scope
from services.kit.clock import centre_date
from services.kit.domain import InputError

from .domain import CARDS, days_overdue
from .store import TOP_MAX

READERS = (*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
MOST_OVERDUE_MAX = TOP_MAX


@strawberry.type(description="黄牌 / 红牌 of one department, now.")
class DepartmentCards:
    department: str
    yellow: int
    red: int


@strawberry.type(description="An overdue item (a red card still standing), to work through.")
class OverdueItem:
    kind: str = strawberry.field(description="The clock's kind: case_limit, inquiry_reply, "
                                             "joint_opinion, complaint_handling, ...")
    subject_type: str
    subject_id: str
    case_number: str | None
    part: str | None
    department: str
    staff: str | None
    due_date: date
    red_card_on: date
    days_overdue: int = strawberry.field(description="Natural days since the due date")


def _department(info: Info, department: str | None) -> str | None:
    return department_scope(info.context.require(*READERS), department)


@strawberry.type
class CardsQuery:
    @strawberry.field(description="Yellow and red cards by department, now: one `_id` read. "
                                  "Department heads see their own department.")
    async def cards_by_department(self, info: Info,
                                  department: str | None = None) -> list[DepartmentCards]:
        department = _department(info, department)
        (counts,) = await info.context.deps.store.buckets_of([CARDS])
        found: dict[str, dict[str, int]] = {}
        for name, n in counts.counts.items():
            dept, _, colour = name.rpartition("|")
            if department in (None, dept):
                found.setdefault(dept, {})[colour] = n
        return [DepartmentCards(department=d, yellow=max(c.get("yellow", 0), 0),
                                red=max(c.get("red", 0), 0))
                for d, c in sorted(found.items()) if c.get("yellow", 0) > 0 or c.get("red", 0) > 0]

    @strawberry.field(description="The most overdue items (red cards still standing), the "
                                  "longest overdue first: one `_id` read.")
    async def most_overdue(self, info: Info, department: str | None = None,
                           first: int = 20) -> list[OverdueItem]:
        department = _department(info, department)
        if not 1 <= first <= MOST_OVERDUE_MAX:
            raise InputError("first", "OUT_OF_RANGE", f"first 须在 1 至 {MOST_OVERDUE_MAX} 之间")
        today = centre_date(info.context.deps.clock.now())
        items = [(c, d) for d, c in await info.context.deps.store.most_overdue_of(department)]
        return [OverdueItem(kind=c.kind, subject_type=c.subject_type, subject_id=c.subject_id,
                            case_number=c.case_number, part=c.part, department=d,
                            staff=c.staff, due_date=date.fromisoformat(c.due_date),
                            red_card_on=date.fromisoformat(c.issued_on),
                            days_overdue=days_overdue(c, today)) for c, d in items[:first]]
