"""Signing in through the identity provider (issue 23): Keycloak's realm issues the tokens the
services verify by its keys (JWKS); the subject is the staff id (or the applicant's ID number),
the roles and department come with it; a wrong password, a token signed by another key and the
platform's own tokens where not allowed are refused."""

import json
import time
import urllib.error
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from deploy.local.keycloak import password_token, realm_user
from tests.support import SUBMIT, applicant, create_item, error_codes, gql

pytestmark = pytest.mark.e2e


def test_a_clerk_signs_in_with_the_realm_and_works_as_themselves(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department)
    clerk = f"{department}-clerk"
    realm_user(stack.keycloak, clerk, "Clerk-pass-1", "王芳", ["window_staff"], department)
    token = password_token(stack.keycloak, clerk, "Clerk-pass-1")
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    submitted = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(),
        "materials": [{"name": "申请表"}]}}, token)["data"]["submitApplication"]
    assert submitted["__typename"] == "ApplicationSubmitted"
    read = gql(stack.gateway_url, """query($id: ID!) { case(id: $id) { receivedBy
      notices { staffName } } }""", {"id": submitted["case"]["id"]}, token)["data"]["case"]
    assert read["receivedBy"] == clerk  # the subject is the staff id, not the realm's uuid
    assert read["notices"][0]["staffName"] == "王芳"
    # another department's cases are not theirs: the realm says which department they are of
    elsewhere = gql(stack.gateway_url, "{ cases(filter: {department: \"elsewhere\"}) "
                                       "{ edges { node { id } } } }", None, token)
    assert error_codes(elsewhere) == ["FORBIDDEN"]

    with pytest.raises(urllib.error.HTTPError) as refused:
        password_token(stack.keycloak, clerk, "wrong-password")
    assert refused.value.code in (400, 401)
    assert json.loads(refused.value.read())["error"] == "invalid_grant"


def test_tokens_the_platform_did_not_issue_are_refused(stack):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({"sub": "x", "preferred_username": "admin-01", "roles": ["admin"],
                         "iss": stack.keycloak.issuer, "aud": "onewindow",
                         "iat": int(time.time()), "exp": int(time.time()) + 60}, key,
                        algorithm="RS256", headers={"kid": "not-the-realms"})
    query = "{ staff(department: \"x\") { edges { node { id } } } }"
    assert error_codes(gql(stack.gateway_url, query, None, forged)) == ["TOKEN_INVALID"]


REGISTER = """mutation($i: RegisterStaffInput!) { registerStaff(input: $i) { __typename } }"""


def test_registering_staff_keeps_the_realms_user_in_line_with_the_directory(stack):
    """The directory is the source of truth: registering a member of staff creates the realm's
    user with the directory's department and roles; registering them again with other roles
    changes the realm's (the identity provider's own roles are left alone)."""
    from deploy.local.keycloak import realm_user_of, set_password
    from tests.support import eventually, staff_department, token

    department = f"dept-{uuid.uuid4().hex[:6]}"
    staff_department(stack, department)
    member = f"{department}-new"
    admin = token(stack, "admin", subject="admin")
    given = {"staffId": member, "name": "李娜", "department": department, "rankTitle": "科员",
             "rankLevel": 3, "roles": ["window_staff"]}
    assert gql(stack.gateway_url, REGISTER, {"i": given}, admin)["data"]["registerStaff"][
        "__typename"] == "StaffMemberSaved"
    user = eventually(lambda: (u := realm_user_of(stack.keycloak, member)) and
                      "window_staff" in u["roles"] and u, 30, what="the realm's user created")
    assert user["firstName"] == "李娜" and user["attributes"]["department"] == [department]
    assert "window_staff" in user["roles"]
    set_password(stack.keycloak, member, "New-pass-1")
    signed = jwt.decode(password_token(stack.keycloak, member, "New-pass-1"),
                        options={"verify_signature": False})
    assert (signed["preferred_username"], signed["department"]) == (member, department)
    assert "window_staff" in signed["roles"]

    gql(stack.gateway_url, REGISTER, {"i": {**given, "roles": ["chief_approver"]}}, admin)
    # the realm's role mappings change in two requests (add, then drop): wait for both
    roles = eventually(lambda: (u := realm_user_of(stack.keycloak, member)) and
                       "chief_approver" in u["roles"] and "window_staff" not in u["roles"]
                       and u["roles"], 30, what="the realm's roles follow the directory")
    assert "default-roles-onewindow" in roles
