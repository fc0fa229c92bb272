"""Pseudonymous references to people: a keyed hash (HMAC-SHA256) of an identity, so that events
can say "the same applicant" without carrying an ID number that anyone could hash and compare.
The key is a setting (`ONEWINDOW_APPLICANT_REF_KEY`); changing it changes every reference."""

import hashlib
import hmac

REF_LENGTH = 32


def pseudonym(key: bytes, *parts: str) -> str:
    if not key:
        raise ValueError("a pseudonym needs a key")
    message = "\x1f".join(p.strip().upper() for p in parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:REF_LENGTH]
