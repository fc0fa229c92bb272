"""`Idempotency-Key` on GraphQL mutations: a retried call never acts twice. Same key, same
answer (IETF draft "The Idempotency-Key HTTP Header Field").

The first request with a key claims it (an insert under a unique `_id`, atomic on FerretDB v1
and MongoDB alike), runs, and stores its answer; a repeat gets that answer back with
`Idempotent-Replayed: true`. A repeat while the first still runs is told 409 (try again); the
key sent with another request is refused with 422. A key belongs to its caller (a department
system's client, else the token's subject) and is kept `KEPT` long. An answer that says the
platform failed (INTERNAL_SERVER_ERROR, the identity provider away) is not kept: the retry runs.

Only mutations take part: the gateway forwards the header with every subgraph request of the
client's, and its entity look-ups (queries) must not be taken for a second use of the key.
"""

import hashlib
import json
import re
from datetime import datetime, timedelta

from pymongo import ASCENDING, IndexModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .aggregates import claim
from .auth import AuthError, TokenVerifier

HEADER = "idempotency-key"
COLLECTION = "idempotency_keys"
INDEXES = {COLLECTION: [IndexModel([("at", ASCENDING)], name="at")]}
KEPT = timedelta(hours=24)
ABANDONED = timedelta(minutes=5)  # a claim whose request never finished (its process died)
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
NOT_KEPT = (b'"INTERNAL_SERVER_ERROR"', b'"IDENTITY_PROVIDER_UNAVAILABLE"')


def _refusal(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                        status_code=status)


def is_mutation(body: bytes) -> bool:
    try:
        query = json.loads(body).get("query") or ""
    except (ValueError, AttributeError):
        return False
    return bool(re.match(r"^\s*mutation\b", query))


class Idempotency:
    def __init__(self, db, verifier: TokenVerifier, clock) -> None:
        self.keys = db[COLLECTION]
        self.verifier = verifier
        self.clock = clock

    async def __call__(self, request: Request, call_next):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or \
                request.url.path.rstrip("/") != "/graphql":
            return await call_next(request)
        if not KEY_PATTERN.match(key):
            return _refusal(400, "IDEMPOTENCY_KEY_INVALID",
                            "Idempotency-Key 须为 1-255 个可见 ASCII 字符")
        body = await request.body()
        if not is_mutation(body):
            return await call_next(request)
        try:
            principal = self.verifier.principal_from_header(request.headers.get("authorization"))
        except AuthError:
            return await call_next(request)  # GraphQL refuses the token itself
        if principal.is_anonymous:
            return await call_next(request)
        owner = principal.system or principal.subject
        doc_id = hashlib.sha256(f"{owner}\0{key}".encode()).hexdigest()
        fingerprint = hashlib.sha256(body).hexdigest()
        now = self.clock.now()
        if not await claim(self.keys, doc_id, owner or "", {"fingerprint": fingerprint,
                                                            "status": "running", "at": now}):
            return await self._repeat(doc_id, fingerprint, now, request, call_next)
        return await self._first(doc_id, fingerprint, now, request, call_next)

    async def _first(self, doc_id, fingerprint, now, request, call_next):
        try:
            response = await call_next(request)
            content = b"".join([chunk async for chunk in response.body_iterator])
        except BaseException:
            await self.keys.delete_one({"_id": doc_id})
            raise
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        if response.status_code == 200 and not any(m in content for m in NOT_KEPT):
            await self.keys.replace_one({"_id": doc_id}, {
                "fingerprint": fingerprint, "status": "done", "at": now, "body": content,
                "media_type": response.headers.get("content-type", "application/json")})
        else:
            await self.keys.delete_one({"_id": doc_id})
        return Response(content, status_code=response.status_code, headers=headers)

    async def _repeat(self, doc_id, fingerprint, now, request, call_next):
        found = await self.keys.find_one({"_id": doc_id})
        if found is None or found["at"] < now - KEPT:  # gone or expired: a first use again
            await self.keys.delete_one({"_id": doc_id})
            if await claim(self.keys, doc_id, "", {"fingerprint": fingerprint,
                                                   "status": "running", "at": now}):
                return await self._first(doc_id, fingerprint, now, request, call_next)
            found = await self.keys.find_one({"_id": doc_id})
        if found is None or found["fingerprint"] != fingerprint:
            return _refusal(422, "IDEMPOTENCY_KEY_REUSED",
                            "此 Idempotency-Key 已用于另一个请求（the key was used for another "
                            "request）")
        if found["status"] != "done":
            if found["at"] < now - ABANDONED:
                await self.keys.delete_one({"_id": doc_id})
            return JSONResponse(
                {"errors": [{"message": "同一请求仍在处理中，请稍后重试（the first request with "
                                        "this key is still running）",
                             "extensions": {"code": "IDEMPOTENCY_IN_PROGRESS"}}]},
                status_code=409, headers={"retry-after": "1"})
        return Response(found["body"], media_type=found["media_type"],
                        headers={"idempotent-replayed": "true"})

    async def sweep(self, now: datetime) -> None:
        await self.keys.delete_many({"at": {"$lt": now - KEPT}})
