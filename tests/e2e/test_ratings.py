"""A poor rating followed up through the gateway: the ratings producer's `case.rated` (published
here as it will be) opens the follow-up; the office contacts, rectifies and closes it; the
rated staff member appeals and a supervisor decides; the month's rating figures."""

import asyncio
import uuid

import pytest

from services.kit.events import CloudEvent
from tests.support import error_codes, eventually, gql, publish, set_clock, token

pytestmark = pytest.mark.e2e
STEP = """__typename ... on RatingFollowUpSaved { followUp { status appeals { upheld } } }
  ... on StateConflict { code }"""


async def test_a_poor_rating_is_followed_up(stack):
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    case_id = str(uuid.uuid4())
    await publish(stack, CloudEvent(type="case.rated", source="onewindow/intake",
                                    subject=case_id, data={
        "case_id": case_id, "case_number": "OW2026112300009", "department": department,
        "window": "W-1", "staff": ["wang"], "level": "very_dissatisfied", "poor": True,
        "real_name": True, "defaulted": False, "rated_on": "2026-12-01"}))
    officer = token(stack, "efficiency_officer", subject="eff")
    listed = "query($d: String) { ratingFollowUps(department: $d) { caseId contactDueOn status } }"
    rows = await asyncio.to_thread(eventually, lambda: gql(
        stack.gateway_url, listed, {"d": department}, officer)["data"]["ratingFollowUps"],
        30, what="the follow-up opened")
    assert rows == [{"caseId": case_id, "contactDueOn": "2026-12-06", "status": "OPEN"}]

    def act(who, mutation, variables):
        result = gql(stack.gateway_url, f"mutation {mutation} {{ {STEP} }} }}", variables, who)
        assert "errors" not in result, result
        return next(iter(result["data"].values()))

    ids = {"c": case_id}
    assert act(officer, "($c: ID!) { closeRatingFollowUpUnreachable(caseId: $c, "
                        "reason: \"无人接听\")", ids)["code"] == "REAL_NAME_MUST_BE_FOLLOWED_UP"
    act(officer, "($c: ID!) { recordRatingContact(caseId: $c, verification: TRUE, "
                 "notes: \"等候时间过长\")", ids)
    act(officer, "($c: ID!) { recordRatingRectification(caseId: $c, measures: \"增设窗口\")",
        ids)
    closed = act(officer, "($c: ID!) { closeRatingFollowUp(caseId: $c, "
                          "rectificationRating: SATISFIED)", ids)
    assert closed["followUp"]["status"] == "CLOSED"
    wang = token(stack, "window_staff", department=department, subject="wang")
    act(wang, "($c: ID!) { appealRating(caseId: $c, kind: MISTAKEN, reasons: \"误评\")", ids)
    assert error_codes(gql(stack.gateway_url, f"""mutation($c: ID!) {{ decideRatingAppeal(
        caseId: $c, ratingStands: false) {{ {STEP} }} }}""", ids, officer)) == ["FORBIDDEN"]
    supervisor = token(stack, "supervisor", subject="sup")
    decided = act(supervisor, "($c: ID!) { decideRatingAppeal(caseId: $c, ratingStands: true)",
                  ids)
    assert decided["followUp"]["appeals"] == [{"upheld": True}]
    figures = """query($d: String) { oversightFigures(month: "2026-12", department: $d) {
      rated poorRate activeRate } }"""
    assert await asyncio.to_thread(eventually, lambda: gql(
        stack.gateway_url, figures, {"d": department}, officer)["data"]["oversightFigures"][
        "rated"] == 1, 30, what="the rating counted")
    assert gql(stack.gateway_url, figures, {"d": department}, officer)["data"][
        "oversightFigures"] == {"rated": 1, "poorRate": 1.0, "activeRate": 1.0}
