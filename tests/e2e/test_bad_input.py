"""Bad input through the gateway: a typed error naming the field, and nothing stored."""

import uuid

import pytest

from tests.support import CREATE_ITEM, SUBMIT, applicant, create_item, database, gql, token

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("overrides,field,code", [
    ({"committedLimit": 21, "statutoryLimit": 20}, "committedLimit", "COMMITTED_EXCEEDS_STATUTORY"),
    ({"name": ""}, "name", "REQUIRED"),
    ({"name": "长" * 201}, "name", "TOO_LONG"),
    ({"code": "bad code!"}, "code", "INVALID_FORMAT"),
    ({"statutoryLimit": 0, "committedLimit": 0}, "statutoryLimit", "OUT_OF_RANGE"),
])
def test_bad_service_items_are_refused(stack, overrides, field, code):
    item = {"code": f"B-{uuid.uuid4().hex[:10]}", "name": "事项", "department": "dept-x",
            "statutoryLimit": 20, "committedLimit": 10, "publish": True, **overrides}
    admin = token(stack, "admin")
    outcome = gql(stack.gateway_url, CREATE_ITEM, {"input": item}, admin)["data"]["createServiceItem"]
    assert outcome["__typename"] == "InvalidInput"
    assert (outcome["field"], outcome["code"]) == (field, code)
    assert database(stack, "intake")["service_items"].count_documents({"code": item["code"]}) == 0


@pytest.mark.parametrize("applicant_overrides,materials,field,code", [
    ({"name": ""}, [], "applicant.name", "REQUIRED"),
    ({"name": "   "}, [], "applicant.name", "REQUIRED"),
    ({"idNumber": "110105194912310021"}, [], "applicant.idNumber", "INVALID_ID_NUMBER"),
    ({"idNumber": "not-an-id"}, [], "applicant.idNumber", "INVALID_ID_NUMBER"),
    ({"name": "名" * 5000}, [], "applicant.name", "TOO_LONG"),
    ({"contact": "1" * 101}, [], "applicant.contact", "TOO_LONG"),
    ({"kind": "ORGANISATION", "idType": "UNIFIED_SOCIAL_CREDIT_CODE",
      "idNumber": "91110000600037341X", "legalRepresentative": "李四"},
     [], "applicant.idNumber", "INVALID_ID_NUMBER"),
    ({"kind": "ORGANISATION", "idType": "RESIDENT_ID_CARD", "legalRepresentative": "李四"},
     [], "applicant.idType", "ID_TYPE_MISMATCH"),
    ({}, [{"name": "不在目录中的材料"}], "materials[0].name", "MATERIAL_NOT_ON_LIST"),
    ({}, [{"name": "身份证"}, {"name": "身份证"}], "materials[1].name", "DUPLICATE_MATERIAL"),
    ({}, [{"name": "身份证", "state": "DEFECTIVE"}], "materials[0].reason", "REQUIRED"),
])
def test_bad_applications_are_refused(stack, applicant_overrides, materials, field, code):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, materials=[{"name": "身份证"}])
    staff = token(stack, "window_staff", department=department)
    outcome = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(**applicant_overrides),
        "materials": materials}}, staff)["data"]["submitApplication"]
    assert outcome["__typename"] == "InvalidInput"
    assert (outcome["field"], outcome["code"]) == (field, code)
    assert database(stack, "intake")["cases"].count_documents({"item.department": department}) == 0


def test_unknown_service_item_is_not_found(stack):
    staff = token(stack, "window_staff", department="dept-x")
    missing = str(uuid.uuid4())
    outcome = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": missing, "applicant": applicant()}}, staff)["data"]["submitApplication"]
    assert outcome == {"__typename": "NotFound", "code": "NOT_FOUND", "id": missing}


def test_accepting_twice_is_a_state_conflict(stack):
    from tests.support import ACCEPT, submit_and_accept

    department = f"dept-{uuid.uuid4().hex[:6]}"
    case_id = submit_and_accept(stack, create_item(stack, department))
    staff = token(stack, "window_staff", department=department)
    outcome = gql(stack.gateway_url, ACCEPT, {"id": case_id}, staff)["data"]["acceptApplication"]
    assert outcome["__typename"] == "CaseStateConflict" and outcome["code"] == "CASE_WRONG_STATE"


def test_a_bad_cursor_is_a_coded_error(stack):
    result = gql(stack.gateway_url, 'query { serviceItems(after: "nope") { edges { cursor } } }')
    assert result["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
