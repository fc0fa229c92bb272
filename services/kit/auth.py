"""Bearer-token authentication and role checks shared by every subgraph.

The gateway forwards the caller's `Authorization` header; each subgraph verifies it itself
(HS256 with a shared secret locally, RS256 keys from a JWKS URL in production) and derives a
`Principal`. Anonymous callers get `Principal.anonymous()` and may read only public data.
"""

import enum
from dataclasses import dataclass, field

import jwt

from .settings import ServiceSettings


class Role(enum.StrEnum):
    ADMIN = "admin"
    WINDOW_STAFF = "window_staff"
    CHIEF_APPROVER = "chief_approver"
    DEPARTMENT_HEAD = "department_head"
    SUPERVISOR = "supervisor"
    EFFICIENCY_OFFICER = "efficiency_officer"
    APPLICANT = "applicant"
    # 帮办代办员 of the centre's own 帮办代办 window (004 帮办代办制度 三): takes requests for
    # any department's items; reads a case only where it acts for the applicant
    HELPER = "helper"
    # 部门业务系统: another department's own approval system, signed in with OAuth2 client
    # credentials (services/intake/systems): limited to its department and to the operations
    # its registration names, and acting for a named member of staff when it reports a step
    DEPARTMENT_SYSTEM = "department_system"


# Everybody who works at the centre, and the roles that see every department.
STAFF = (Role.ADMIN, Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD,
         Role.SUPERVISOR, Role.EFFICIENCY_OFFICER)
CENTRE_WIDE = (Role.ADMIN, Role.SUPERVISOR, Role.EFFICIENCY_OFFICER)
# Who helps applicants (帮办代办): a department's own window and leaders for its items, and
# the centre's helpers for any.
DEPARTMENT_HELPERS = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD)
HELPERS = (*DEPARTMENT_HELPERS, Role.HELPER)
# Roles that act for one department: a token with one of them names its department (unless it
# also holds a centre-wide role), or it would see the whole centre.
DEPARTMENT_SCOPED = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD,
                     Role.DEPARTMENT_SYSTEM)
# What a department system may be granted: reading its cases and their clocks, and reporting
# the steps done in its own approval system (办件过程信息). Anything else is never granted.
SYSTEM_OPERATIONS = ("case", "cases", "caseClock", "clock", "serviceItem", "serviceItems",
                     "acceptApplication", "requestCorrection", "recordOpinion",
                     "giveJointOpinion", "deliverResult", "recordDelivery",
                     "startSpecialProcedure", "finishSpecialProcedure", "requestExtension",
                     "recordApplicantDelay")
# The roles a department system may hold besides its own (what its operations require)
SYSTEM_ROLES = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD)
ACTING_STAFF_HEADER = "onewindow-acting-staff"
AUTHORIZATION_MAX = 8 * 1024  # characters of an Authorization header


def department_missing(roles, department: str | None) -> bool:
    roles = set(roles)
    return bool(roles & set(DEPARTMENT_SCOPED)) and not roles & set(CENTRE_WIDE) \
        and not department


