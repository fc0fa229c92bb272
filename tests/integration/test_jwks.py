"""RS256 tokens verified against keys served from a JWKS URL (the production mode)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from services.kit.auth import AuthError, Role, TokenVerifier
from services.kit.settings import ServiceSettings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def jwks_server():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    body = json.dumps({"keys": [{**public, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield key, f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()


def _claims(**extra):
    return {"sub": "li", "roles": ["chief_approver"], "department": "civil",
            "iss": "onewindow", "aud": "onewindow", "iat": int(time.time()),
            "exp": int(time.time()) + 60, **extra}


def test_rs256_token_from_jwks_verifies(jwks_server):
    key, url = jwks_server
    verifier = TokenVerifier(ServiceSettings(jwt_jwks_url=url))
    token = jwt.encode(_claims(), key, algorithm="RS256", headers={"kid": "k1"})
    principal = verifier.verify(token)
    assert principal.subject == "li" and principal.roles == {Role.CHIEF_APPROVER}


def test_hs256_token_is_refused_when_keys_come_from_jwks(jwks_server):
    _, url = jwks_server
    verifier = TokenVerifier(ServiceSettings(jwt_jwks_url=url))
    forged = jwt.encode(_claims(), "guessed-secret-guessed-secret-00", algorithm="HS256",
                        headers={"kid": "k1"})
    with pytest.raises(AuthError) as err:
        verifier.verify(forged)
    assert err.value.code == "TOKEN_INVALID"


def test_a_key_that_is_not_published_is_refused(jwks_server):
    _, url = jwks_server
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(_claims(), other, algorithm="RS256", headers={"kid": "k1"})
    with pytest.raises(AuthError) as err:
        TokenVerifier(ServiceSettings(jwt_jwks_url=url)).verify(token)
    assert err.value.code == "TOKEN_INVALID"
