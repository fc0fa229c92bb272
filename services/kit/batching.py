"""Group commit: concurrent changes to one versioned document, written together.

A document every event touches (a centre-wide counter, a department's card board) would make
concurrent handlers of one process retry each other endlessly on its version. Instead each
handler hands its change to the document's one writer and waits: the writer loads the
document, applies every change waiting (each decides for itself whether it changes anything,
e.g. an event applied before), saves once, and answers them all. Changes that arrive while it
writes go in the next round. Across processes the version check still decides, and a round
that lost is decided again on fresh state, so a change must be a pure function of the
document it is given.
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from .aggregates import retry_on_conflict

D = TypeVar("D")
Change = Callable[[D], bool]  # True when it changed the document


class GroupCommit(Generic[D]):
    def __init__(self, load: Callable[[str], Awaitable[D]],
                 save: Callable[[str, D], Awaitable[None]], attempts: int = 20) -> None:
        self._load, self._save, self._attempts = load, save, attempts
        self._waiting: dict[str, list[tuple[Change, asyncio.Future]]] = {}
        self._writers: dict[str, asyncio.Task] = {}

    async def apply(self, doc_id: str, change: Change) -> bool:
        """Wait until `change` is stored with others (or failed with them); True when it
        changed the document."""
        done = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(doc_id, []).append((change, done))
        if doc_id not in self._writers:
            self._writers[doc_id] = asyncio.create_task(self._write(doc_id),
                                                        name=f"group-commit {doc_id}")
        return await done

    async def _write(self, doc_id: str) -> None:
        try:
            while batch := self._waiting.pop(doc_id, None):
                try:
                    results = await retry_on_conflict(lambda: self._round(doc_id, batch),
                                                      self._attempts)
                except BaseException as exc:  # every waiter learns it; they retry the event
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                    if not isinstance(exc, Exception):
                        raise
                    continue
                for (_, done), result in zip(batch, results, strict=True):
                    if done.done():
                        continue
                    if isinstance(result, Exception):
                        done.set_exception(result)
                    else:
                        done.set_result(result)
        finally:
            del self._writers[doc_id]

    async def _round(self, doc_id: str, batch) -> list[bool | Exception]:
        doc = await self._load(doc_id)
        results: list[bool | Exception] = []
        for change, _ in batch:
            try:
                results.append(bool(change(doc)))
            except Exception as exc:  # that change alone fails (it must not have changed doc)
                results.append(exc)
        if any(r is True for r in results):
            await self._save(doc_id, doc)
        return results
