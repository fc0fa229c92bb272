"""The follow-up of poor ratings (好差评): verified, rectified, fed back; real-name ones
without exception; the rated staff's appeal decided by someone else. Pure."""

from datetime import date

import pytest

from services.oversight.ratings.domain import FollowUp, FollowUpError, FollowUpStatus

DAY = date(2026, 12, 1)


def follow_up(real_name: bool = True) -> FollowUp:
    return FollowUp.open("c1", "OW1", "civil", ["wang"], "very_dissatisfied", real_name, DAY, 5)


def test_a_poor_rating_is_verified_rectified_and_fed_back():
    f = follow_up()
    assert f.contact_due_on == date(2026, 12, 6)
    with pytest.raises(FollowUpError) as err:
        f.close(None, DAY, "eff")
    assert err.value.code == "CONTACT_REQUIRED"
    f.record_contact("true", "电话回访，反映等候时间长", date(2026, 12, 3))
    with pytest.raises(FollowUpError) as err:
        f.close(None, DAY, "eff")
    assert err.value.code == "RECTIFICATION_REQUIRED"
    f.record_rectification("增设午间窗口", date(2026, 12, 4))
    f.close("satisfied", date(2026, 12, 5), "eff")
    done = f.events[-1]
    assert (f.status, done.event_type, done.in_time, done.rectified) == (
        FollowUpStatus.CLOSED, "poor_rating.followed_up", True, True)


def test_an_unfounded_rating_needs_no_rectification():
    f = follow_up()
    f.record_contact("unfounded", "申请人误评", DAY)
    with pytest.raises(FollowUpError):
        f.record_rectification("x", DAY)
    f.close(None, DAY, "eff")
    assert f.status is FollowUpStatus.CLOSED


def test_only_anonymous_raters_may_be_closed_as_unreachable():
    with pytest.raises(FollowUpError) as err:
        follow_up(real_name=True).close_unreachable("电话无人接听", DAY, "eff")
    assert err.value.code == "REAL_NAME_MUST_BE_FOLLOWED_UP"
    anonymous = follow_up(real_name=False)
    anonymous.close_unreachable("匿名，无联系方式", DAY, "eff")
    assert anonymous.events[-1].verification == "unreachable"


def test_the_rated_staff_appeals_and_someone_else_decides():
    f = follow_up()
    with pytest.raises(FollowUpError) as err:
        f.appeal("zhao", "malicious", "x", DAY)
    assert err.value.code == "NOT_RATED_STAFF"
    f.appeal("wang", "malicious", "申请人因私怨恶意差评", DAY)
    with pytest.raises(FollowUpError) as err:
        f.decide_appeal(False, DAY, "wang")
    assert err.value.code == "SAME_PERSON"
    f.decide_appeal(False, DAY, "sup")
    assert (f.events[-1].event_type, f.events[-1].rating_stands) == (
        "rating.appeal_decided", False)
