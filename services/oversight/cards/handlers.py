"""Putting a card on its department's board or taking it off, then writing that department's
counts (set with the board's version: a redelivery or a late write changes nothing)."""

from ..deps import Deps
from .domain import CARDS, Card, CardBoard, set_counts


async def _changed(department: str, change, deps: Deps) -> bool:
    after: list[CardBoard] = []

    def apply(board: CardBoard) -> bool:
        after[:] = [board]
        return change(board)

    changed = await deps.store.board_writer.apply(department, apply)
    if changed:  # the version is the one just saved
        counts = after[0].counts()
        await deps.store.bucket_writer.apply(
            CARDS, lambda c: set_counts(c.counts, department, counts))
    return changed


async def put_card(department: str, key: str, card: Card, deps: Deps) -> bool:
    return await _changed(department, lambda b: b.issue(key, card), deps)


async def take_card_off(department: str, key: str, day: str, old_due: str | None,
                        for_good: bool, issued: dict[str, str], deps: Deps) -> bool:
    return await _changed(department, lambda b: b.end(key, day, old_due, for_good, issued),
                          deps)
