"""The identity provider's users, kept by the staff directory (the directory is the source of
truth for posts, departments and roles): Keycloak's admin REST API, as the realm's
`onewindow-directory` service account (client credentials). I/O only; the consumer and the
handler decide when."""

import time
from urllib.parse import quote

import httpx

from services.kit.auth import Role

OURS = {r.value for r in Role}
APPLICANTS_GROUP = "/applicants"  # its realm role: applicant (deploy/local/keycloak)


class RealmUnavailable(Exception):
    """The identity provider did not answer as expected: the event is tried again later."""


class AlreadyRegistered(Exception):
    """The realm has a user of that name (an applicant's ID number) already."""


class PasswordRefused(Exception):
    """The realm's password policy refused the password (its message key)."""


class RealmUsers:
    def __init__(self, issuer: str, client_id: str, client_secret: str) -> None:
        base, _, realm = issuer.rstrip("/").rpartition("/realms/")
        self.token_url = f"{issuer.rstrip('/')}/protocol/openid-connect/token"
        self.api = f"{base}/admin/realms/{realm}"
        self.client = (client_id, client_secret)
        self._token: tuple[str, float] | None = None

    async def _bearer(self, http: httpx.AsyncClient) -> dict:
        if self._token is None or self._token[1] < time.monotonic():
            try:
                answer = await http.post(self.token_url, data={
                    "grant_type": "client_credentials", "client_id": self.client[0],
                    "client_secret": self.client[1]})
            except httpx.HTTPError as exc:
                raise RealmUnavailable(f"token: {type(exc).__name__}") from None
            if answer.status_code != 200:
                raise RealmUnavailable(f"token: {answer.status_code}")
            body = answer.json()
            self._token = (body["access_token"], time.monotonic() + body["expires_in"] - 30)
        return {"authorization": f"Bearer {self._token[0]}"}

    async def session(self, http: httpx.AsyncClient, tolerated: tuple[int, ...] = ()):
        """`call(method, path, **kw)` on the admin API as the service account; an answer of 400
        or more (but `tolerated`) or no answer is RealmUnavailable."""
        headers = await self._bearer(http)

        async def call(method: str, path: str, **kw) -> httpx.Response:
            try:
                answer = await http.request(method, f"{self.api}{path}", headers=headers, **kw)
            except httpx.HTTPError as exc:
                raise RealmUnavailable(f"{method} {path}: {type(exc).__name__}") from None
            if answer.status_code >= 400 and answer.status_code not in tolerated:
                raise RealmUnavailable(f"{method} {path}: {answer.status_code}")
            return answer

        return call

    async def keep(self, username: str, name: str, department: str, roles: list[str]) -> None:
        """The user of this staff member: created if missing, its name and department set,
        its roles among the platform's made exactly `roles` (others left alone)."""
        async with httpx.AsyncClient(timeout=15) as http:
            call = await self.session(http, tolerated=(409,))

            body = {"username": username, "enabled": True, "firstName": name, "lastName": "-",
                    "attributes": {"department": [department]}}
            found = (await call("GET", f"/users?username={quote(username)}&exact=true")).json()
            if found:
                user_id = found[0]["id"]
                await call("PUT", f"/users/{user_id}", json={**found[0], **body})
            else:
                await call("POST", "/users", json=body)
                user_id = (await call("GET", f"/users?username={quote(username)}"
                                             "&exact=true")).json()[0]["id"]
            held = {r["name"]: r for r in (await call(
                "GET", f"/users/{user_id}/role-mappings/realm")).json()}
            wanted = set(roles) & OURS
            add = [(await call("GET", f"/roles/{r}")).json() for r in wanted - set(held)]
            drop = [held[r] for r in set(held) & OURS - wanted]
            if add:
                await call("POST", f"/users/{user_id}/role-mappings/realm", json=add)
            if drop:
                await call("DELETE", f"/users/{user_id}/role-mappings/realm", json=drop)

    async def create_applicant(self, id_number: str, name: str, mobile: str,
                               password: str) -> None:
        """An applicant's account in one request (user, password, attributes and the
        `applicants` group that gives the role), so that none is ever half made."""
        body = {"username": id_number, "enabled": True, "firstName": name, "lastName": "-",
                "attributes": {"idNumber": [id_number], "mobile": [mobile]},
                "groups": [APPLICANTS_GROUP],
                "credentials": [{"type": "password", "value": password, "temporary": False}]}
        async with httpx.AsyncClient(timeout=15) as http:
            headers = await self._bearer(http)
            try:
                answer = await http.post(f"{self.api}/users", json=body, headers=headers)
            except httpx.HTTPError as exc:
                raise RealmUnavailable(f"POST /users: {type(exc).__name__}") from None
        if answer.status_code == 409:
            raise AlreadyRegistered(id_number)
        if answer.status_code == 400 and "assword" in answer.text:
            raise PasswordRefused(answer.json().get("errorMessage", ""))
        if answer.status_code >= 300:
            raise RealmUnavailable(f"POST /users: {answer.status_code}")
