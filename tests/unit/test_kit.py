import time

import jwt
import pytest

from services.kit.auth import AuthError, Role, TokenVerifier
from services.kit.events import CloudEvent, MalformedEvent
from services.kit.graphql import connection, decode_cursor
from services.kit.domain import InputError
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint

SETTINGS = ServiceSettings(jwt_secret="unit-test-secret-unit-test-secret")


def test_a_minted_token_verifies_into_a_principal():
    token = mint(SETTINGS, "wang", ["window_staff"], "civil")
    principal = TokenVerifier(SETTINGS).principal_from_header(f"Bearer {token}")
    assert principal.subject == "wang"
    assert principal.roles == {Role.WINDOW_STAFF}
    assert principal.department == "civil"


@pytest.mark.parametrize("header,code", [
    (f"Bearer {mint(SETTINGS, 'w', ['admin'], now=time.time() - 7200, ttl_seconds=60)}",
     "TOKEN_EXPIRED"),
    (f"Bearer {mint(ServiceSettings(jwt_secret='another-secret-another-secret-00'), 'w', ['admin'])}",
     "TOKEN_INVALID"),
    ("Basic dXNlcjpwYXNz", "TOKEN_INVALID"),
    (f"Bearer {jwt.encode({'sub': 'w', 'exp': time.time() + 86400, 'iss': 'onewindow', 'aud': 'onewindow', 'roles': ['emperor']}, SETTINGS.jwt_secret, algorithm='HS256')}",
     "TOKEN_INVALID"),
])
def test_bad_tokens_have_stable_codes(header, code):
    with pytest.raises(AuthError) as err:
        TokenVerifier(SETTINGS).principal_from_header(header)
    assert err.value.code == code
    assert "codec" not in str(err.value) and "Signature" not in str(err.value)


def claims(**kw) -> dict:
    now = int(time.time())
    return {"sub": "w", "iat": now, "exp": now + 3600, "iss": "onewindow", "aud": "onewindow",
            **kw}


@pytest.mark.parametrize("token,why", [
    (jwt.encode(claims(exp=int(time.time()) + 100 * 365 * 86400, roles=["admin"]),
                SETTINGS.jwt_secret, algorithm="HS256"), "a century"),
    (jwt.encode(claims(roles=["window_staff"]), SETTINGS.jwt_secret, algorithm="HS256"),
     "a department role with no department"),
    ("\xff" * 10 + ".x.y", "not a token"),
    ("a" * 2_000_000, "2 MB"),
])
def test_tokens_too_old_too_big_or_without_their_department_are_refused(token, why):
    with pytest.raises(AuthError) as err:
        TokenVerifier(SETTINGS).principal_from_header(f"Bearer {token}")
    assert err.value.code == "TOKEN_INVALID", why
    assert len(str(err.value)) < 120


def test_dev_tokens_are_never_minted_without_department_or_for_too_long():
    with pytest.raises(ValueError):
        mint(SETTINGS, "w", ["department_head"])
    with pytest.raises(ValueError):
        mint(SETTINGS, "w", ["admin"], ttl_seconds=30 * 86400)
    assert mint(SETTINGS, "w", ["supervisor"])  # centre-wide: no department needed


def test_role_checks():
    verifier = TokenVerifier(SETTINGS)
    anonymous = verifier.principal_from_header(None)
    with pytest.raises(AuthError) as err:
        anonymous.require(Role.ADMIN)
    assert err.value.code == "UNAUTHENTICATED"
    staff = verifier.verify(mint(SETTINGS, "w", ["window_staff"], "civil"))
    with pytest.raises(AuthError) as err:
        staff.require(Role.ADMIN)
    assert err.value.code == "FORBIDDEN"
    assert staff.require(Role.ADMIN, Role.WINDOW_STAFF) is staff


def test_cloud_event_round_trip_carries_the_required_attributes():
    event = CloudEvent(type="case.accepted", source="onewindow/intake", subject="c1", data={"a": 1})
    raw = event.to_dict()
    for attribute in ("specversion", "id", "source", "type", "subject", "time",
                      "datacontenttype", "correlationid"):
        assert raw[attribute]
    assert CloudEvent.from_dict(raw) == event
    with pytest.raises(MalformedEvent):
        CloudEvent.from_dict({"type": "x"})


def test_connections_page_with_opaque_cursors():
    page = connection(["a", "b", "c"], ["ka", "kb", "kc"], 2)
    assert [e.node for e in page.edges] == ["a", "b"]
    assert page.page_info.has_next_page is True
    assert decode_cursor(page.page_info.end_cursor) == "kb"
    with pytest.raises(InputError):
        decode_cursor("%%%")


def test_unexpected_errors_are_masked_and_expected_ones_keep_their_codes():
    import strawberry

    from services.kit.graphql import Schema

    @strawberry.type
    class Query:
        @strawberry.field
        def broken(self) -> int:
            raise RuntimeError("database password is hunter2")

        @strawberry.field
        def refused(self) -> int:
            raise AuthError("FORBIDDEN", "not for you")

        @strawberry.field
        def bad(self) -> int:
            raise InputError("first", "OUT_OF_RANGE", "too many")

    schema = Schema(query=Query)
    [broken] = schema.execute_sync("{ broken }").errors
    assert broken.message == "Internal server error"
    assert broken.extensions == {"code": "INTERNAL_SERVER_ERROR"}
    [refused] = schema.execute_sync("{ refused }").errors
    assert (refused.message, refused.extensions["code"]) == ("not for you", "FORBIDDEN")
    [bad] = schema.execute_sync("{ bad }").errors
    assert bad.extensions == {"code": "OUT_OF_RANGE", "field": "first", "fields": ["first"]}
