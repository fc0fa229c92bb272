"""Card boards keyed by department: the cards, and in documents of their own the tombstones
(what writes also need) and the department's most overdue cards (what `mostOverdue` reads: a
department with thousands of overdue cases still reads in one small look-up). The tombstones
are written first: a board write that then loses the version race leaves only tombstones,
which are never wrong. The top follows the board it was computed from and never goes back to
an older one. Changes from concurrent events are written together (kit.batching)."""

import asyncio
import json
import logging
from dataclasses import dataclass, field

from services.kit.aggregates import AlreadyExists, ConcurrentChange, indexes
from services.kit.batching import GroupCommit
from services.kit.codec import transient

from ..storage import AggregateStore
from .domain import Card, CardBoard

BOARDS, TOMBSTONES, TOPS = "card_boards", "card_tombstones", "card_tops"
INDEXES = {**indexes(BOARDS, []), **indexes(TOMBSTONES, []), **indexes(TOPS, [])}
TOP_MAX = 100  # the most overdue kept per department (mostOverdue's `first` is at most this)
CENTRE = "*centre*"  # the centre's top: the union of the departments' tops, cut to TOP_MAX
log = logging.getLogger(__name__)


def pack(entries: list[dict]) -> str:
    """A top as one JSON string: FerretDB reads one string far faster than an array of
    objects (its cost follows the elements)."""
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


@dataclass
class StoredBoard:
    """A department's cards as stored (the tombstones apart, `StoredEnded`)."""
    id: str  # the department
    cards: dict[str, Card] = field(default_factory=dict)
    version: int = transient(default=0)
    events: list = transient(default_factory=list)


@dataclass
class StoredEnded:
    id: str  # the department
    ended: dict[str, str] = field(default_factory=dict)
    version: int = transient(default=0)
    events: list = transient(default_factory=list)


@dataclass
class StoredTop:
    """A department's most overdue cards (`board_version`: the board they were computed
    from), or the centre's (`versions`: each department's board version merged in); packed."""
    id: str
    overdue: str = "[]"
    board_version: int = 0
    versions: dict[str, int] = field(default_factory=dict)
    version: int = transient(default=0)
    events: list = transient(default_factory=list)


def _card(v: dict) -> Card:
    return Card(**{**v, "seen": tuple(v.get("seen") or ())})


class CardBoardStore:
    def __init__(self, db) -> None:
        self.boards = AggregateStore(db, BOARDS, StoredBoard)
        self.tombstones = AggregateStore(db, TOMBSTONES, StoredEnded)
        self.tops = AggregateStore(db, TOPS, StoredTop)
        self.board_writer: GroupCommit[CardBoard] = GroupCommit(self.board_to_change,
                                                                self.save_board)

    async def board(self, department: str, to_change: bool = False) -> CardBoard:
        """The cards only; for reads (not `to_change`) the projection as it stands."""
        found = await (self.boards.get if to_change else self.boards.peek)(department)
        if not found:
            return CardBoard(department)
        return CardBoard(department, dict(found.cards), version=found.version)

    async def board_to_change(self, department: str) -> CardBoard:
        board, ended = await asyncio.gather(self.board(department, True),
                                            self.tombstones.get(department))
        if ended:
            board.ended, board.ended_version = dict(ended.ended), ended.version
        return board

    async def boards_of(self, departments: list[str]) -> list[CardBoard]:
        return list(await asyncio.gather(*(self.board(d) for d in departments)))

    async def most_overdue_of(self, department: str | None) -> list[tuple[str, Card]]:
        """(department, card) of the department's (None: the centre's) most overdue cards,
        longest first: one small look-up."""
        found = await self.tops.peek(department or CENTRE)
        if not found:
            return []
        return [(v.pop("department", department), _card(v)) for v in json.loads(found.overdue)]

    async def _write_top(self, board: CardBoard) -> None:
        """Best effort after the board is stored: a top that could not be written now is
        written with the department's next change."""
        top = [{**vars(c), "seen": list(c.seen)} for c in board.overdue()[:TOP_MAX]]
        for _ in range(5):
            stored = await self.tops.get(board.department) or StoredTop(board.department)
            if stored.board_version >= board.version or json.loads(stored.overdue) == top:
                return
            stored.board_version, stored.overdue = board.version, pack(top)
            try:
                await self.tops.save(stored, None)
                break
            except (AlreadyExists, ConcurrentChange):
                continue
        else:
            log.warning("most overdue of a department not updated",
                        extra={"department": board.department})
            return
        await self._write_centre_top(board.department, board.version, top)

    async def _write_centre_top(self, department: str, board_version: int,
                                top: list[dict]) -> None:
        for _ in range(10):
            stored = await self.tops.get(CENTRE) or StoredTop(CENTRE)
            if stored.versions.get(department, 0) >= board_version:
                return
            merged = [e for e in json.loads(stored.overdue) if e["department"] != department] + [
                {**e, "department": department} for e in top]
            merged.sort(key=lambda e: (e["due_date"], e["subject_id"]))
            stored.versions = {**stored.versions, department: board_version}
            stored.overdue = pack(merged[:TOP_MAX])
            try:
                await self.tops.save(stored, None)
                return
            except (AlreadyExists, ConcurrentChange):
                continue
        log.warning("the centre's most overdue not updated", extra={"department": department})

    async def save_board(self, department: str, board: CardBoard) -> None:
        if board.ended_changed:
            ended = StoredEnded(department, board.ended, version=board.ended_version)
            await self.tombstones.save_or_conflict(ended)
            board.ended_version = ended.version
        stored = StoredBoard(department, board.cards, version=board.version)
        await self.boards.save_or_conflict(stored)
        board.version = stored.version
        await self._write_top(board)
