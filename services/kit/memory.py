"""An in-memory database with the async PyMongo surface the stores use, for handler tests that
check a rule in milliseconds. The same store contract tests run on it and on FerretDB
(tests/integration/test_store_contract.py), so a store that works here works there.

What it keeps of MongoDB's semantics (DEVELOPERS.md, the subset): documents copied in and out
(BSON types only: a `date` or a set is refused as PyMongo refuses it), datetimes in UTC at
millisecond precision and read back aware (the services' client is `tz_aware`), `_id`
unique (DuplicateKeyError; BulkWriteError for `insert_many`), filters with equality, dotted
paths through arrays, `$in $ne $lt $lte $gt $gte $exists $regex $and $or`, sorts, limits,
projections by inclusion, `replace_one` with `upsert`, and (for tests setting up a state)
`update_one`/`update_many` with `$set`. Nothing else: a store reaching for more fails here
first.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from bson import ObjectId
from pymongo.errors import BulkWriteError, DuplicateKeyError

def _stored(value: Any) -> Any:
    """A value as BSON would keep it."""
    if isinstance(value, dict):
        return {str(k): _stored(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stored(v) for v in value]
    if isinstance(value, datetime):
        at = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return at.replace(microsecond=at.microsecond // 1000 * 1000)
    if isinstance(value, date | set | frozenset):
        raise TypeError(f"cannot encode object: {value!r}, of type: {type(value)}")
    return copy.deepcopy(value)


def _values(doc: Any, path: list[str]) -> list[Any]:
    """Every value a dotted path reaches, through arrays; [] when it reaches nothing."""
    if not path:
        return [doc]
    if isinstance(doc, list):
        if path[0].isdigit():  # "owed.0": an element by its position
            index = int(path[0])
            return _values(doc[index], path[1:]) if index < len(doc) else []
        return [v for item in doc for v in _values(item, path)]
    if isinstance(doc, dict) and path[0] in doc:
        return _values(doc[path[0]], path[1:])
    return []


def _flat(values: list[Any]) -> list[Any]:
    """Values and the elements of array values (a query on an array matches its elements)."""
    out = []
    for v in values:
        out.append(v)
        if isinstance(v, list):
            out.extend(v)
    return out


def _comparable(a: Any, b: Any) -> bool:
    numbers = (int, float)
    return (isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool)
            and not isinstance(b, bool)) or type(a) is type(b)


def _compare(op: str, a: Any, b: Any) -> bool:
    if not _comparable(a, b):
        return False
    return {"$lt": a < b, "$lte": a <= b, "$gt": a > b, "$gte": a >= b}[op]


def _condition(values: list[Any], condition: Any) -> bool:
    if isinstance(condition, dict) and condition and all(k.startswith("$") for k in condition):
        return all(_operator(values, op, arg) for op, arg in condition.items())
    wanted = _stored(condition)
    if wanted is None:
        return not values or any(v is None for v in _flat(values))
    return any(v == wanted for v in _flat(values))


def _operator(values: list[Any], op: str, arg: Any) -> bool:
    flat = _flat(values)
    if op == "$in":
        return any(_condition(values, a) for a in arg)
    if op == "$ne":
        return not _condition(values, arg)
    if op in ("$lt", "$lte", "$gt", "$gte"):
        bound = _stored(arg)
        return any(_compare(op, v, bound) for v in flat)
    if op == "$exists":
        return bool(values) == bool(arg)
    if op == "$regex":
        pattern = re.compile(arg)
        return any(isinstance(v, str) and pattern.search(v) for v in flat)
    raise NotImplementedError(f"the in-memory database has no {op}")


def matches(doc: dict, query: dict | None) -> bool:
    for key, condition in (query or {}).items():
        if key == "$and":
            if not all(matches(doc, q) for q in condition):
                return False
        elif key == "$or":
            if not any(matches(doc, q) for q in condition):
                return False
        elif key.startswith("$"):
            raise NotImplementedError(f"the in-memory database has no {key}")
        elif not _condition(_values(doc, key.split(".")), condition):
            return False
    return True


_TYPE_ORDER = {type(None): 0, int: 1, float: 1, str: 2, dict: 3, list: 4, bool: 5,
               datetime: 6}


def _sort_key(value: Any) -> tuple:
    rank = _TYPE_ORDER.get(type(value), 9)
    return (rank, value if rank in (1, 2, 5, 6) else repr(value))


def _project(doc: dict, projection: dict | None) -> dict:
    if not projection:
        return copy.deepcopy(doc)
    included = {k for k, v in projection.items() if v}
    if not included:
        return {k: copy.deepcopy(v) for k, v in doc.items() if k not in projection}
    out = {k: copy.deepcopy(doc[k]) for k in included if k in doc and "." not in k}
    if projection.get("_id", 1) and "_id" in doc:
        out["_id"] = doc["_id"]
    return out


@dataclass
class Result:
    matched_count: int = 0
    modified_count: int = 0
    deleted_count: int = 0
    upserted_id: Any = None
    inserted_id: Any = None
    acknowledged: bool = True


class MemoryCursor:
    def __init__(self, docs: list[dict], projection: dict | None) -> None:
        self._docs = docs
        self._projection = projection
        self._sort: list[tuple[str, int]] = []
        self._limit = 0
        self._skip = 0

    def sort(self, key: str | list[tuple[str, int]], direction: int | None = None
             ) -> MemoryCursor:
        self._sort = [(key, direction or 1)] if isinstance(key, str) else list(key)
        return self

    def limit(self, n: int) -> MemoryCursor:
        self._limit = n
        return self

    def skip(self, n: int) -> MemoryCursor:
        self._skip = n
        return self

    def _result(self) -> list[dict]:
        docs = list(self._docs)
        for field, direction in reversed(self._sort):
            docs.sort(key=lambda d: _sort_key(next(iter(_values(d, field.split("."))), None)),
                      reverse=direction < 0)
        docs = docs[self._skip:]
        if self._limit:
            docs = docs[:self._limit]
        return [_project(d, self._projection) for d in docs]

    def __aiter__(self):
        return self._iterate()

    async def _iterate(self):
        for doc in self._result():
            yield doc

    async def to_list(self, length: int | None = None) -> list[dict]:
        found = self._result()
        return found[:length] if length else found


class MemoryCollection:
    def __init__(self, database: MemoryDatabase, name: str) -> None:
        self.database = database
        self.name = name
        self.full_name = f"{database.name}.{name}"
        self.docs: dict[Any, dict] = {}  # by _id, in insertion order

    def _key(self, _id: Any) -> Any:
        return repr(_id) if isinstance(_id, dict | list) else _id

    def _matching(self, query: dict | None) -> Iterable[dict]:
        query = query or {}
        if set(query) == {"_id"} and not isinstance(query["_id"], dict):
            doc = self.docs.get(self._key(_stored(query["_id"])))
            return [doc] if doc is not None else []
        return [d for d in self.docs.values() if matches(d, query)]

    async def find_one(self, query: dict | None = None, projection: dict | None = None
                       ) -> dict | None:
        for doc in self._matching(query):
            return _project(doc, projection)
        return None

    def find(self, query: dict | None = None, projection: dict | None = None) -> MemoryCursor:
        return MemoryCursor(list(self._matching(query)), projection)

    async def count_documents(self, query: dict | None = None) -> int:
        return len(list(self._matching(query)))

    def _insert(self, doc: dict) -> Any:
        if "_id" not in doc:
            doc["_id"] = ObjectId()  # as PyMongo does, on the caller's document
        stored = _stored(doc)
        key = self._key(stored["_id"])
        if key in self.docs:
            raise DuplicateKeyError(f"E11000 duplicate key error collection: {self.name}",
                                    11000)
        self.docs[key] = stored
        return stored["_id"]

    async def insert_one(self, doc: dict) -> Result:
        return Result(inserted_id=self._insert(doc))

    async def insert_many(self, docs: list[dict], ordered: bool = True) -> Result:
        errors, inserted = [], 0
        for index, doc in enumerate(docs):
            try:
                self._insert(doc)
                inserted += 1
            except DuplicateKeyError:
                errors.append({"index": index, "code": 11000, "errmsg": "E11000"})
                if ordered:
                    break
        if errors:
            raise BulkWriteError({"writeErrors": errors, "nInserted": inserted})
        return Result()

    async def replace_one(self, query: dict, doc: dict, upsert: bool = False) -> Result:
        found = next(iter(self._matching(query)), None)
        if found is not None:
            replacement = _stored({**doc, "_id": found["_id"]})
            self.docs[self._key(found["_id"])] = replacement
            return Result(matched_count=1, modified_count=1)
        if not upsert:
            return Result()
        new = dict(doc)
        if "_id" not in new and isinstance(query.get("_id"), str | int):
            new["_id"] = query["_id"]
        return Result(upserted_id=self._insert(new))

    async def update_many(self, query: dict, update: dict) -> Result:
        """`$set` only (tests set up states with it; the stores never update)."""
        if set(update) != {"$set"}:
            raise NotImplementedError("the in-memory database updates with $set only")
        found = list(self._matching(query))
        for doc in found:
            for path, value in update["$set"].items():
                *parents, last = path.split(".")
                target = doc
                for part in parents:
                    target = target.setdefault(part, {})
                target[last] = _stored(value)
        return Result(matched_count=len(found), modified_count=len(found))

    async def update_one(self, query: dict, update: dict) -> Result:
        first = next(iter(self._matching(query)), None)
        if first is None:
            return Result()
        return await self.update_many({"_id": first["_id"]}, update)

    async def delete_one(self, query: dict) -> Result:
        for doc in self._matching(query):
            del self.docs[self._key(doc["_id"])]
            return Result(deleted_count=1)
        return Result()

    async def delete_many(self, query: dict) -> Result:
        gone = list(self._matching(query))
        for doc in gone:
            del self.docs[self._key(doc["_id"])]
        return Result(deleted_count=len(gone))

    async def create_indexes(self, models: list) -> list[str]:
        return [m.document["name"] for m in models]

    async def drop_index(self, name: str) -> None:
        return None

    async def list_indexes(self):
        return MemoryCursor([{"name": "_id_", "key": {"_id": 1}}], None)

    async def drop(self) -> None:
        self.docs.clear()


class MemoryDatabase:
    """Collections made on first use, like MongoDB's."""

    def __init__(self, name: str | None = None) -> None:
        # a name of its own: process-wide memories keyed by a collection's full name (the
        # numbers' last drawn, kit.numbers) must not carry over from another database
        self.name = name or f"memory_{uuid.uuid4().hex[:12]}"
        self._collections: dict[str, MemoryCollection] = {}

    def __getitem__(self, name: str) -> MemoryCollection:
        if name not in self._collections:
            self._collections[name] = MemoryCollection(self, name)
        return self._collections[name]

    def get_collection(self, name: str) -> MemoryCollection:
        return self[name]

    async def list_collection_names(self) -> list[str]:
        return [n for n, c in self._collections.items() if c.docs]
