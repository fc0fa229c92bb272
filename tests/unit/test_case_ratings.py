"""好差评 of a case: once, by level, poor announced, one follow-up rating, the centre's default
after the policy's days. Pure."""

from datetime import timedelta

import pytest

from services.intake.cases.domain import CaseStateError
from services.intake.ratings.domain import RatingLevel, RatingPolicy
from services.kit.domain import InputError
from tests.unit.test_intake_domain import NOW, STAFF, TODAY, handed, receive


def completed():
    case = receive(handed("申请书", "身份证", "场所平面图"), case_kind="immediate")
    case.accept(NOW, TODAY, STAFF, TODAY, decide_now=True)
    case.events.clear()
    return case


def types(case) -> list[str]:
    return [e.event_type for e in case.events]


def test_a_completed_case_is_rated_once_and_a_poor_rating_is_announced():
    unfinished = receive(handed("申请书", "身份证", "场所平面图"))
    with pytest.raises(CaseStateError) as err:
        unfinished.rate("satisfied", None, NOW, TODAY)
    assert err.value.code == "CASE_NOT_COMPLETED"
    case = completed()
    with pytest.raises(InputError):
        case.rate("meh", None, NOW, TODAY)
    case.rate("dissatisfied", "等候太久", NOW, TODAY)
    assert types(case) == ["rating.given", "rating.poor"]
    given = case.events[0]
    assert (given.level, given.poor, given.real_name, given.defaulted, given.staff) == (
        "dissatisfied", True, True, False, ["s-1"])
    assert "等候太久" not in str(given.data())  # the comment stays with the case
    with pytest.raises(CaseStateError) as err:
        case.rate("satisfied", None, NOW, TODAY)
    assert err.value.code == "ALREADY_RATED"


def test_one_follow_up_rating_after_the_first():
    case = completed()
    with pytest.raises(CaseStateError) as err:
        case.rate_follow_up("satisfied", None, NOW, TODAY)
    assert err.value.code == "NOT_RATED"
    case.rate("very_satisfied", None, NOW, TODAY)
    case.rate_follow_up("satisfied", "后续也好", NOW, TODAY)
    assert types(case)[-1] == "rating.follow_up_given"
    with pytest.raises(CaseStateError):
        case.rate_follow_up("satisfied", None, NOW, TODAY)


def test_an_unrated_case_receives_the_default_after_the_policys_days():
    policy = RatingPolicy(RatingLevel.BASICALLY_SATISFIED, 7)
    case = completed()
    assert not case.give_default_rating(policy, NOW, TODAY + timedelta(days=6))
    assert case.give_default_rating(policy, NOW, TODAY + timedelta(days=7))
    assert (case.rating.level, case.rating.defaulted) == (RatingLevel.BASICALLY_SATISFIED, True)
    defaulted = case.events[-1]
    assert (defaulted.event_type, defaulted.real_name, defaulted.days) == (
        "rating.defaulted", False, 7)
    assert not case.give_default_rating(policy, NOW, TODAY + timedelta(days=8))  # once
    rated = completed()
    rated.rate("satisfied", None, NOW, TODAY)
    assert not rated.give_default_rating(policy, NOW, TODAY + timedelta(days=30))


def test_a_poor_default_is_followed_up_too():
    case = completed()
    case.give_default_rating(RatingPolicy(RatingLevel.DISSATISFIED, 2), NOW,
                             TODAY + timedelta(days=2))
    assert types(case) == ["rating.defaulted", "rating.poor"]
