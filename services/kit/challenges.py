"""A challenge a script cannot pass without effort, for what anyone may submit without an
account (a web complaint): proof of work, no third-party service, no tracking.

The service issues a signed challenge `<expiry>.<nonce>.<mac>`; the submitter finds a
`solution` such that sha256("<challenge>:<solution>") starts with `bits` zero bits (18 bits:
about 260,000 hashes, a fraction of a second in a browser, the same for every submission a
script makes) and sends both with the submission. The service checks the signature, the
expiry and the work, and that the challenge was not used before (a claim on its nonce), before
anything is drawn or stored. Pure but for the one-use claim.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from .aggregates import claim
from .domain import InputError

CHALLENGE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class Challenge:
    token: str
    bits: int
    expires_at: datetime


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def solve(token: str, bits: int) -> str:
    """What a submitter computes (the tests and scripts of the centre itself use it)."""
    n = 0
    while leading_zero_bits(hashlib.sha256(f"{token}:{n}".encode()).digest()) < bits:
        n += 1
    return str(n)


class ProofOfWork:
    def __init__(self, key: bytes, bits: int, used=None, purpose: str = "complaint",
                 what: str = "网上匿名投诉") -> None:
        """`used`: the collection where each challenge's nonce is claimed once; `purpose`
        keeps one purpose's challenges from passing for another's (it is signed in)."""
        self.key = key
        self.bits = bits
        self.used = used
        self.purpose = purpose
        self.what = what

    def _mac(self, payload: str) -> str:
        return hmac.new(self.key, f"{self.purpose}:{payload}".encode(),
                        hashlib.sha256).hexdigest()[:32]

    def issue(self, now: datetime) -> Challenge:
        expires = now + CHALLENGE_TTL
        payload = f"{int(expires.timestamp())}.{secrets.token_hex(12)}"
        return Challenge(f"{payload}.{self._mac(payload)}", self.bits, expires)

    async def redeem(self, token: str | None, solution: str | None, now: datetime) -> None:
        """InputError (field `challenge`) unless the work is done on a challenge this service
        issued, not expired and not used before; the challenge is used up."""
        if not token or not solution:
            raise InputError("challenge", "CHALLENGE_REQUIRED",
                             f"{self.what}须先完成验证（请刷新页面后重试）")
        parts = token.split(".")
        if len(parts) != 3 or len(token) > 200 or len(solution) > 64 or not hmac.compare_digest(
                self._mac(f"{parts[0]}.{parts[1]}"), parts[2]) or not parts[0].isdigit():
            raise InputError("challenge", "CHALLENGE_INVALID", "验证无效，请刷新页面后重试")
        if int(parts[0]) < now.timestamp():
            raise InputError("challenge", "CHALLENGE_EXPIRED", "验证已过期，请刷新页面后重试")
        digest = hashlib.sha256(f"{token}:{solution}".encode()).digest()
        if leading_zero_bits(digest) < self.bits:
            raise InputError("challenge", "CHALLENGE_INVALID", "验证未通过，请刷新页面后重试")
        if self.used is not None and not await claim(self.used, f"challenge:{parts[1]}",
                                                     self.purpose, {"at": now}):
            raise InputError("challenge", "CHALLENGE_USED", "该验证已使用，请刷新页面后重试")
