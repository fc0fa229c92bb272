"""Putting a card on its department's board or taking it off, then counting what that did
(again on a redelivery: the count's bucket adds each event once)."""

from ..deps import Deps
from .domain import CARDS, Card, CardBoard


async def _counted(event_id: str, department: str, change, deps: Deps) -> dict[str, int]:
    seen: dict[str, dict[str, int]] = {}

    def apply(board: CardBoard) -> bool:
        changed = change(board)
        seen["deltas"] = board.deltas_of(event_id)
        return changed

    await deps.store.board_writer.apply(department, apply)
    deltas = {f"{department}|{colour}": d for colour, d in seen["deltas"].items()}
    if deltas:
        await deps.store.bucket_writer.apply(CARDS, lambda c: c.apply(event_id, deltas))
    return deltas


async def put_card(event_id: str, department: str, key: str, card: Card,
                   deps: Deps) -> dict[str, int]:
    return await _counted(event_id, department, lambda b: b.issue(event_id, key, card), deps)


async def take_card_off(event_id: str, department: str, key: str, day: str,
                        old_due: str | None, for_good: bool, deps: Deps) -> dict[str, int]:
    return await _counted(event_id, department,
                          lambda b: b.end(event_id, key, day, old_due, for_good), deps)
