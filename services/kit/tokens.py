"""Mint development tokens (HS256, the local secret).

    python -m services.kit.tokens --role window_staff --department dept-civil --subject wang
"""

import argparse
import sys
import time

import jwt

from .auth import Role, department_missing
from .settings import ServiceSettings


def mint(
    settings: ServiceSettings,
    subject: str,
    roles: list[str],
    department: str | None = None,
    name: str | None = None,
    ttl_seconds: int = 8 * 3600,
    now: float | None = None,
) -> str:
    if not settings.jwt_secret:
        raise ValueError("ONEWINDOW_JWT_SECRET is not set: dev tokens are signed with it")
    if department_missing([Role(r) for r in roles], department):
        raise ValueError("a department role (window staff, chief approver, department head) "
                         "needs --department")
    if not 0 < ttl_seconds <= settings.jwt_max_lifetime_seconds:
        raise ValueError(f"a token lives at most {settings.jwt_max_lifetime_seconds} s")
    issued = int(now if now is not None else time.time())
    claims = {
        "sub": subject,
        "roles": [Role(r).value for r in roles],
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": issued,
        "exp": issued + ttl_seconds,
    }
    if department:
        claims["department"] = department
    if name:
        claims["name"] = name
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mint a onewindow development token.")
    parser.add_argument("--role", action="append", required=True,
                        choices=[r.value for r in Role], help="repeat for several roles")
    parser.add_argument("--department", help="department code the principal belongs to")
    parser.add_argument("--subject", default="dev-user", help="staff or applicant id")
    parser.add_argument("--name", help="display name")
    parser.add_argument("--ttl-hours", type=float, default=8.0)
    args = parser.parse_args(argv)
    try:
        token = mint(ServiceSettings(), args.subject, args.role, args.department, args.name,
                     int(args.ttl_hours * 3600))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
