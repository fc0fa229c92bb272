"""Due-date computations per second on one core, beside `chinese_calendar.find_workday` on the
same inputs.

    .venv/bin/python -m bench.due_dates

Inputs: start days from Jan 2025 to Sep 2026 (working days only: from a day off the package counts
differently, see tests/unit/test_calendar.py) and limits of 1-60 working days. Three of our
paths are timed: the ordinal fast path used for bulk work (`due_ordinal`), the checked
date-to-date call (`add_working_days`), and the full rule evaluation (`compute_due`).
"""

from __future__ import annotations

import json
import random
import time
from datetime import date

import chinese_calendar

from services.deadlines.calendar.domain import WorkingCalendar
from services.deadlines.calendar.official import arrangements
from services.deadlines.calendar.rules import Limit, compute_due


def timed(fn, inputs, min_seconds: float = 1.0) -> float:
    """Calls per second of `fn(*args)` over `inputs`, repeated for at least `min_seconds`."""
    calls, started = 0, time.perf_counter()
    while True:
        for args in inputs:
            fn(*args)
        calls += len(inputs)
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return calls / elapsed


def main() -> None:
    rng = random.Random(7)
    calendar = WorkingCalendar(arrangements())
    first, last = date(2025, 1, 1).toordinal(), date(2026, 9, 30).toordinal()
    starts = [date.fromordinal(o) for o in range(first, last)
              if chinese_calendar.is_workday(date.fromordinal(o))]
    inputs = [(rng.choice(starts), rng.randint(1, 60)) for _ in range(10_000)]
    for d, n in inputs[:500]:  # same answers before comparing speed
        assert calendar.add_working_days(d, n) == chinese_calendar.find_workday(n, d)

    ordinal_inputs = [(d.toordinal(), n) for d, n in inputs]
    limits = [(calendar, Limit(d, n)) for d, n in inputs]
    ours_fast = timed(calendar.due_ordinal, ordinal_inputs)
    ours_dates = timed(calendar.add_working_days, inputs)
    ours_rules = timed(compute_due, limits)
    package = timed(lambda d, n: chinese_calendar.find_workday(n, d), inputs[:2_000], 2.0)
    result = {
        "inputs": len(inputs),
        "due_ordinal_per_second": round(ours_fast),
        "add_working_days_per_second": round(ours_dates),
        "compute_due_per_second": round(ours_rules),
        "chinese_calendar_find_workday_per_second": round(package),
        "find_workday_ms_per_call": round(1000 / package, 3),
        "ratio_due_ordinal": round(ours_fast / package),
        "ratio_add_working_days": round(ours_dates / package),
        "ratio_compute_due": round(ours_rules / package),
        "calendar_build_seconds": round(timed_once(lambda: WorkingCalendar(arrangements())), 3),
    }
    print(json.dumps(result, indent=2))


def timed_once(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
