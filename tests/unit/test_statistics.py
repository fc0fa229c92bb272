from datetime import date

from services.deadlines.statistics.domain import changes_for, period_buckets
from services.deadlines.statistics.store import _upgrade
from services.kit.counters import RECENT_MAX, Counter, digest

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


def test_a_counter_counts_an_event_once():
    counter = Counter()
    assert counter.apply("e1", {"completed": 1, "late": 1}) is True
    assert counter.apply("e1", {"completed": 1, "late": 1}) is False
    assert (counter.get("completed"), counter.get("late"), counter.get("early")) == (1, 1, 0)
    for i in range(2 * RECENT_MAX):
        counter.apply(f"x{i}", {"completed": 1})
    assert len(counter.digests()) <= RECENT_MAX + RECENT_MAX // 4  # the window is bounded
    assert counter.apply(f"x{2 * RECENT_MAX - 1}", {"completed": 1}) is False  # still known
    assert (counter + Counter(counts={"late": 2})).get("late") == 3


def test_statistics_stored_before_the_kit_counter_read_the_same():
    old = {"completed": 3, "late": 1, "early": 0, "recent": ["e1", "e2"]}
    state = _upgrade(old)
    assert state["counts"] == {"completed": 3, "late": 1}
    assert state["recent"] == digest("e1") + digest("e2")
    assert _upgrade(state) == state


def test_a_period_is_whole_months_plus_edge_days():
    buckets = period_buckets(date(2026, 1, 30), date(2026, 4, 2), "department", "civil")
    assert buckets == ["D2026-01-30|department|civil", "D2026-01-31|department|civil",
                       "M2026-02|department|civil", "M2026-03|department|civil",
                       "D2026-04-01|department|civil", "D2026-04-02|department|civil"]
    assert period_buckets(date(2026, 12, 1), date(2026, 12, 31), "window", "W1") == [
        "M2026-12|window|W1"]
