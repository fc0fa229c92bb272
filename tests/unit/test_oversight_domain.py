"""Oversight's case ledger: events in any order, once; a closed case stays closed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.kit.topology import SUBSCRIPTIONS
from services.oversight.consumers import CONSUMERS
from services.oversight.ledger.domain import LedgerEntry, LedgerStatus

AT = datetime(2026, 9, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_events_apply_in_any_order_and_once():
    entry = LedgerEntry(case_id="c1")
    assert entry.record_clock_started("e2", "N1", "civil", date(2026, 10, 16)) is True
    assert entry.record_accepted("e1", "N1", "civil", "MZ", AT) is True
    assert entry.record_accepted("e1", "N1", "civil", "MZ", AT) is False  # redelivered
    assert entry.record_clock_started("e2", "N1", "civil", date(2026, 10, 16)) is False
    assert (entry.department, entry.due_date, entry.accepted_at) == ("civil", date(2026, 10, 16), AT)
    assert entry.status is LedgerStatus.OPEN
    assert entry.seen_events == ["e2", "e1"]


def test_a_case_completed_before_its_acceptance_arrived_stays_closed():
    entry = LedgerEntry(case_id="c1")
    assert entry.record_closed("e3", "civil", "N1", date(2026, 9, 28))
    assert entry.record_accepted("e1", "N1", "civil", "MZ", AT)
    assert (entry.status, entry.closed_on) == (LedgerStatus.CLOSED, date(2026, 9, 28))


def test_the_topology_binds_exactly_what_oversight_consumes():
    assert set(SUBSCRIPTIONS["oversight"]) == set(CONSUMERS)


def test_what_each_event_did_to_the_open_cases_gauge_is_remembered():
    entry = LedgerEntry(case_id="c1")

    def apply(event_id: str, change) -> int | None:
        before = entry.status
        if change(entry):
            entry.note_gauge(event_id, before)
        return entry.gauge_deltas.get(event_id)

    accept = lambda e: e.record_accepted("e1", "N1", "civil", "T", AT)  # noqa: E731
    assert apply("e1", accept) == 1
    assert apply("e1", accept) == 1  # a redelivery finds the same +1 (the gauge adds it once)
    assert apply("e2", lambda e: e.record_closed("e2", "civil", "N1", date(2026, 10, 1))) == -1
    assert apply("e3", lambda e: e.record_closed("e3", "civil", "N1", date(2026, 10, 2))) is None
    # closed before its acceptance arrived: never open, never counted
    late = LedgerEntry(case_id="c2")
    late.record_closed("x1", "civil", "N2", date(2026, 10, 1))
    before = late.status
    late.record_accepted("x2", "N2", "civil", "T", AT)
    late.note_gauge("x2", before)
    assert late.gauge_deltas == {}
