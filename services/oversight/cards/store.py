"""Card boards as versioned documents keyed by department; their changes from concurrent
events are written together (kit.batching)."""

import asyncio

from services.kit.aggregates import AlreadyExists, ConcurrentChange, VersionedStore, indexes
from services.kit.batching import GroupCommit

from ..storage import SOURCE
from .domain import Card, CardBoard

BOARDS = "card_boards"
INDEXES = indexes(BOARDS, [])


class CardBoardStore:
    def __init__(self, db) -> None:
        self.boards = VersionedStore(db, BOARDS, SOURCE)
        self.board_writer: GroupCommit[CardBoard] = GroupCommit(self.board, self.save_board)

    async def board(self, department: str) -> CardBoard:
        found = await self.boards.load(department)
        if not found:
            return CardBoard(department)
        state, version = found
        return CardBoard(department, {k: Card(**v) for k, v in state["cards"].items()},
                         dict(state["ended"]), dict(state["applied"]), version)

    async def boards_of(self, departments: list[str]) -> list[CardBoard]:
        return list(await asyncio.gather(*(self.board(d) for d in departments)))

    async def save_board(self, department: str, board: CardBoard) -> None:
        state = {"cards": {k: vars(c) for k, c in board.cards.items()}, "ended": board.ended,
                 "applied": board.applied}
        try:
            board.version = await self.boards.save(department, state, board.version, [])
        except AlreadyExists:
            raise ConcurrentChange(department) from None