class AuthError(Exception):
    """Carries a stable code that clients can branch on (GraphQL `extensions.code`)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def unauthenticated(message: str = "此操作需要登录（this operation needs a bearer token）") -> AuthError:
    return AuthError("UNAUTHENTICATED", message)


@dataclass(frozen=True)
class Principal:
    subject: str | None
    roles: frozenset[Role] = field(default_factory=frozenset)
    department: str | None = None
    name: str | None = None
    # a department system's: the operations it may call (None: no such limit), its client id
    operations: frozenset[str] | None = None
    system: str | None = None

    @classmethod
    def anonymous(cls) -> "Principal":
        return cls(subject=None)

    @property
    def is_anonymous(self) -> bool:
        return self.subject is None

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def require(self, *roles: Role) -> "Principal":
        """This principal, if it holds one of `roles`; raises the right AuthError otherwise."""
        if self.is_anonymous:
            raise unauthenticated()
        if roles and not self.has_any(*roles):
            allowed = ", ".join(sorted(r.value for r in roles))
            raise AuthError("FORBIDDEN", f"此操作需要以下角色之一（this operation needs one of the roles）：{allowed}")
        return self


def acting_for(principal: Principal, staff_id: str | None) -> Principal:
    """A department system reporting a step done by a member of its department's staff in
    its own approval system: the step is theirs (the directory decides whether their post may
    take it); the system stays named. Nobody else names someone to act for."""
    if not staff_id:
        return principal
    if not principal.has_any(Role.DEPARTMENT_SYSTEM) or principal.system is None:
        raise AuthError("ACTING_NOT_ALLOWED", f"只有部门业务系统可以使用 {ACTING_STAFF_HEADER} 头")
    staff_id = staff_id.strip()
    if not 1 <= len(staff_id) <= 64 or not staff_id.isprintable():
        raise AuthError("ACTING_NOT_ALLOWED", f"{ACTING_STAFF_HEADER} 须为工作人员编号")
    return Principal(subject=staff_id, roles=principal.roles, department=principal.department,
                     name=None, operations=principal.operations, system=principal.system)


def department_scope(principal: "Principal", asked: str | None) -> str | None:
    """The department whose records a caller reads: centre-wide roles the one they ask for
    (None: every department); anyone else their own, and asking for another's is refused
    rather than quietly answered with their own."""
    if principal.has_any(*CENTRE_WIDE):
        return asked
    if not principal.department:
        raise AuthError("FORBIDDEN", "令牌未注明部门，只能查看本部门的数据")
    if asked and asked != principal.department:
        raise AuthError("FORBIDDEN", f"您属于部门 {principal.department!r}，只能查看本部门的数据，"
                                     f"不能查看部门 {asked[:64]!r}")
    return principal.department


class TokenVerifier:
    """The identity provider's tokens (RS256, keys from its JWKS, cached), and the platform's
    own HS256 tokens where the settings allow them; anything else is TOKEN_INVALID."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        url = settings.jwks_url
        self._jwks = jwt.PyJWKClient(url, cache_keys=True, lifespan=300) if url else None
        self._dev = settings.dev_tokens_allowed
        if not (self._jwks or self._dev):
            raise ValueError("set ONEWINDOW_OIDC_ISSUER (or ONEWINDOW_JWT_JWKS_URL), or "
                             "ONEWINDOW_JWT_SECRET for the platform's own tokens")

    def principal_from_header(self, authorization: str | None) -> Principal:
        """Anonymous without a header; raises AuthError for a header that does not verify."""
        if not authorization:
            return Principal.anonymous()
        if len(authorization) > AUTHORIZATION_MAX:
            raise AuthError("TOKEN_INVALID", "令牌过长（the bearer token is too long）")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("TOKEN_INVALID",
                            "Authorization 头须为 'Bearer <令牌>'（must be 'Bearer <token>'）")
        return self.verify(token.strip())

    def verify(self, token: str) -> Principal:
        s = self.settings
        try:
            own = jwt.get_unverified_header(token).get("alg") == "HS256"
            if own and self._dev:
                key, algorithms, issuer = s.jwt_secret, ["HS256"], s.jwt_issuer
            elif self._jwks and not own:
                key, algorithms = self._jwks.get_signing_key_from_jwt(token).key, ["RS256"]
                issuer = s.oidc_issuer or s.jwt_issuer
            else:
                raise jwt.InvalidTokenError("not a kind of token this platform accepts")
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=s.jwt_audience,
                issuer=issuer,
                options={"require": ["sub", "exp", "iat"]},
            )
        except jwt.PyJWKClientConnectionError:  # not the token's fault: the caller retries
            raise AuthError("IDENTITY_PROVIDER_UNAVAILABLE",
                            "统一身份认证暂时无法连接，请稍后再试（the identity provider's keys "
                            "could not be fetched）") from None
        except jwt.ExpiredSignatureError:
            raise AuthError("TOKEN_EXPIRED", "令牌已过期（the bearer token has expired）") from None
        except jwt.PyJWTError:  # which check failed is not told (nor parser internals)
            raise AuthError("TOKEN_INVALID", "令牌无效（the bearer token is not valid）") from None
        if claims["exp"] - claims["iat"] > self.settings.jwt_max_lifetime_seconds:
            raise AuthError("TOKEN_INVALID",
                            "令牌有效期过长（the bearer token lives longer than allowed）")
        known = {r.value for r in Role}
        if own and not set(claims.get("roles", [])) <= known:
            raise AuthError("TOKEN_INVALID",
                            "令牌含有未知角色（the bearer token names an unknown role）")
        # the identity provider's own roles (default-roles-…, offline_access) are not ours
        roles = frozenset(Role(r) for r in claims.get("roles", []) if r in known)
        if department_missing(roles, claims.get("department")):
            raise AuthError("TOKEN_INVALID",
                            "部门角色的令牌须注明部门（a department role needs a department claim）")
        if own or not s.oidc_issuer:
            subject = claims["sub"]
        elif Role.APPLICANT in roles:  # the ID number their registration verified (the user
            subject = claims.get("id_number")  # name is the realm's, in lower case)
        else:
            subject = claims.get(s.oidc_subject_claim)
        if not subject:
            raise AuthError("TOKEN_INVALID", "令牌未注明用户（the bearer token names no user）")
        operations, system = None, None
        if Role.DEPARTMENT_SYSTEM in roles:  # only what its registration granted
            granted = claims.get("operations") or []
            operations = frozenset(o for o in (granted if isinstance(granted, list)
                                               else [granted])
                                   if isinstance(o, str) and o in SYSTEM_OPERATIONS)
            system = str(claims.get("azp") or subject)
        return Principal(
            subject=str(subject),
            roles=roles,
            department=claims.get("department"),
            name=claims.get("name"),
            operations=operations,
            system=system,
        )
