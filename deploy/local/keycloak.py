"""The identity provider of a local stack: Keycloak's server distribution (installed by
deploy/local/install.sh from Maven Central), in development mode with its embedded file
database, loopback only, and the `onewindow` realm from deploy/local/keycloak/.

`configure()` makes the realm what the platform expects, whether Keycloak's data is new or
kept from an earlier run: the realm from the file if it is missing, the pages' redirect origin,
the directory's service account (its secret and its right to manage users), the
`department` attribute the staff directory keeps and the applicants' attributes and group
(their accounts come from intake's real-name registration, services/intake/accounts).
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy.local.stack import DATA, ROOT, Process, StackError, http_ok, wait_until

KEYCLOAK_VERSION = "26.7.3"
KEYCLOAK_HOME = DATA / "keycloak" / f"keycloak-{KEYCLOAK_VERSION}"
JAVA_HOME_FILE = DATA / "keycloak" / "java-home"
REALM_FILE = ROOT / "deploy" / "local" / "keycloak" / "onewindow-realm.json"
REALM = "onewindow"
ADMIN_USER = "keycloak-admin"
DIRECTORY_CLIENT = "onewindow-directory"
# the directory keeps staff users, and department systems' clients (services/intake/systems)
DIRECTORY_ROLES = ("manage-users", "view-users", "query-users", "view-realm", "manage-clients",
                   "view-clients", "query-clients")
PAGE_CLIENTS = ("onewindow-pages", "onewindow-applicants")  # signed in on the gateway's pages


@dataclass
class Keycloak:
    port: int
    data_dir: Path
    log_dir: Path
    admin_password: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    process: Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.url}/realms/{REALM}"

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/protocol/openid-connect/certs"

    @property
    def token_url(self) -> str:
        return f"{self.issuer}/protocol/openid-connect/token"

    def start(self) -> None:
        if not (KEYCLOAK_HOME / "bin" / "kc.sh").exists() or not JAVA_HOME_FILE.exists():
            raise StackError("Keycloak is not installed; run deploy/local/onewindow up")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = Process("keycloak", [
            str(KEYCLOAK_HOME / "bin" / "kc.sh"), "start-dev",
            "--http-host=127.0.0.1", f"--http-port={self.port}", "--db=dev-file",
            f"--db-url=jdbc:h2:file:{self.data_dir}/keycloakdb;NON_KEYWORDS=VALUE",
            "--hostname-strict=false", "--log-level=warn",
        ], {"JAVA_HOME": JAVA_HOME_FILE.read_text().strip(),
            "KC_BOOTSTRAP_ADMIN_USERNAME": ADMIN_USER,
            "KC_BOOTSTRAP_ADMIN_PASSWORD": self.admin_password},
            self.log_dir / "keycloak.log")
        self.process.start()
        wait_until(lambda: http_ok(f"{self.url}/realms/master") or not self.process.alive(),
                   180, "Keycloak", self.process.log)
        if not self.process.alive():
            raise StackError(f"Keycloak exited; see {self.process.log}")

    def stop(self) -> None:
        if self.process:
            self.process.stop()

    # -- the realm -----------------------------------------------------------------------
    def admin_token(self) -> str:
        return _post_form(f"{self.url}/realms/master/protocol/openid-connect/token", {
            "grant_type": "password", "client_id": "admin-cli", "username": ADMIN_USER,
            "password": self.admin_password})["access_token"]

    def configure(self, site_origin: str, directory_secret: str) -> None:
        admin = self.admin_token()
        api = f"{self.url}/admin/realms"
        realm = json.loads(REALM_FILE.read_text())
        if _call("GET", f"{api}/{REALM}", admin, missing_ok=True) is None:
            _call("POST", api, admin, realm)
        else:  # a realm kept from an earlier run: what the file added since
            self._add_missing(admin, f"{api}/{REALM}", realm)
        for client_id in PAGE_CLIENTS:
            for client in _call("GET", f"{api}/{REALM}/clients?clientId={client_id}", admin):
                client["redirectUris"] = [f"{site_origin}/*"]
                client["webOrigins"] = [site_origin]
                client["attributes"]["post.logout.redirect.uris"] = f"{site_origin}/*"
                _call("PUT", f"{api}/{REALM}/clients/{client['id']}", admin, client)
        (directory,) = _call("GET", f"{api}/{REALM}/clients?clientId={DIRECTORY_CLIENT}", admin)
        directory["secret"] = directory_secret
        _call("PUT", f"{api}/{REALM}/clients/{directory['id']}", admin, directory)
        account = _call("GET", f"{api}/{REALM}/clients/{directory['id']}/service-account-user",
                        admin)
        (management,) = _call("GET", f"{api}/{REALM}/clients?clientId=realm-management", admin)
        roles = [r for r in _call("GET", f"{api}/{REALM}/clients/{management['id']}/roles",
                                  admin) if r["name"] in DIRECTORY_ROLES]
        _call("POST", f"{api}/{REALM}/users/{account['id']}/role-mappings/clients/"
                      f"{management['id']}", admin, roles)
        # staff come from the directory with a name and a department, not an e-mail address
        # (a required one would stop their first sign-in: "account not fully set up")
        profile = _call("GET", f"{api}/{REALM}/users/profile", admin)
        for attribute in profile["attributes"]:
            if attribute["name"] in ("email", "lastName"):
                attribute.pop("required", None)
        # what only the platform writes: the directory's department, an applicant's verified
        # ID number and mobile (their registration); undeclared, Keycloak would drop them
        for name, shown, many in (("department", "部门", False), ("idNumber", "身份证号码", False),
                                  ("mobile", "手机号码", False),
                                  ("operations", "可调用的操作", True)):  # department systems'
            if not any(a["name"] == name for a in profile["attributes"]):
                profile["attributes"].append({
                    "name": name, "displayName": shown,
                    "permissions": {"view": ["admin", "user"], "edit": ["admin"]},
                    "multivalued": many})
        _call("PUT", f"{api}/{REALM}/users/profile", admin, profile)

    @staticmethod
    def _add_missing(admin: str, api: str, realm: dict) -> None:
        """Clients, groups and the `onewindow` scope's mappers the file has and the realm
        lacks (a realm is imported once; Keycloak's data outlives upgrades of the file)."""
        roles = {r["name"] for r in _call("GET", f"{api}/roles", admin)}
        for role in realm["roles"]["realm"]:
            if role["name"] not in roles:
                _call("POST", f"{api}/roles", admin, role)
        have = {c["clientId"] for c in _call("GET", f"{api}/clients", admin)}
        for client in realm["clients"]:
            if client["clientId"] not in have:
                _call("POST", f"{api}/clients", admin, client)
        groups = {g["name"] for g in _call("GET", f"{api}/groups", admin)}
        for group in realm.get("groups", []):
            if group["name"] not in groups:
                _call("POST", f"{api}/groups", admin, {"name": group["name"],
                                                        "attributes": group["attributes"]})
                (made,) = [g for g in _call("GET", f"{api}/groups?exact=true&search="
                                                   f"{group['name']}", admin)
                           if g["name"] == group["name"]]
                roles = [_call("GET", f"{api}/roles/{r}", admin) for r in group["realmRoles"]]
                _call("POST", f"{api}/groups/{made['id']}/role-mappings/realm", admin, roles)
        wanted = {s["name"]: s for s in realm["clientScopes"]}
        for scope in _call("GET", f"{api}/client-scopes", admin):
            if scope["name"] not in wanted:
                continue
            names = {m["name"] for m in scope.get("protocolMappers", [])}
            for mapper in wanted[scope["name"]]["protocolMappers"]:
                if mapper["name"] not in names:
                    _call("POST", f"{api}/client-scopes/{scope['id']}/protocol-mappers/models",
                          admin, mapper)


def _post_form(url: str, fields: dict) -> dict:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _call(method: str, url: str, token: str, body=None, missing_ok: bool = False):
    request = urllib.request.Request(
        url, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"authorization": f"Bearer {token}", "content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        if missing_ok and error.code == 404:
            return None
        raise StackError(f"Keycloak {method} {url}: {error.code} {error.read()[:300]!r}") \
            from None
    return json.loads(raw) if raw else {}


def realm_user(keycloak: Keycloak, username: str, password: str, name: str, roles: list[str],
               department: str | None) -> None:
    """Create (or update) a user of the realm with a password, its roles and department: the
    demo's logins and the tests'. Staff the directory registers get theirs from intake."""
    admin = keycloak.admin_token()
    api = f"{keycloak.url}/admin/realms/{REALM}"
    body = {"username": username, "enabled": True, "firstName": name, "lastName": "-",
            "attributes": {"department": [department] if department else []}}
    if "applicant" in roles:  # what their registration verifies (services/intake/accounts)
        body["attributes"]["idNumber"] = [username.upper()]
    found = _call("GET", f"{api}/users?username={urllib.parse.quote(username)}&exact=true",
                  admin)
    if found:
        user_id = found[0]["id"]
        _call("PUT", f"{api}/users/{user_id}", admin, body)
    else:
        _call("POST", f"{api}/users", admin, body)
        user_id = _call("GET", f"{api}/users?username={urllib.parse.quote(username)}"
                               "&exact=true", admin)[0]["id"]
    _call("PUT", f"{api}/users/{user_id}/reset-password", admin,
          {"type": "password", "value": password, "temporary": False})
    wanted = [_call("GET", f"{api}/roles/{role}", admin) for role in roles]
    if wanted:
        _call("POST", f"{api}/users/{user_id}/role-mappings/realm", admin, wanted)


def password_token(keycloak: Keycloak, username: str, password: str) -> str:
    """A person's access token for the centre's scripts (the `onewindow-cli` client)."""
    return _post_form(keycloak.token_url, {"grant_type": "password", "client_id": "onewindow-cli",
                                           "username": username, "password": password})[
        "access_token"]


def realm_user_of(keycloak: Keycloak, username: str) -> dict | None:
    """A realm user with its realm roles (`roles`), or None: what the tests look at."""
    admin = keycloak.admin_token()
    api = f"{keycloak.url}/admin/realms/{REALM}"
    found = _call("GET", f"{api}/users?username={urllib.parse.quote(username)}&exact=true",
                  admin)
    if not found:
        return None
    roles = _call("GET", f"{api}/users/{found[0]['id']}/role-mappings/realm", admin)
    return {**found[0], "roles": sorted(r["name"] for r in roles)}


def set_password(keycloak: Keycloak, username: str, password: str) -> None:
    """What an administrator does for a new member of staff (or they set it themselves)."""
    admin = keycloak.admin_token()
    api = f"{keycloak.url}/admin/realms/{REALM}"
    (user,) = _call("GET", f"{api}/users?username={urllib.parse.quote(username)}&exact=true",
                    admin)
    _call("PUT", f"{api}/users/{user['id']}/reset-password", admin,
          {"type": "password", "value": password, "temporary": False})
