"""Public look-ups by a number and a code (a case's progress, a complaint's) without an account:
what keeps them from being guessed.

- One look-up per request: aliases cannot try fifteen codes at once (`one_per_request`).
- Wrong attempts are counted per number and per client address within a window; past the
  limit the number, or the address, is locked until the window ends (`AttemptLimits`), with a
  message saying until when. A right code does not count.
- The same work for a stored number and an unknown one: the number's claim document carries
  the code's hash (`code_hash`), so a look-up compares hashes before it loads anything, and an
  unknown number compares against a decoy (`matches`).

Counting is by claims (kit.aggregates.claim): attempt n of a key in a window is the document
"<key>|<window>|<n>", so concurrent attempts never lose a count on FerretDB (DEVELOPERS.md rule
1), and "locked" is one `_id` read of the limit's slot. Old windows are swept. `Quota` counts
uses the same way (anonymous submissions per client address).
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from .aggregates import claim
from .auth import AuthError
from .clock import CENTRE_TZ

DECOY = hashlib.sha256(b"onewindow-decoy").hexdigest()


def code_hash(owner_id: str, code: str) -> str:
    return hashlib.sha256(f"{owner_id}:{code.strip().upper()}".encode()).hexdigest()


def matches(owner_id: str | None, stored_hash: str | None, code: str) -> bool:
    """Whether `code` is the one issued; an unknown number does the same work and fails."""
    expected = stored_hash or DECOY
    given = code_hash(owner_id or "decoy", code)
    return hmac.compare_digest(expected, given) and stored_hash is not None


def one_per_request(context) -> None:
    """A request holds one public look-up (several aliased ones are refused)."""
    context.public_lookups = getattr(context, "public_lookups", 0) + 1
    if context.public_lookups > 1:
        raise AuthError("ONE_LOOKUP_PER_REQUEST", "每次请求只能查询一个编号（one look-up per request）")


class LookupLocked(AuthError):
    def __init__(self, until: datetime) -> None:
        local = until.astimezone(CENTRE_TZ)
        super().__init__("TOO_MANY_ATTEMPTS",
                         f"查询码错误次数过多，已暂时锁定，请于 {local:%H:%M} 后再试"
                         f"（too many wrong attempts; try again after {local:%H:%M}）")
        self.until = until


class Slots:
    """Counts per key within fixed windows, by claims ("<key>|<window>|<n>"): the n-th use of
    a key in a window claims slot n, so concurrent uses are all counted; full is one `_id`
    read of the limit's slot."""

    def __init__(self, collection, window_seconds: int) -> None:
        self.collection = collection
        self.window = window_seconds
        self._next: dict[str, int] = {}  # this process's next slot per key and window

    def _window(self, now: datetime) -> tuple[int, datetime]:
        n = int(now.timestamp()) // self.window
        return n, datetime.fromtimestamp((n + 1) * self.window, now.tzinfo)

    async def _full(self, key: str, limit: int, window: int) -> bool:
        return await self.collection.find_one({"_id": f"{key}|{window}|{limit}"},
                                              projection={"_id": 1}) is not None

    async def _count(self, key: str, limit: int, window: int, now: datetime) -> None:
        slot_key = f"{key}|{window}"
        n = self._next.get(slot_key, 1)
        while n <= limit and not await claim(self.collection, f"{slot_key}|{n}", key,
                                             {"at": now}):
            n += 1
        if len(self._next) > 10_000:
            self._next.clear()
        self._next[slot_key] = n + 1

    async def sweep(self, now: datetime) -> int:
        """Drop the counts of windows that ended (a scan on FerretDB; hourly at most)."""
        result = await self.collection.delete_many(
            {"at": {"$lt": now - timedelta(seconds=2 * self.window)}})
        return result.deleted_count


class Quota(Slots):
    """At most `limit` uses per key (a client address) within a window."""

    def __init__(self, collection, limit: int, window_seconds: int, what: str) -> None:
        super().__init__(collection, window_seconds)
        self.limit = limit
        self.what = what

    async def check(self, key: str, now: datetime) -> None:
        window, ends = self._window(now)
        if await self._full(f"{self.what}:{key}", self.limit, window):
            local = ends.astimezone(CENTRE_TZ)
            raise AuthError("TOO_MANY_REQUESTS",
                            f"提交过于频繁，请于 {local:%H:%M} 后再试"
                            f"（too many submissions; try again after {local:%H:%M}）")

    async def count(self, key: str, now: datetime) -> None:
        window, _ = self._window(now)
        await self._count(f"{self.what}:{key}", self.limit, window, now)


class AttemptLimits(Slots):
    def __init__(self, collection, per_number: int, per_client: int, window_seconds: int) -> None:
        super().__init__(collection, window_seconds)
        self.limits = {"number": per_number, "client": per_client}

    def _keys(self, number: str, client: str) -> list[tuple[str, int]]:
        keys = [(f"number:{number}", self.limits["number"])]
        if client:
            keys.append((f"client:{client}", self.limits["client"]))
        return keys

    async def check(self, number: str, client: str, now: datetime) -> None:
        """LookupLocked while the number or the address used up its attempts this window; a
        try at a locked number still counts against the address."""
        window, ends = self._window(now)
        keys = self._keys(number, client)
        for i, (key, limit) in enumerate(keys):
            if await self._full(key, limit, window):
                if i == 0 and len(keys) > 1:
                    await self._count(*keys[1], window, now)
                raise LookupLocked(ends)

    async def failed(self, number: str, client: str, now: datetime) -> None:
        window, _ = self._window(now)
        for key, limit in self._keys(number, client):
            await self._count(key, limit, window, now)


LOOKUP_ATTEMPTS = "lookup_attempts"
