"""GraphQL for the monitoring office's dashboard: a month's figures (a handful of `_id` reads),
complaints by category, supervision cases by trigger, findings by breach type, and a staff
member's month. Department heads see their own department."""

import re

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role, department_scope
from services.kit.domain import InputError

from ..accountability.breaches import Breach
from ..accountability.schema import BreachType
from ..supervision.domain import Trigger
from ..supervision.schema import Trigger as TriggerType
from .domain import (GOOD_LEVELS, departments_counted, gauge_bucket, month_bucket,
                     month_count, months_between, per_department, rate)

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
READERS = (*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
MAX_MONTHS = 24


@strawberry.type(description="One month's figures of a department, or of the whole centre.")
class OversightFigures:
    month: str
    department: str | None
    complaints_received: int
    complaints_declined: int
    complaints_concluded: int
    complaints_substantiated: int
    complaints_partly: int
    complaints_not_substantiated: int
    complaints_repeated: int
    complaints_open: int = strawberry.field(description="Now, not the month's")
    supervision_opened: int
    supervision_verified: int
    supervision_dismissed: int
    supervision_open: int = strawberry.field(description="Now, not the month's")
    findings: int
    sanctions: int
    cases_completed: int
    rated: int
    good_rate: float | None = strawberry.field(description="好评率")
    poor_rate: float | None = strawberry.field(description="差评率")
    active_rate: float | None = strawberry.field(description="主动评价率")
    unrated_rate: float | None = strawberry.field(description="未评率 (of completed cases)")


@strawberry.type
class CategoryFigures:
    category: BreachType
    received: int
    concluded: int
    substantiated: int


@strawberry.type
class TriggerFigures:
    trigger: TriggerType
    opened: int
    verified: int


@strawberry.type
class BreachFigures:
    breach: BreachType
    findings: int


@strawberry.type(description="One month's on-time completion (限时办结) of case limits.")
class OnTimeMonth:
    month: str
    cases_timed: int
    cases_on_time: int
    on_time_rate: float | None = strawberry.field(description="按时办结率; null: none completed")


@strawberry.type
class DepartmentOnTime:
    department: str
    months: list[OnTimeMonth]


@strawberry.type(description="A staff member's month (assessment).")
class StaffMonth:
    staff_id: str
    month: str
    cases_completed: int
    rated: int
    poor_ratings: int
    sanctions: int


def _scope(info: Info, month: str, department: str | None,
           field: str = "month") -> tuple[str, ...]:
    viewer = info.context.require(*READERS)
    if not MONTH.match(month):
        raise InputError(field, "INVALID_FORMAT", "月份须为 YYYY-MM")
    department = department_scope(viewer, department)
    return ("department", department) if department else ("centre",)


async def _by(info: Info, month: str, department: str | None, kind: str, values):
    """(value, counters) for each value that counted anything that month: one `_id` read
    per value of the catalogue."""
    scope = _scope(info, month, department)
    found = await info.context.deps.store.buckets_of(
        [month_bucket(month, kind, v.value, *scope) if len(scope) > 1
         else month_bucket(month, kind, v.value) for v in values])
    return [(v, c) for v, c in zip(values, found, strict=True) if c.counts]


@strawberry.type
class DashboardQuery:
    @strawberry.field(description="A month's figures: a handful of look-ups by `_id`.")
    async def oversight_figures(self, info: Info, month: str,
                                department: str | None = None) -> OversightFigures:
        scope = _scope(info, month, department)
        m, g = await info.context.deps.store.buckets_of([month_bucket(month, *scope),
                                                         gauge_bucket(*scope)])
        rated, completed = m.get("rated"), m.get("cases_completed")
        return OversightFigures(
            month=month, department=scope[1] if len(scope) > 1 else None,
            complaints_received=m.get("complaints_received"),
            complaints_declined=m.get("complaints_declined"),
            complaints_concluded=m.get("complaints_concluded"),
            complaints_substantiated=m.get("complaints_substantiated"),
            complaints_partly=m.get("complaints_partly"),
            complaints_not_substantiated=m.get("complaints_not_substantiated"),
            complaints_repeated=m.get("complaints_repeated"),
            complaints_open=max(g.get("complaints_open"), 0),
            supervision_opened=m.get("supervision_opened"),
            supervision_verified=m.get("supervision_verified"),
            supervision_dismissed=m.get("supervision_dismissed"),
            supervision_open=max(g.get("supervision_open"), 0),
            findings=m.get("findings"), sanctions=m.get("sanctions"),
            cases_completed=completed, rated=rated,
            good_rate=rate(sum(m.get(f"rated_{lv}") for lv in GOOD_LEVELS), rated),
            poor_rate=rate(m.get("rated_poor"), rated),
            active_rate=rate(m.get("rated_actively"), rated),
            unrated_rate=rate(max(completed - rated, 0), completed))

    @strawberry.field(description="The on-time completion rate of each department, month by "
                                  "month (at most 24): one `_id` read per month. Department "
                                  "heads see their own department.")
    async def on_time_rates(self, info: Info, from_month: str, to_month: str,
                            department: str | None = None) -> list[DepartmentOnTime]:
        scope = _scope(info, to_month, department, "toMonth")  # the caller first
        if not MONTH.match(from_month):
            raise InputError("fromMonth", "INVALID_FORMAT", "月份须为 YYYY-MM")
        count = month_count(from_month, to_month)
        if count < 1:
            raise InputError("fromMonth", "OUT_OF_RANGE", "起始月份不能晚于截止月份")
        if count > MAX_MONTHS:
            raise InputError("fromMonth", "OUT_OF_RANGE", f"一次最多查询 {MAX_MONTHS} 个月")
        months = months_between(from_month, to_month)
        found = await info.context.deps.store.buckets_of([month_bucket(m, *scope)
                                                          for m in months])
        if len(scope) > 1:  # one department: its own buckets
            keys = {scope[1]: ("cases_timed", "cases_on_time")}
        else:
            names = sorted({d for c in found for d in departments_counted(c, "cases_timed")})
            keys = {d: (per_department("cases_timed", d), per_department("cases_on_time", d))
                    for d in names}
        return [DepartmentOnTime(department=d, months=[
            OnTimeMonth(month=m, cases_timed=c.get(timed), cases_on_time=c.get(on_time),
                        on_time_rate=rate(c.get(on_time), c.get(timed)))
            for m, c in zip(months, found, strict=True)]) for d, (timed, on_time) in keys.items()]

    @strawberry.field(description="Complaints of a month by category of the breach catalogue.")
    async def complaints_by_category(self, info: Info, month: str,
                                     department: str | None = None) -> list[CategoryFigures]:
        return [CategoryFigures(category=BreachType(b.value),
                                received=c.get("complaints_received"),
                                concluded=c.get("complaints_concluded"),
                                substantiated=c.get("complaints_substantiated")
                                + c.get("complaints_partly"))
                for b, c in await _by(info, month, department, "category", Breach)]

    @strawberry.field(description="Supervision cases of a month by trigger.")
    async def supervision_by_trigger(self, info: Info, month: str,
                                     department: str | None = None) -> list[TriggerFigures]:
        return [TriggerFigures(trigger=TriggerType(t.value), opened=c.get("supervision_opened"),
                               verified=c.get("supervision_verified"))
                for t, c in await _by(info, month, department, "trigger", Trigger)]

    @strawberry.field(description="Findings of a month by breach type.")
    async def findings_by_breach(self, info: Info, month: str,
                                 department: str | None = None) -> list[BreachFigures]:
        return [BreachFigures(breach=BreachType(b.value), findings=c.get("findings"))
                for b, c in await _by(info, month, department, "breach", Breach)]

    @strawberry.field(description="A staff member's month: cases completed, ratings, "
                                  "sanctions (the office only).")
    async def staff_month(self, info: Info, staff_id: str, month: str) -> StaffMonth:
        info.context.require(*CENTRE_WIDE)
        if not MONTH.match(month):
            raise InputError("month", "INVALID_FORMAT", "月份须为 YYYY-MM")
        (c,) = await info.context.deps.store.buckets_of([month_bucket(month, "staff",
                                                                      staff_id)])
        return StaffMonth(staff_id=staff_id, month=month, cases_completed=c.get(
            "cases_completed"), rated=c.get("rated"), poor_ratings=c.get("rated_poor"),
            sanctions=c.get("sanctions"))
