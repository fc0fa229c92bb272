"""Card boards keyed by department: the cards, and in documents of their own the tombstones
(what writes also need) and the department's most overdue cards (what `mostOverdue` reads: a
department with thousands of overdue cases still reads in one small look-up). The tombstones
are written first: a board write that then loses the version race leaves only tombstones,
which are never wrong. The top follows the board it was computed from and never goes back to
an older one. Changes from concurrent events are written together (kit.batching)."""

import asyncio
import json
import logging

from services.kit.aggregates import AlreadyExists, ConcurrentChange, VersionedStore, indexes
from services.kit.batching import GroupCommit

from ..storage import SOURCE
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


def _card(v: dict) -> Card:
    return Card(**{**v, "seen": tuple(v.get("seen") or ())})


class CardBoardStore:
    def __init__(self, db) -> None:
        self.boards = VersionedStore(db, BOARDS, SOURCE)
        self.tombstones = VersionedStore(db, TOMBSTONES, SOURCE)
        self.tops = VersionedStore(db, TOPS, SOURCE)
        self.board_writer: GroupCommit[CardBoard] = GroupCommit(self.board_to_change,
                                                                self.save_board)

    async def board(self, department: str, to_change: bool = False) -> CardBoard:
        """The cards only; for reads (not `to_change`) the projection as it stands."""
        found = await (self.boards.load if to_change else self.boards.peek)(department)
        if not found:
            return CardBoard(department)
        state, version = found
        return CardBoard(department, {k: _card(v) for k, v in state["cards"].items()},
                         version=version)

    async def board_to_change(self, department: str) -> CardBoard:
        board, ended = await asyncio.gather(self.board(department, True),
                                            self.tombstones.load(department))
        if ended:
            board.ended, board.ended_version = dict(ended[0]["ended"]), ended[1]
        return board

    async def boards_of(self, departments: list[str]) -> list[CardBoard]:
        return list(await asyncio.gather(*(self.board(d) for d in departments)))

    async def most_overdue_of(self, department: str | None) -> list[tuple[str, Card]]:
        """(department, card) of the department's (None: the centre's) most overdue cards,
        longest first: one small look-up."""
        found = await self.tops.peek(department or CENTRE)
        if not found:
            return []
        return [(v.pop("department", department), _card(v))
                for v in json.loads(found[0]["overdue"])]

    async def _write_top(self, board: CardBoard) -> None:
        """Best effort after the board is stored: a top that could not be written now is
        written with the department's next change."""
        top = [{**vars(c), "seen": list(c.seen)} for c in board.overdue()[:TOP_MAX]]
        for _ in range(5):
            found = await self.tops.load(board.department)
            state, version = found if found else ({"board_version": 0, "overdue": "[]"}, 0)
            if state["board_version"] >= board.version or json.loads(state["overdue"]) == top:
                return
            try:
                await self.tops.save(board.department,
                                     {"board_version": board.version, "overdue": pack(top)},
                                     version, [])
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
            found = await self.tops.load(CENTRE)
            state, version = found if found else ({"versions": {}, "overdue": "[]"}, 0)
            if state["versions"].get(department, 0) >= board_version:
                return
            merged = [e for e in json.loads(state["overdue"]) if e["department"] != department] + [
                {**e, "department": department} for e in top]
            merged.sort(key=lambda e: (e["due_date"], e["subject_id"]))
            try:
                await self.tops.save(CENTRE, {
                    "versions": {**state["versions"], department: board_version},
                    "overdue": pack(merged[:TOP_MAX])}, version, [])
                return
            except (AlreadyExists, ConcurrentChange):
                continue
        log.warning("the centre's most overdue not updated", extra={"department": department})

    async def save_board(self, department: str, board: CardBoard) -> None:
        try:
            if board.ended_changed:
                board.ended_version = await self.tombstones.save(
                    department, {"ended": board.ended}, board.ended_version, [])
            board.version = await self.boards.save(
                department, {"cards": {k: vars(c) for k, c in board.cards.items()}},
                board.version, [])
        except AlreadyExists:
            raise ConcurrentChange(department) from None
        await self._write_top(board)
