"""限时办结 statistics, kept as events arrive so that reading them never scans cases.

Buckets are kept per day and per month for each dimension (department, window, staff
member, service item) and each value; a period is read as its whole months plus the days at
its edges. The open-overdue count is a gauge per dimension value (red cards in, the end of an
overdue state out). A bucket is a versioned counter (kit.counters): it remembers the recent
events it applied, so a redelivered event counts once.
"""

from __future__ import annotations

from datetime import date, timedelta
COUNTS = ("completed", "early", "on_time", "late", "on_time_applicant_delay",
          "working_days_used", "open_overdue")


def dimension_values(data: dict) -> list[tuple[str, str]]:
    values = {"department": data.get("department"), "window": data.get("window"),
              "staff": data.get("staff"), "service_item": data.get("service_item_code")}
    return [(d, v) for d, v in values.items() if v]


def day_bucket(day: date, dimension: str, value: str) -> str:
    return f"D{day.isoformat()}|{dimension}|{value}"


def month_bucket(day: date, dimension: str, value: str) -> str:
    return f"M{day:%Y-%m}|{dimension}|{value}"


def gauge_bucket(dimension: str, value: str) -> str:
    return f"G|{dimension}|{value}"


def changes_for(event_type: str, data: dict) -> dict[str, dict[str, int]]:
    """Bucket id -> counts to add, for one clock event."""
    changes: dict[str, dict[str, int]] = {}
    if data.get("kind", "case_limit") != "case_limit":
        return changes  # 限时办结 counts the committed limit only
    dims = dimension_values(data)
    if event_type == "clock.completed":
        on = date.fromisoformat(data["completed_on"])
        counts = {"completed": 1, data["outcome"]: 1,
                  "working_days_used": int(data["working_days_used"])}
        for dimension, value in dims:
            changes[day_bucket(on, dimension, value)] = counts
            changes[month_bucket(on, dimension, value)] = counts
    gauge = 1 if event_type == "clock.red_card" else -1 if data.get("was_overdue") else 0
    if gauge:
        for dimension, value in dims:
            changes[gauge_bucket(dimension, value)] = {"open_overdue": gauge}
    return changes


def period_buckets(first: date, last: date, dimension: str, value: str) -> list[str]:
    """The fewest buckets that cover [first, last]: whole months, and days at the edges."""
    buckets, day = [], first
    while day <= last:
        month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if day.day == 1 and month_end <= last:
            buckets.append(month_bucket(day, dimension, value))
            day = month_end + timedelta(days=1)
        else:
            buckets.append(day_bucket(day, dimension, value))
            day += timedelta(days=1)
    return buckets
