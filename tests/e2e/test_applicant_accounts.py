"""Applicants' accounts (issue 23): an applicant registers with their real name and ID number
(checked as at the window, every wrong field named at once), after a proof of work; signs in
with the realm; their token names them by the verified ID number, so their cases are theirs;
they ask for 帮办代办 for themselves only."""

import uuid

import jwt
import pytest

from deploy.local.keycloak import password_token
from services.kit.challenges import solve
from tests.support import (
    SUBMIT, applicant, create_item, error_codes, gql, new_id_number, token,
)

pytestmark = pytest.mark.e2e
REGISTER = """mutation($i: RegisterApplicantInput!) { registerApplicant(input: $i) {
  __typename ... on ApplicantRegistered { username maskedIdNumber name }
  ... on InvalidInput { code field fields message }
  ... on RegistrationUnavailable { code retryable } } }"""


def register(stack, **given) -> dict:
    challenge = gql(stack.gateway_url, "{ registrationChallenge { token bits } }")["data"][
        "registrationChallenge"]
    fields = {"name": "李四", "mobile": "13912345678", "password": "Phone-pass-1",
              "challenge": challenge["token"],
              "solution": solve(challenge["token"], challenge["bits"])} | given
    return gql(stack.gateway_url, REGISTER, {"i": fields},
               headers={"x-forwarded-for": f"10.23.{uuid.uuid4().int % 250}.1"})["data"][
        "registerApplicant"]


def test_an_applicant_registers_signs_in_and_finds_their_case(stack):
    refused = register(stack, name="", idNumber="110105194912310021", mobile="1234",
                       password="short")
    assert (refused["code"], refused["fields"]) == (
        "INVALID_FIELDS", ["name", "idNumber", "mobile", "password"])
    assert "校验位不符" in refused["message"]

    number = new_id_number()
    made = register(stack, idNumber=number.lower())
    assert made == {"__typename": "ApplicantRegistered", "username": number,
                    "maskedIdNumber": number[0] + "*" * 16 + number[-1], "name": "李四"}
    again = register(stack, idNumber=number)
    assert (again["code"], again["field"]) == ("ALREADY_REGISTERED", "idNumber")
    unsolved = gql(stack.gateway_url, REGISTER, {"i": {
        "name": "李四", "idNumber": new_id_number(), "mobile": "13912345678",
        "password": "Phone-pass-1", "challenge": "1.2.3", "solution": "0"}})
    assert unsolved["data"]["registerApplicant"]["code"] == "CHALLENGE_INVALID"

    signed = password_token(stack.keycloak, number, "Phone-pass-1")
    claims = jwt.decode(signed, options={"verify_signature": False})
    assert claims["id_number"] == number and "applicant" in claims["roles"]

    item = create_item(stack, f"dept-{uuid.uuid4().hex[:6]}")
    staff = token(stack, "window_staff", department=item["department"])
    mine = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(name="李四", idNumber=number),
        "materials": [{"name": "申请表"}]}}, staff)["data"]["submitApplication"]["case"]["id"]
    listed = gql(stack.gateway_url, "{ myApplications { edges { node { id } } } }", None,
                 signed)["data"]["myApplications"]["edges"]
    assert [e["node"]["id"] for e in listed] == [mine]

    ask = """mutation($i: RequestAssistanceInput!) { requestAssistance(input: $i) {
      __typename ... on AssistanceSaved { assistance { recordedBy applicantName } }
      ... on InvalidInput { code field } } }"""
    request = {"serviceItemId": item["id"], "kind": "ASSISTED", "applicantName": "李四",
               "applicantIdNumber": number, "applicantContact": "13912345678",
               "request": "不会填写申请表，请帮忙"}
    for_me = gql(stack.gateway_url, ask, {"i": request}, signed)["data"]["requestAssistance"]
    assert for_me["assistance"] == {"recordedBy": "网上申请", "applicantName": "李四"}
    other = gql(stack.gateway_url, ask, {"i": {**request, "applicantIdNumber": new_id_number()}},
                signed)["data"]["requestAssistance"]
    assert (other["code"], other["field"]) == ("NOT_YOURSELF", "applicant.idNumber")
    # staff still record requests for anyone at the window; other roles not at all
    assert error_codes(gql(stack.gateway_url, ask, {"i": request},
                           token(stack, "supervisor"))) == ["FORBIDDEN"]
