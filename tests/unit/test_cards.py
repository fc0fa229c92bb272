"""The cards now (黄牌 / 红牌 by department) and the most overdue items: cards replace each
other and end in any order, idempotently; counts never go back to an older board. Pure."""

from datetime import date

from services.oversight.cards.domain import (
    RED, YELLOW, Card, CardBoard, clock_key, days_overdue, set_counts,
)

KEY = clock_key("case_limit", "c1", None)


def card(colour: str, due: str = "2026-12-07", subject: str = "c1") -> Card:
    return Card(colour, "case_limit", "case", subject, "OW1", None, "wang", due, "2026-12-08")


def test_a_yellow_card_turns_red_never_back_and_a_redelivery_changes_nothing():
    board = CardBoard("civil")
    assert board.issue(KEY, card(YELLOW))
    assert board.issue(KEY, card(RED))
    assert not board.issue(KEY, card(RED))  # redelivered
    assert not board.issue(KEY, card(YELLOW))  # the yellow one again, late
    assert [(c.colour, c.seen) for c in board.cards.values()] == [(RED, (YELLOW, RED))]
    assert board.counts() == {"civil|yellow": 0, "civil|red": 1, "civil|version": 0}
    late = CardBoard("civil")  # the red card came first, then the yellow one
    late.issue(KEY, card(RED))
    late.issue(KEY, card(YELLOW))
    assert [(c.colour, c.seen) for c in late.cards.values()] == [(RED, (RED, YELLOW))]


def test_a_clock_that_ends_with_every_card_seen_leaves_no_tombstone():
    board = CardBoard("civil")
    board.issue(KEY, card(YELLOW))
    board.issue(KEY, card(RED))
    issued = {YELLOW: "2026-12-07", RED: "2026-12-07"}
    assert board.end(KEY, "2026-12-09", None, True, issued) and board.cards == {}
    assert board.ended == {}
    # redelivered: it cannot tell a card it removed from one still coming, so it keeps a
    # tombstone (one write, on a redelivery only); the board stays right
    board.end(KEY, "2026-12-09", None, True, issued)
    assert board.cards == {} and not board.issue(KEY, card(RED))
    # most clocks end with no card at all: nothing to write
    assert not board.end(clock_key("case_limit", "c9", None), "2026-12-09", None, True, {})


def test_a_card_still_in_flight_when_its_clock_ends_stays_off():
    board = CardBoard("civil")
    other = clock_key("case_limit", "c2", None)
    assert board.end(other, "2026-12-09", None, True, {RED: "2026-12-07"})  # before its card
    assert not board.issue(other, card(RED, subject="c2")) and board.cards == {}
    board.issue(KEY, card(YELLOW))  # the yellow seen, the red one not yet
    board.end(KEY, "2026-12-09", None, True, {YELLOW: "2026-12-07", RED: "2026-12-07"})
    assert not board.issue(KEY, card(RED)) and board.cards == {}
    # tombstones go after a week (a card in flight arrives within minutes)
    board.end(clock_key("case_limit", "c3", None), "2026-12-20", None, True,
              {RED: "2026-12-18"})
    assert list(board.ended) == ["case_limit:c3:-@2026-12-18"]


def test_an_extension_takes_the_old_dates_card_off_and_the_new_date_gets_its_own():
    board = CardBoard("civil")
    board.issue(KEY, card(YELLOW))
    assert board.end(KEY, "2026-12-04", "2026-12-07", False, {YELLOW: "2026-12-07"})
    assert board.cards == {} and board.ended == {}
    assert board.issue(KEY, card(YELLOW, due="2026-12-14"))
    assert board.cards[KEY].due_date == "2026-12-14"
    # the old date's red card was issued but not seen: it stays off when it comes
    board.end(KEY, "2026-12-15", "2026-12-14", False, {RED: "2026-12-14"})
    assert not board.issue(KEY, card(RED, due="2026-12-14"))


def test_counts_are_set_from_the_newest_board_only():
    bucket: dict[str, int] = {}
    newer = {"civil|yellow": 2, "civil|red": 1, "civil|version": 7}
    older = {"civil|yellow": 3, "civil|red": 0, "civil|version": 6}
    assert set_counts(bucket, "civil", newer)
    assert not set_counts(bucket, "civil", older) and not set_counts(bucket, "civil", newer)
    assert bucket == newer


def test_the_most_overdue_come_first():
    board = CardBoard("civil")
    board.issue(clock_key("case_limit", "a", None), card(RED, "2026-12-07", "a"))
    board.issue(clock_key("case_limit", "b", None), card(RED, "2026-11-30", "b"))
    board.issue(clock_key("case_limit", "c", None), card(YELLOW, "2026-11-01", "c"))
    assert [c.subject_id for c in board.overdue()] == ["b", "a"]
    assert days_overdue(board.overdue()[0], date(2026, 12, 9)) == 9
