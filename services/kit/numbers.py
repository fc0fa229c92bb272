"""Numbers people read and type (case numbers, complaint numbers): a prefix, the day and a
sequence, each claimed uniquely for its owner.

The claim insert decides, so two concurrent requests never share a number. The day's counter
document (read and written by `_id`, the only lookup FerretDB's SQLite backend does not scan
for) is only where probing starts: its updates may be lost under concurrency, which costs
extra probes, never a duplicate.
"""

from datetime import date

from pymongo.errors import DuplicateKeyError

from .aggregates import claim

PROBES = 1000


def day_number(prefix: str, day: date, sequence: int) -> str:
    return f"{prefix}{day:%Y%m%d}{sequence:05d}"


async def allocate_number(numbers, counters, prefix: str, day: date, owner: str,
                          counter: str) -> str:
    """The next free `<prefix><yyyymmdd><nnnnn>` of the day, claimed for `owner`; `counter`
    names the day's hint document ("<counter>:<yyyymmdd>")."""
    key = f"{counter}:{day:%Y%m%d}"
    hint = await counters.find_one({"_id": key})
    sequence = (hint["value"] if hint else 0) + 1
    for _ in range(PROBES):
        candidate = day_number(prefix, day, sequence)
        if await claim(numbers, candidate, owner):
            try:
                await counters.replace_one({"_id": key}, {"value": sequence}, upsert=True)
            except DuplicateKeyError:
                pass  # two first upserts raced (FerretDB); the hint is only a hint
            return candidate
        sequence += 1
    raise RuntimeError(f"no free {prefix} number found after {PROBES} probes")


async def owner_of(numbers, number: str) -> str | None:
    found = await numbers.find_one({"_id": number})
    return found["owner"] if found else None
