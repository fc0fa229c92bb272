"""Assessment scorecards: periods, weights as configuration, grades, award eligibility. Pure."""

import pytest

from services.kit.domain import InputError
from services.oversight.assessment.domain import Grade, Weights, months_of, scorecard, total
from services.kit.counters import Counter


def test_periods_are_a_month_a_quarter_or_a_year():
    assert months_of("2026-11") == ["2026-11"]
    assert months_of("2026-Q4") == ["2026-10", "2026-11", "2026-12"]
    assert len(months_of("2026")) == 12
    with pytest.raises(InputError):
        months_of("2026-13")


def test_points_are_deducted_as_configured_and_graded():
    counts = total([Counter(counts={"cases_timed": 10, "cases_on_time": 9, "cases_late": 1,
                              "breaches": 1}), Counter(counts={"sanctions": 1, "rated_poor": 1})])
    card = scorecard("2026-Q4", counts, counts, Weights())
    assert (card.score, card.grade, card.on_time_rate) == (80.0, Grade.BASICALLY_QUALIFIED, 0.9)
    strict = scorecard("2026-Q4", counts, counts, Weights(sanction=30))
    assert strict.grade is Grade.UNQUALIFIED
    assert scorecard("2026-Q4", Counter(), Counter(), Weights()).grade is Grade.QUALIFIED


def test_a_sanction_from_loss_of_award_eligibility_up_costs_the_years_awards():
    year = Counter(counts={"award_losing_sanctions": 1})
    assert not scorecard("2026-11", Counter(), year, Weights()).award_eligible
    assert scorecard("2026-11", Counter(), Counter(), Weights()).award_eligible
