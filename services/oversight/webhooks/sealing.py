"""Subscribers' signing secrets at rest: sealed with AES-GCM under the service's key, so a copy
of the database alone signs nothing. Opened only to sign a delivery."""

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class Sealer:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key[:32].ljust(32, b"\0"))
        self._opened: dict[str, str] = {}

    def seal(self, secret: str) -> str:
        nonce = os.urandom(12)
        return base64.b64encode(nonce + self._aead.encrypt(nonce, secret.encode(), b"webhook"))\
            .decode()

    def open(self, sealed: str) -> str:
        found = self._opened.get(sealed)
        if found is None:
            raw = base64.b64decode(sealed)
            found = self._aead.decrypt(raw[:12], raw[12:], b"webhook").decode()
            if len(self._opened) > 1000:
                self._opened.clear()
            self._opened[sealed] = found
        return found
