"""Department systems' clients in the identity provider (Keycloak's admin REST API, as the
directory's service account): a confidential client with a service account and nothing else
(no browser sign-in, no passwords), the realm's `onewindow` scope (roles, department,
operations in the token), short-lived tokens. I/O only."""

from urllib.parse import quote

import httpx

from ..directory.realm import RealmUnavailable, RealmUsers

TOKEN_SECONDS = 600  # a system asks again every ten minutes; a retired one stops soon


class SystemClients:
    def __init__(self, realm: RealmUsers) -> None:
        self.realm = realm

    @property
    def token_url(self) -> str:
        return self.realm.token_url

    async def _client(self, call, client_id: str) -> dict:
        found = (await call("GET", f"/clients?clientId={quote(client_id)}")).json()
        if not found:
            raise RealmUnavailable(f"client {client_id} is missing")
        return found[0]

    async def create(self, client_id: str, name: str, department: str, roles: list[str],
                     operations: list[str]) -> str:
        """The client, its service account's department, roles and operations; its secret."""
        async with httpx.AsyncClient(timeout=15) as http:
            call = await self.realm.session(http)
            await call("POST", "/clients", json={
                "clientId": client_id, "name": name, "enabled": True, "protocol": "openid-connect",
                "publicClient": False, "serviceAccountsEnabled": True,
                "standardFlowEnabled": False, "implicitFlowEnabled": False,
                "directAccessGrantsEnabled": False, "clientAuthenticatorType": "client-secret",
                "defaultClientScopes": ["onewindow"],
                "attributes": {"access.token.lifespan": str(TOKEN_SECONDS),
                               "onewindow.department-system": "true"}})
            client = await self._client(call, client_id)
            user = (await call("GET", f"/clients/{client['id']}/service-account-user")).json()
            user["attributes"] = {**(user.get("attributes") or {}),
                                  "department": [department], "operations": operations}
            await call("PUT", f"/users/{user['id']}", json=user)
            wanted = [(await call("GET", f"/roles/{r}")).json()
                      for r in ("department_system", *roles)]
            await call("POST", f"/users/{user['id']}/role-mappings/realm", json=wanted)
            return (await call("GET", f"/clients/{client['id']}/client-secret")).json()["value"]

    async def rotate(self, client_id: str) -> str:
        async with httpx.AsyncClient(timeout=15) as http:
            call = await self.realm.session(http)
            client = await self._client(call, client_id)
            return (await call("POST", f"/clients/{client['id']}/client-secret")).json()["value"]

    async def disable(self, client_id: str) -> None:
        async with httpx.AsyncClient(timeout=15) as http:
            call = await self.realm.session(http)
            client = await self._client(call, client_id)
            await call("PUT", f"/clients/{client['id']}", json={**client, "enabled": False})

    async def delete(self, client_id: str) -> None:
        """Undo a registration that could not be stored (nothing half made)."""
        async with httpx.AsyncClient(timeout=15) as http:
            call = await self.realm.session(http)
            client = await self._client(call, client_id)
            await call("DELETE", f"/clients/{client['id']}")
