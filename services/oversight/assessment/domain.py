"""Assessment (考核): monthly, quarterly and yearly scorecards of a staff member, a window or a
department (001, 002, 004): cases handled, the on-time rate, complaints received and
substantiated, ratings, breaches and sanctions, attendance (001 考勤制度: half-days signed in,
absences without leave, leave), weekly inspections' findings (值周), scored with weights that are configuration,
not code, and graded 合格 / 基本合格 / 不合格; a sanction from loss of award eligibility up the
ladder costs the year's awards. Pure: the counts come from the dashboard's monthly buckets.
"""

import enum
import re
from dataclasses import dataclass

from services.kit.domain import InputError

from services.kit.counters import Counter

PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$")


class Grade(enum.StrEnum):
    QUALIFIED = "qualified"  # 合格
    BASICALLY_QUALIFIED = "basically_qualified"  # 基本合格
    UNQUALIFIED = "unqualified"  # 不合格


@dataclass(frozen=True)
class Weights:
    """Points deducted from 100 per occurrence, and the grade thresholds (configuration)."""
    late_case: float = 2.0
    complaint_substantiated: float = 5.0
    poor_rating: float = 3.0
    breach: float = 5.0
    sanction: float = 10.0
    absence_without_leave: float = 3.0  # a half-day absent without approved leave (001)
    inspection_finding: float = 2.0  # a weekly inspection's finding (值周, 001)
    qualified_from: float = 90.0
    basically_qualified_from: float = 75.0


@dataclass(frozen=True)
class Scorecard:
    period: str
    cases_completed: int
    cases_timed: int
    on_time_rate: float | None
    complaints_received: int
    complaints_substantiated: int
    rated: int
    poor_ratings: int
    breaches: int
    sanctions: int
    attendance_half_days: int  # signed in (001 考勤制度: morning and afternoon)
    absences_without_leave: int
    leave_days: int
    attendance_months_published: int  # of the period's months (a department's card)
    inspection_findings: int
    score: float
    grade: Grade
    award_eligible: bool


def months_of(period: str) -> list[str]:
    """"2026-11" → that month; "2026-Q4" → its three; "2026" → twelve."""
    m = PERIOD.match(period or "")
    if not m:
        raise InputError("period", "INVALID_FORMAT", "考核期须为 YYYY、YYYY-Qn 或 YYYY-MM")
    year, month, quarter = m.group(1), m.group(2), m.group(3)
    if month:
        return [f"{year}-{month}"]
    numbers = range(3 * int(quarter) - 2, 3 * int(quarter) + 1) if quarter else range(1, 13)
    return [f"{year}-{n:02d}" for n in numbers]


def total(buckets: list[Counter]) -> Counter:
    summed = Counter()
    for b in buckets:
        for name, value in b.counts.items():
            summed.counts[name] = summed.get(name) + value
    return summed


def scorecard(period: str, c: Counter, year: Counter, w: Weights) -> Scorecard:
    """`c`: the period's counts; `year`: the whole year's (award eligibility)."""
    substantiated = c.get("complaints_substantiated") + c.get("complaints_partly")
    score = 100.0 - (w.late_case * c.get("cases_late")
                     + w.complaint_substantiated * substantiated
                     + w.poor_rating * c.get("rated_poor") + w.breach * c.get("breaches")
                     + w.sanction * c.get("sanctions")
                     + w.absence_without_leave * c.get("absences_without_leave")
                     + w.inspection_finding * c.get("inspection_findings"))
    score = max(round(score, 1), 0.0)
    grade = (Grade.QUALIFIED if score >= w.qualified_from else Grade.BASICALLY_QUALIFIED
             if score >= w.basically_qualified_from else Grade.UNQUALIFIED)
    timed = c.get("cases_timed")
    return Scorecard(
        period=period, cases_completed=c.get("cases_completed"), cases_timed=timed,
        on_time_rate=round(c.get("cases_on_time") / timed, 4) if timed else None,
        complaints_received=c.get("complaints_received"), complaints_substantiated=substantiated,
        rated=c.get("rated"), poor_ratings=c.get("rated_poor"), breaches=c.get("breaches"),
        sanctions=c.get("sanctions"), attendance_half_days=c.get("attendance_half_days"),
        absences_without_leave=c.get("absences_without_leave"),
        leave_days=c.get("leave_days"),
        attendance_months_published=c.get("attendance_months_published"),
        inspection_findings=c.get("inspection_findings"),
        score=score, grade=grade,
        award_eligible=year.get("award_losing_sanctions") == 0)
