"""The monitoring office's figures, kept as events arrive so that reading them never scans:
counters (kit.counters) in buckets keyed by `_id` (a month's counts per department, per department and
category or trigger or breach, per staff member; gauges of what is open now). Each bucket
remembers the recent event ids it applied, so a redelivered event counts once; closing events
that arrive before their opening ones leave a gauge briefly negative, never wrong in the end.
Pure.
"""

from datetime import date

from services.kit.counters import Counter


def month_bucket(month: str, *key: str) -> str:
    return "M" + month + "|" + "|".join(key)


def per_department(count: str, department: str) -> str:
    """A count of one department kept in the centre's bucket."""
    return count + "@" + department


def departments_counted(c: Counter, count: str) -> list[str]:
    """The departments a centre bucket holds `count` for, in order."""
    prefix = count + "@"
    return sorted(name[len(prefix):] for name in c.counts if name.startswith(prefix))


def gauge_bucket(*key: str) -> str:
    return "G|" + "|".join(key)


def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_count(first: str, last: str) -> int:
    """How many months "YYYY-MM" `first` to `last` span, both included (≤ 0: none)."""
    return _month_index(last) - _month_index(first) + 1


def months_between(first: str, last: str) -> list[str]:
    """"2026-11", "2027-01" → the three months; empty when `first` is after `last`."""
    return [f"{i // 12:04d}-{i % 12 + 1:02d}"
            for i in range(_month_index(first), _month_index(last) + 1)]


def _month(iso_day: str) -> str:
    return date.fromisoformat(iso_day[:10]).strftime("%Y-%m")


def deltas_for(event_type: str, d: dict) -> dict[str, dict[str, int]]:
    """Bucket id -> counts to add, for one event. Unknown events count nothing."""
    dept = d.get("department") or "-"
    out: dict[str, dict[str, int]] = {}

    def month(on: str, counts: dict[str, int], *extra: tuple[str, str]) -> None:
        m = _month(on)
        out[month_bucket(m, "department", dept)] = counts
        out[month_bucket(m, "centre")] = counts
        for kind, value in extra:
            out[month_bucket(m, kind, value, "department", dept)] = counts
            out[month_bucket(m, kind, value)] = counts

    def gauge(counts: dict[str, int]) -> None:
        out[gauge_bucket("department", dept)] = counts
        out[gauge_bucket("centre")] = counts

    # a complaint about a staff member or a window counts on their scorecard too
    about = [(d["subject_kind"], d["subject_ref"])] if d.get("subject_kind") in (
        "staff", "window") else []

    match event_type:
        case "complaint.received":
            month(d["received_on"], {"complaints_received": 1}, ("category", d["category"]),
                  *about)
            gauge({"complaints_open": 1})
        case "complaint.declined":
            month(d["declined_on"], {"complaints_declined": 1}, ("category", d["category"]))
            gauge({"complaints_open": -1})
        case "complaint.concluded":
            counts = {"complaints_concluded": 1, f"complaints_{d['conclusion']}": 1}
            month(d["concluded_on"], counts, ("category", d["category"]), *about)
            gauge({"complaints_open": -1})
        case "complaint.repeated":
            month(d["received_on"], {"complaints_repeated": 1}, ("category", d["category"]))
        case "supervision_case.opened":
            month(d["opened_on"], {"supervision_opened": 1}, ("trigger", d["trigger"]))
            gauge({"supervision_open": 1})
        case "supervision_case.verified":
            month(d["verified_on"], {"supervision_verified": 1}, ("trigger", d["trigger"]))
            gauge({"supervision_open": -1})
        case "supervision_case.dismissed":
            month(d["dismissed_on"], {"supervision_dismissed": 1}, ("trigger", d["trigger"]))
            gauge({"supervision_open": -1})
        case "finding.opened":
            month(d["opened_on"], {"findings": 1}, ("breach", d["breach"]))
        case "responsibility.allocated":
            month(d["allocated_on"], {"breaches": 1},
                  *dict.fromkeys(("staff", s["staff_id"]) for s in d["shares"]))
        case "sanction.decided":
            counts = {"sanctions": 1}
            if d["level"] in AWARD_LOSING:
                counts["award_losing_sanctions"] = 1
            month(d["notified_on"], counts, ("staff", d["staff"]))
        case "clock.completed" if d.get("kind") == "case_limit":
            on_time = d["outcome"] != "late"
            month(d["completed_on"], {"cases_timed": 1,
                                      "cases_on_time" if on_time else "cases_late": 1},
                  *[(k, v) for k, v in (("staff", d.get("staff")),
                                        ("window", d.get("window"))) if v])
            # the centre's month also counts them per department: the on-time rate of every
            # department over a year is twelve reads (on_time_rates)
            centre = month_bucket(_month(d["completed_on"]), "centre")
            out[centre] = {**out[centre], per_department("cases_timed", dept): 1,
                           per_department("cases_on_time", dept): int(on_time)}
        case "rating.given" | "rating.defaulted":
            level = d["level"]
            counts = {"rated": 1, f"rated_{level}": 1,
                      "rated_poor" if d.get("poor") else "rated_not_poor": 1,
                      "rated_by_default" if d.get("defaulted") else "rated_actively": 1}
            month(d["rated_on"], counts, *[("staff", s) for s in d.get("staff") or []])
        case "attendance.signed_in":
            month(d["on"], {"attendance_half_days": 1}, ("staff", d["staff_id"]))
        case "attendance.absent_without_leave":
            month(d["on"], {"absences_without_leave": 1}, ("staff", d["staff_id"]))
        case "inspection.finding_recorded":
            month(d["on"], {"inspection_findings": 1},
                  *[(k, v) for k, v in (("window", d.get("window")),) if v],
                  *[("staff", p) for p in d.get("people") or []])
        case "attendance.month_published":  # handed to 督查科 (每月公布)
            month(d["month"] + "-01", {"attendance_months_published": 1})
        case "leave.approved":
            month(d["from_on"], {"leave_days": int(d["days"])}, ("staff", d["staff_id"]))
        case "case.completed":
            month(d["completed_on"], {"cases_completed": 1},
                  *[(k, v) for k, v in (("staff", d.get("completed_by")),
                                        ("window", d.get("window"))) if v])
    return out


GOOD_LEVELS = ("very_satisfied", "satisfied")
# Sanctions from loss of award eligibility up the ladder cost the year's awards (001 §7).
AWARD_LOSING = ("loss_of_award_eligibility", "off_post_training", "transfer", "removal",
                "dismissal", "discipline_referral")


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
