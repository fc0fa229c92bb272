from datetime import date

from services.deadlines.statistics.domain import Tally, changes_for, period_buckets

COMPLETED = {"department": "civil", "window": "W3", "staff": "wang", "service_item_code": "MZ",
             "completed_on": "2026-11-23", "outcome": "early", "working_days_used": 7}


def test_a_completion_counts_in_day_and_month_buckets_of_every_dimension():
    changes = changes_for("clock.completed", COMPLETED)
    assert changes["D2026-11-23|department|civil"] == {"completed": 1, "early": 1,
                                                       "working_days_used": 7}
    assert "M2026-11|window|W3" in changes and "M2026-11|staff|wang" in changes
    assert "D2026-11-23|service_item|MZ" in changes
    assert len(changes) == 8


def test_the_open_overdue_gauge_goes_up_with_red_cards_and_down_when_they_end():
    assert changes_for("clock.red_card", COMPLETED)["G|department|civil"] == {"open_overdue": 1}
    ended = changes_for("clock.completed", {**COMPLETED, "was_overdue": True})
    assert ended["G|department|civil"] == {"open_overdue": -1}
    assert "G|department|civil" not in changes_for("clock.completed", COMPLETED)
    assert changes_for("clock.rescheduled", {**COMPLETED, "was_overdue": False}) == {}


def test_a_tally_counts_an_event_once():
    tally = Tally()
    assert tally.apply("e1", {"completed": 1, "late": 1}) is True
    assert tally.apply("e1", {"completed": 1, "late": 1}) is False
    assert (tally.completed, tally.late) == (1, 1)


def test_a_period_is_whole_months_plus_edge_days():
    buckets = period_buckets(date(2026, 1, 30), date(2026, 4, 2), "department", "civil")
    assert buckets == ["D2026-01-30|department|civil", "D2026-01-31|department|civil",
                       "M2026-02|department|civil", "M2026-03|department|civil",
                       "D2026-04-01|department|civil", "D2026-04-02|department|civil"]
    assert period_buckets(date(2026, 12, 1), date(2026, 12, 31), "window", "W1") == [
        "M2026-12|window|W1"]
