"""The services' token check (kit.auth.TokenVerifier): an identity provider whose keys cannot
be fetched is a retryable refusal of its own, never "your token is invalid"; an applicant is
named by the ID number their registration verified, not by the realm's lower-case user name."""

import socket
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from services.kit.auth import AuthError, TokenVerifier
from services.kit.settings import ServiceSettings

ISSUER = "http://127.0.0.1:{port}/realms/onewindow"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def realm_token(key, **claims) -> str:
    now = int(time.time())
    return jwt.encode({"sub": "3f1c", "aud": "onewindow", "iat": now, "exp": now + 300,
                       **claims}, key, algorithm="RS256", headers={"kid": "realm-key"})


def test_an_unreachable_identity_provider_is_not_an_invalid_token():
    issuer = ISSUER.format(port=closed_port())
    verifier = TokenVerifier(ServiceSettings(oidc_issuer=issuer))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(AuthError) as refused:
        verifier.verify(realm_token(key, iss=issuer, preferred_username="clerk-1"))
    assert refused.value.code == "IDENTITY_PROVIDER_UNAVAILABLE"


def test_an_applicant_is_named_by_the_verified_id_number(monkeypatch):
    issuer = ISSUER.format(port=closed_port())
    verifier = TokenVerifier(ServiceSettings(oidc_issuer=issuer))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signing = jwt.PyJWK.from_dict({**jwt.algorithms.RSAAlgorithm.to_jwk(
        key.public_key(), as_dict=True), "kid": "realm-key", "alg": "RS256"})
    monkeypatch.setattr(verifier._jwks, "get_signing_key_from_jwt", lambda token: signing)
    applicant = verifier.verify(realm_token(
        key, iss=issuer, preferred_username="11010519491231002x", roles=["applicant"],
        id_number="11010519491231002X"))
    assert applicant.subject == "11010519491231002X"
    clerk = verifier.verify(realm_token(key, iss=issuer, preferred_username="clerk-1",
                                        roles=["window_staff"], department="mz"))
    assert clerk.subject == "clerk-1"
    with pytest.raises(AuthError) as refused:  # an applicant without a verified number
        verifier.verify(realm_token(key, iss=issuer, preferred_username="x",
                                    roles=["applicant"]))
    assert refused.value.code == "TOKEN_INVALID"
