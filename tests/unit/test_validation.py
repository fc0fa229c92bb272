"""The kit's text checks: characters a record may not hold are refused before anything is drawn
or written (unpaired surrogates, controls, bidi overrides), sizes checked first."""

import pytest

from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, TEXT_MAX, items, text


@pytest.mark.parametrize("value", ["张\ud800三", "张三\x00", "\u202e三张", "a\u2066b", "x\x1by"])
def test_characters_a_record_may_not_hold_are_refused(value):
    with pytest.raises(InputError) as err:
        text("applicant.name", value, SHORT_MAX)
    assert (err.value.field, err.value.code) == ("applicant.name", "INVALID_CHARACTERS")


def test_line_breaks_belong_in_long_text_only():
    assert text("reasons", "第一条\n第二条\t说明", TEXT_MAX) == "第一条\n第二条\t说明"
    with pytest.raises(InputError) as err:
        text("name", "张\n三", SHORT_MAX)
    assert err.value.code == "INVALID_CHARACTERS"


def test_sizes_are_checked_first():
    with pytest.raises(InputError) as err:
        text("justification", "长" * 100_000, TEXT_MAX)
    assert err.value.code == "TOO_LONG"
    with pytest.raises(InputError) as err:
        items("responders", ["x"] * 2000, 10)
    assert (err.value.field, err.value.code) == ("responders", "TOO_MANY")
    assert items("responders", None, 10) == []


def test_a_forecast_is_bounded_before_it_computes():
    from datetime import date

    from services.deadlines.calendar.rules import Limit, Suspension, TimeUnit

    for start in (date(1, 1, 1), date(9999, 12, 31)):
        with pytest.raises(InputError) as err:
            Limit(start, 10, TimeUnit.WORKING_DAYS).validate()
        assert (err.value.field, err.value.code) == ("acceptedOn", "OUT_OF_RANGE")
    many = tuple(Suspension(date(2026, 1, 1), date(2026, 1, 1)) for _ in range(5000))
    with pytest.raises(InputError) as err:
        Limit(date(2026, 1, 1), 10, TimeUnit.WORKING_DAYS, many).validate()
    assert err.value.code == "TOO_MANY"


def test_most_of_an_id_number_or_contact_is_hidden():
    from services.intake.cases.applicants import Applicant, ApplicantKind, IdType

    person = Applicant(ApplicantKind.PERSON, "张三", IdType.PASSPORT, "E12345678", "13800001234")
    assert person.masked_id_number() == "E*******8"  # 7 of 9 hidden (was E12**5678)
    assert person.masked_contact() == "138****1234"
    assert Applicant(ApplicantKind.PERSON, "张三", IdType.PASSPORT, "E1234", "li@example.cn"
                     ).masked_contact() == "li*********cn"


def test_an_applicant_acting_is_masked_in_the_audit_trail():
    from services.kit.masking import shown_actor

    assert shown_actor("11010519491231002X") == "1****************X"
    assert shown_actor("ca-window-01") == "ca-window-01"
    assert shown_actor(None) is None
