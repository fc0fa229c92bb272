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
