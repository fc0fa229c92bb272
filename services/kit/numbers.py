"""Numbers people read and type (case numbers, complaint numbers): a prefix, the day and a
sequence, each claimed uniquely for its owner.

The claim insert decides, so two concurrent requests never share a number. The day's counter
document (read and written by `_id`, the only lookup FerretDB's SQLite backend does not scan
for) is only where probing starts: its updates may be lost under concurrency, which costs
extra probes, never a duplicate. A process remembers its last number and writes the counter
every few numbers. The claimed numbers of a day are a run from 1 (kit.runs): a process
draws one number of a day at a time, and a replica whose memory lags the others (it served
no request for a while) finds the run's end by look-ups (seen with two intake workers before:
"no free number after 1,000 probes").
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from .aggregates import claim
from .clock import CENTRE_TZ
from .runs import KeyedLocks, first_free

PROBES = 1000
HINT_EVERY = 8  # the day's hint document is written every so many numbers
_last: dict[str, int] = {}  # this process's last number per day and collection
_drawing = KeyedLocks()  # one draw at a time per day and collection in this process


def day_number(prefix: str, day: date, sequence: int) -> str:
    return f"{prefix}{day:%Y%m%d}{sequence:05d}"


async def allocate_number(numbers, counters, prefix: str, day: date, owner: str,
                          counter: str, extra: dict | None = None) -> str:
    """The next free `<prefix><yyyymmdd><nnnnn>` of the day, claimed for `owner` (with `extra`
    on the claim: its time `at`, for the sweep below); `counter` names the day's hint
    document ("<counter>:<yyyymmdd>")."""
    key = f"{counter}:{day:%Y%m%d}"
    remembered = f"{numbers.full_name}/{key}"
    async with _drawing.hold(remembered):
        last = _last.get(remembered)
        if last is None:
            hint = await counters.find_one({"_id": key})
            last = hint["value"] if hint else 0
        sequence = last + 1
        for probe in range(PROBES):
            if probe % HINT_EVERY == 1:  # taken, and the next one too: find the run's end
                sequence = await first_free(
                    lambda n: _claimed(numbers, day_number(prefix, day, n)), sequence)
            candidate = day_number(prefix, day, sequence)
            if await claim(numbers, candidate, owner, extra):
                if len(_last) > 1024:
                    _last.clear()
                _last[remembered] = max(sequence, _last.get(remembered, 0))
                if sequence % HINT_EVERY == 1:  # the first of the day, then every few
                    try:
                        await counters.replace_one({"_id": key}, {"value": sequence},
                                                   upsert=True)
                    except DuplicateKeyError:
                        pass  # two first upserts raced (FerretDB); the hint is only a hint
                return candidate
            sequence += 1
    raise RuntimeError(f"no free {prefix} number found after {PROBES} probes")


async def _claimed(numbers, number: str) -> bool:
    return await numbers.find_one({"_id": number}, {"_id": 1}) is not None


async def owner_of(numbers, number: str) -> str | None:
    found = await numbers.find_one({"_id": number})
    return found["owner"] if found else None


SWEEP_START_DAYS = 7  # where a first sweep starts, for claims made before sweeps existed


async def sweep_numbers(numbers, counters, prefix: str, counter: str, now: datetime,
                        grace: timedelta, account: Callable[[dict], Awaitable[bool]],
                        limit: int = 2000) -> int:
    """Account for every number claimed: `account(claim)` is called once per claimed number
    older than `grace`, in order, day after day, and makes sure its owner was stored or is
    voided (True when it voided it). A number is drawn before its record is written, so a
    writer killed in between leaves a number that belongs to nothing; the official numbering
    must still say what became of it (作废, with the reason).

    Claims of a day run without gaps (probing starts after the day's last claim known), so
    the sweep walks them by `_id` from where it stopped (`<counter>-swept`: a day and a
    sequence) and stops at the first claim too young to judge, or after `limit` claims (the
    next call goes on). Returns how many it voided.
    Several replicas may sweep at once: `account` must be idempotent."""
    key = f"{counter}-swept"
    today = now.astimezone(CENTRE_TZ).date()
    cursor = await counters.find_one({"_id": key})
    day = date.fromisoformat(cursor["day"]) if cursor else today - timedelta(SWEEP_START_DAYS)
    sequence = cursor["sequence"] if cursor else 0
    start = (day, sequence)
    voided = seen = 0
    while seen < limit:
        claimed = await numbers.find_one({"_id": day_number(prefix, day, sequence + 1)})
        if claimed is not None:
            at = claimed.get("at")
            if at is not None and at.replace(tzinfo=at.tzinfo or UTC) > now - grace:
                break  # its writer may still be at work
            voided += await account(claimed)
            sequence += 1
            seen += 1
            continue
        # The day's claims end here; a claim of this day may still come until the next
        # day is `grace` old (a request that drew its day just before midnight).
        next_day = day + timedelta(1)
        if datetime.combine(next_day, time(), CENTRE_TZ) + grace > now:
            break
        day, sequence = next_day, 0
    if (day, sequence) != start:
        try:
            await counters.replace_one({"_id": key},
                                       {"day": day.isoformat(), "sequence": sequence},
                                       upsert=True)
        except DuplicateKeyError:
            pass  # another replica's first sweep stored it: either is a place to go on from
    return voided


NEVER_STORED = "NEVER_STORED"
VOID_REASONS = {NEVER_STORED: "编号已取号，记录未能保存（系统中断），此号作废"}
SWEEPER = "system:number-sweep"  # the actor of a void in the audit trail


def number_day(number: str, prefix: str) -> date:
    digits = number[len(prefix):len(prefix) + 8]
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


@dataclass(frozen=True)
class VoidedNumber:
    """A number that names no record (作废), and why."""
    number: str
    owner: str  # the id the record would have had
    day: date
    department: str | None
    reason: str  # a key of VOID_REASONS
    voided_at: datetime

    @property
    def reason_text(self) -> str:
        return VOID_REASONS[self.reason]


class VoidRegister:
    """Void numbers, one document each keyed by the number: few (a number is voided only
    after a failure), so listing a day scans a small collection."""

    def __init__(self, collection) -> None:
        self.collection = collection

    async def record(self, void: VoidedNumber) -> None:
        """Idempotent: a second sweep recording the same number changes nothing."""
        await claim(self.collection, void.number, void.owner, {
            "day": void.day.isoformat(), "department": void.department,
            "reason": void.reason, "voided_at": void.voided_at})

    async def of_day(self, day: date, department: str | None) -> list[VoidedNumber]:
        query: dict = {"day": day.isoformat()}
        if department:
            query["department"] = department
        return [VoidedNumber(d["_id"], d["owner"], date.fromisoformat(d["day"]),
                             d.get("department"), d["reason"], d["voided_at"])
                async for d in self.collection.find(query).sort([("_id", ASCENDING)])]
