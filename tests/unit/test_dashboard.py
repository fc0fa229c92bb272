"""The monitoring office's counters: which buckets an event touches, each event once."""

from services.kit.topology import SUBSCRIPTIONS
from services.oversight.dashboard.consumers import EVENT_TYPES
from services.kit.counters import Counter
from services.oversight.dashboard.domain import deltas_for, gauge_bucket, month_bucket

COMPLAINT = {"complaint_id": "c", "complaint_number": "TS1", "department": "civil",
             "subject_kind": "staff", "subject_ref": "w", "category": "rude_conduct"}


def test_a_complaint_counts_in_its_month_department_category_and_the_open_gauge():
    deltas = deltas_for("complaint.received", {**COMPLAINT, "received_on": "2026-11-23"})
    assert deltas[month_bucket("2026-11", "department", "civil")] == {"complaints_received": 1}
    assert deltas[month_bucket("2026-11", "category", "rude_conduct", "department", "civil")]
    assert deltas[month_bucket("2026-11", "centre")] == {"complaints_received": 1}
    assert deltas[gauge_bucket("department", "civil")] == {"complaints_open": 1}
    closed = deltas_for("complaint.concluded", {**COMPLAINT, "concluded_on": "2026-12-01",
                                                "conclusion": "partly"})
    assert closed[month_bucket("2026-12", "centre")] == {"complaints_concluded": 1,
                                                         "complaints_partly": 1}
    assert closed[gauge_bucket("centre")] == {"complaints_open": -1}


def test_ratings_count_good_poor_active_and_by_staff():
    deltas = deltas_for("rating.given", {"case_id": "c", "department": "civil", "level":
                                       "very_dissatisfied", "poor": True, "defaulted": False,
                                       "rated_on": "2026-11-30", "staff": ["wang"]})
    assert deltas[month_bucket("2026-11", "staff", "wang")] == {
        "rated": 1, "rated_very_dissatisfied": 1, "rated_poor": 1, "rated_actively": 1}


def test_a_redelivered_event_counts_once():
    c = Counter()
    assert c.apply("e1", {"findings": 1}) and not c.apply("e1", {"findings": 1})
    assert c.get("findings") == 1 and c.get("sanctions") == 0


def test_the_topology_binds_exactly_what_the_dashboard_counts():
    assert set(SUBSCRIPTIONS["oversight-dashboard"]) == set(EVENT_TYPES)
    assert deltas_for("something.else", {}) == {}


def test_a_timed_completion_counts_per_department_in_the_centre_month_too():
    from services.oversight.dashboard.domain import departments_counted, per_department

    late = deltas_for("clock.completed", {"kind": "case_limit", "department": "civil",
                                          "outcome": "late", "completed_on": "2026-11-30"})
    on_time = deltas_for("clock.completed", {"kind": "case_limit", "department": "housing",
                                             "outcome": "on_time", "completed_on": "2026-11-02"})
    centre = Counter()
    for i, deltas in enumerate((late, on_time)):
        centre.apply(f"e{i}", deltas[month_bucket("2026-11", "centre")])
        # the department's own bucket keeps the plain counts only
        assert not any("@" in k for k in deltas[month_bucket("2026-11", "department",
                                                             ["civil", "housing"][i])])
    assert departments_counted(centre, "cases_timed") == ["civil", "housing"]
    assert (centre.get(per_department("cases_timed", "civil")),
            centre.get(per_department("cases_on_time", "civil")),
            centre.get(per_department("cases_on_time", "housing"))) == (1, 0, 1)
    assert (centre.get("cases_timed"), centre.get("cases_on_time")) == (2, 1)


def test_months_between_crosses_the_year_and_is_empty_backwards():
    from services.oversight.dashboard.domain import month_count, months_between

    assert months_between("2026-11", "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert months_between("2026-11", "2026-11") == ["2026-11"]
    assert months_between("2026-12", "2026-11") == []
    assert (month_count("2026-11", "2027-02"), month_count("2026-12", "2026-11")) == (4, 0)
    assert month_count("0001-01", "9999-12") == 9999 * 12  # counted, never listed
