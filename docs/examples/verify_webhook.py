"""Verify a onewindow webhook delivery (Standard Webhooks, HMAC-SHA256) in a receiving system.

Standard library only. `secret` is what `registerWebhookSubscriber` (or `rotateWebhookSecret`)
answered once, `whsec_...`. Give the request's headers and its body exactly as received (bytes,
before any JSON parsing). Returns the CloudEvent; raises InvalidWebhook otherwise.
"""

import base64
import hashlib
import hmac
import json
import time

TOLERANCE_SECONDS = 5 * 60  # older or newer timestamps are refused (replayed requests)


class InvalidWebhook(Exception):
    pass


def verify(secret: str, headers: dict, body: bytes, now: float | None = None) -> dict:
    headers = {k.lower(): v for k, v in headers.items()}
    try:
        msg_id = headers["webhook-id"]
        timestamp = int(headers["webhook-timestamp"])
        signatures = headers["webhook-signature"]
    except (KeyError, ValueError):
        raise InvalidWebhook("missing or malformed webhook headers") from None
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise InvalidWebhook("timestamp outside the tolerance")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    # several signatures while a rotated-out secret still signs: any one of them will do
    for candidate in signatures.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return json.loads(body)
    raise InvalidWebhook("no valid signature")
