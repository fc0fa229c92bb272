"""The cards now (黄牌 / 红牌 by department) and the most overdue items: cards replace each
other and end in any order, once. Pure."""

from datetime import date

from services.oversight.cards.domain import RED, YELLOW, Card, CardBoard, clock_key, days_overdue

KEY = clock_key("case_limit", "c1", None)


def card(colour: str, due: str = "2026-12-07", subject: str = "c1") -> Card:
    return Card(colour, "case_limit", "case", subject, "OW1", None, "wang", due, "2026-12-08")


def test_a_yellow_card_turns_red_never_back_and_each_event_counts_once():
    board = CardBoard("civil")
    assert board.issue("y", KEY, card(YELLOW)) and board.deltas_of("y") == {"yellow": 1}
    assert board.issue("r", KEY, card(RED)) and board.deltas_of("r") == {"yellow": -1, "red": 1}
    assert not board.issue("r", KEY, card(RED))  # redelivered: nothing more
    assert board.issue("y-late", KEY, card(YELLOW)) and board.deltas_of("y-late") == {}
    assert [c.colour for c in board.cards.values()] == [RED]


def test_a_completed_clock_leaves_the_board_for_good_even_before_its_card_arrives():
    board = CardBoard("civil")
    board.issue("r", KEY, card(RED))
    assert board.end("done", KEY, "2026-12-09", None, True)
    assert board.deltas_of("done") == {"red": -1} and board.cards == {}
    other = clock_key("case_limit", "c2", None)
    board.end("done-2", other, "2026-12-09", None, True)  # the completion came first
    board.issue("r-2", other, card(RED, subject="c2"))
    assert board.cards == {} and board.deltas_of("r-2") == {}


def test_an_extension_takes_the_old_dates_card_off_and_the_new_date_gets_its_own():
    board = CardBoard("civil")
    board.issue("y", KEY, card(YELLOW))
    board.end("ext", KEY, "2026-12-04", "2026-12-07", False)
    assert board.cards == {} and board.deltas_of("ext") == {"yellow": -1}
    board.issue("y-old", KEY, card(YELLOW))  # the old date's card, delivered late: stays off
    assert board.cards == {}
    board.issue("y-new", KEY, card(YELLOW, due="2026-12-14"))
    assert board.cards[KEY].due_date == "2026-12-14"


def test_the_most_overdue_come_first():
    board = CardBoard("civil")
    board.issue("a", clock_key("case_limit", "a", None), card(RED, "2026-12-07", "a"))
    board.issue("b", clock_key("case_limit", "b", None), card(RED, "2026-11-30", "b"))
    board.issue("c", clock_key("case_limit", "c", None), card(YELLOW, "2026-11-01", "c"))
    assert [c.subject_id for c in board.overdue()] == ["b", "a"]
    assert days_overdue(board.overdue()[0], date(2026, 12, 9)) == 9
