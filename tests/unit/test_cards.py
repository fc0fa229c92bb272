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
    assert not board.issue(KEY, card(YELLOW))  # the yellow one, late
    assert [c.colour for c in board.cards.values()] == [RED]
    assert board.counts() == {"civil|yellow": 0, "civil|red": 1, "civil|version": 0}


def test_a_completed_clock_leaves_the_board_for_good_even_before_its_card_arrives():
    board = CardBoard("civil")
    board.issue(KEY, card(RED))
    assert board.end(KEY, "2026-12-09", None, True) and board.cards == {}
    assert not board.end(KEY, "2026-12-09", None, True)  # redelivered
    other = clock_key("case_limit", "c2", None)
    assert board.end(other, "2026-12-09", None, True)  # the completion came first
    assert not board.issue(other, card(RED, subject="c2")) and board.cards == {}
    # tombstones go after a week (a card in flight arrives within minutes)
    board.end(clock_key("case_limit", "c3", None), "2026-12-20", None, True)
    assert KEY not in board.ended and other not in board.ended


def test_an_extension_takes_the_old_dates_card_off_and_the_new_date_gets_its_own():
    board = CardBoard("civil")
    board.issue(KEY, card(YELLOW))
    assert board.end(KEY, "2026-12-04", "2026-12-07", False) and board.cards == {}
    assert not board.issue(KEY, card(YELLOW))  # the old date's card, delivered late
    assert board.issue(KEY, card(YELLOW, due="2026-12-14"))
    assert board.cards[KEY].due_date == "2026-12-14"


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
