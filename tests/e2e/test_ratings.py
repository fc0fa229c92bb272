"""Ratings (好差评) through the gateway: the applicant rates their completed case (once, only
their own, only when completed); a poor rating is announced and the monitoring office follows
it up: contacts, rectifies and closes it; the rated staff member appeals and a supervisor
decides; a case left unrated receives the centre's default; the month's rating figures."""

import asyncio
import uuid

import pytest

from tests.support import (
    SUBMIT, applicant, create_item, error_codes, eventually, gql, set_clock, token,
)

pytestmark = pytest.mark.e2e
STEP = """__typename ... on RatingFollowUpSaved { followUp { status appeals { upheld } } }
  ... on StateConflict { code }"""
RATE = """mutation($c: ID!, $l: RatingLevel!) { rateCase(caseId: $c, level: $l,
  comment: "等了很久") { __typename ... on CaseUpdated { case { rating { level poor defaulted } } }
  ... on CaseStateConflict { code } } }"""


def completed_case(stack, department: str, person: dict) -> str:
    """An immediate item accepted and decided on the spot by "wang": completed."""
    item = create_item(stack, department, committed=1, statutory=1, caseKind="IMMEDIATE")
    wang = token(stack, "window_staff", department=department, subject="wang")
    case_id = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": person, "materials": [{"name": "申请表"}]}},
        wang)["data"]["submitApplication"]["case"]["id"]
    done = gql(stack.gateway_url, """mutation($id: ID!) { acceptApplication(caseId: $id,
      decideNow: true) { ... on ApplicationAccepted { case { status } } } }""", {"id": case_id},
               wang)["data"]["acceptApplication"]
    assert done == {"case": {"status": "COMPLETED"}}, done
    return case_id


async def test_a_poor_rating_is_followed_up(stack):
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    person = applicant(idType="PASSPORT", idNumber=f"E{uuid.uuid4().int % 10**9:09d}")
    me = token(stack, "applicant", subject=person["idNumber"])
    unfinished = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": create_item(stack, department)["id"], "applicant": person,
        "materials": [{"name": "申请表"}]}}, token(stack, "window_staff", department=department))[
        "data"]["submitApplication"]["case"]["id"]
    assert gql(stack.gateway_url, RATE, {"c": unfinished, "l": "SATISFIED"}, me)["data"][
        "rateCase"]["code"] == "CASE_NOT_COMPLETED"
    case_id = completed_case(stack, department, person)
    someone_else = token(stack, "applicant", subject="11010519491231002X")
    assert error_codes(gql(stack.gateway_url, RATE, {"c": case_id, "l": "SATISFIED"},
                           someone_else)) == ["FORBIDDEN"]
    rated = gql(stack.gateway_url, RATE, {"c": case_id, "l": "VERY_DISSATISFIED"}, me)["data"][
        "rateCase"]
    assert rated["case"]["rating"] == {"level": "VERY_DISSATISFIED", "poor": True,
                                       "defaulted": False}
    assert gql(stack.gateway_url, RATE, {"c": case_id, "l": "SATISFIED"}, me)["data"][
        "rateCase"]["code"] == "ALREADY_RATED"
    officer = token(stack, "efficiency_officer", subject="eff")
    listed = "query($d: String) { ratingFollowUps(department: $d) { caseId contactDueOn status } }"
    rows = await asyncio.to_thread(eventually, lambda: gql(
        stack.gateway_url, listed, {"d": department}, officer)["data"]["ratingFollowUps"],
        30, what="the follow-up opened")
    assert rows == [{"caseId": case_id, "contactDueOn": "2026-12-06", "status": "OPEN"}]
    follow_up = gql(stack.gateway_url, """mutation($c: ID!) { rateFollowUp(caseId: $c,
      level: SATISFIED) { ... on CaseUpdated { case { followUpRating { level } } } } }""",
                    {"c": case_id}, me)["data"]["rateFollowUp"]
    assert follow_up["case"]["followUpRating"] == {"level": "SATISFIED"}

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



async def test_a_case_left_unrated_receives_the_default_rating(stack):
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    person = applicant(idType="PASSPORT", idNumber=f"E{uuid.uuid4().int % 10**9:09d}")
    case_id = completed_case(stack, department, person)
    rating = """query($id: ID!) { case(id: $id) { rating { level defaulted ratedOn } } }"""
    staff = token(stack, "window_staff", department=department)
    set_clock(stack, "2026-12-07T09:00:00+08:00")  # six days: not yet
    await asyncio.sleep(1.5)  # the daily watch ticks every 0.5 s in tests
    assert gql(stack.gateway_url, rating, {"id": case_id}, staff)["data"]["case"][
        "rating"] is None
    set_clock(stack, "2026-12-08T09:00:00+08:00")  # seven natural days after completion
    assert await asyncio.to_thread(eventually, lambda: gql(
        stack.gateway_url, rating, {"id": case_id}, staff)["data"]["case"]["rating"], 30,
        what="the default rating") == {"level": "BASICALLY_SATISFIED", "defaulted": True,
                                       "ratedOn": "2026-12-08"}
    officer = token(stack, "efficiency_officer")
    figures = """query($d: String) { oversightFigures(month: "2026-12", department: $d) {
      rated activeRate } }"""
    assert await asyncio.to_thread(eventually, lambda: (f := gql(
        stack.gateway_url, figures, {"d": department}, officer)["data"]["oversightFigures"])[
        "rated"] == 1 and f, 30, what="the default counted") == {"rated": 1, "activeRate": 0.0}
    me = token(stack, "applicant", subject=person["idNumber"])
    late = gql(stack.gateway_url, RATE, {"c": case_id, "l": "SATISFIED"}, me)["data"]["rateCase"]
    assert late["code"] == "ALREADY_RATED"
