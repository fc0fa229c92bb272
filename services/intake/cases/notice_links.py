"""A notice's printable URL, `/notices/<notice number>.pdf` (through the gateway, or intake's
own route): answered under its case's access rule (cases/access.py) to a caller with a bearer
token, or to a link the GraphQL `Notice.pdfUrl` signed for someone allowed to read the case,
valid a few minutes, so that a browser opens and prints it without a header. The PDF is the
applicant's copy (cases/notices.py), rendered once per notice."""

import hashlib
import hmac
import re
from datetime import datetime

LINK_SECONDS = 300
NOTICE_NUMBER = re.compile(r"^(OW\d{13})-[A-Z]{2}\d{1,3}$")


def signed_link(key: bytes, number: str, now: datetime) -> str:
    expires = int(now.timestamp()) + LINK_SECONDS
    return f"/notices/{number}.pdf?e={expires}&s={_mac(key, number, expires)}"


def _mac(key: bytes, number: str, expires: int) -> str:
    return hmac.new(key, f"{number}|{expires}".encode(), hashlib.sha256).hexdigest()[:32]


def link_valid(key: bytes, number: str, expires: int | None, signature: str | None,
               now: datetime) -> bool:
    if expires is None or not signature or expires < now.timestamp():
        return False
    return hmac.compare_digest(_mac(key, number, expires), signature)


def case_number_of(notice_number: str) -> str | None:
    """The case a notice belongs to: its number starts with the case's (OW…-SL1)."""
    found = NOTICE_NUMBER.match(notice_number or "")
    return found.group(1) if found else None
