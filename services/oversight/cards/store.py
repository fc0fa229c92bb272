"""Card boards keyed by department: the cards (what reads load) and, in a document of their
own, the tombstones (what writes also need). The tombstones are written first: a board write
that then loses the version race leaves only tombstones, which are never wrong. Changes from
concurrent events are written together (kit.batching)."""

import asyncio

from services.kit.aggregates import AlreadyExists, ConcurrentChange, VersionedStore, indexes
from services.kit.batching import GroupCommit

from ..storage import SOURCE
from .domain import Card, CardBoard

BOARDS, TOMBSTONES = "card_boards", "card_tombstones"
INDEXES = {**indexes(BOARDS, []), **indexes(TOMBSTONES, [])}


class CardBoardStore:
    def __init__(self, db) -> None:
        self.boards = VersionedStore(db, BOARDS, SOURCE)
        self.tombstones = VersionedStore(db, TOMBSTONES, SOURCE)
        self.board_writer: GroupCommit[CardBoard] = GroupCommit(self.board_to_change,
                                                                self.save_board)

    async def board(self, department: str, to_change: bool = False) -> CardBoard:
        """The cards only; for reads (not `to_change`) the projection as it stands."""
        found = await (self.boards.load if to_change else self.boards.peek)(department)
        if not found:
            return CardBoard(department)
        state, version = found
        return CardBoard(department, {k: Card(**{**v, "seen": tuple(v.get("seen") or ())})
                                      for k, v in state["cards"].items()},
                         version=version)

    async def board_to_change(self, department: str) -> CardBoard:
        board, ended = await asyncio.gather(self.board(department, True),
                                            self.tombstones.load(department))
        if ended:
            board.ended, board.ended_version = dict(ended[0]["ended"]), ended[1]
        return board

    async def boards_of(self, departments: list[str]) -> list[CardBoard]:
        return list(await asyncio.gather(*(self.board(d) for d in departments)))

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
