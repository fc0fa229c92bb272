"""Yellow and red cards by department, now (预警 / 黄牌 / 红牌), and the most overdue items: a
board per department built from the deadlines service's clock events. Pure.

A card is a clock's (kind, subject, part) for one due date. A yellow card is replaced by the
red one of the same due date, never the other way round. A clock completed or cancelled leaves
the board for good; a due date moved (extension, reschedule, restart) or a suspension takes
that date's card off, and a new card for the new date comes by itself. Events arrive in any
order and more than once: what ended is remembered (tombstones), so a card arriving after its
clock ended stays off; what each event did to the counts is remembered, so a redelivery adds
the same again (the count's bucket adds each event once).
"""

from dataclasses import dataclass, field
from datetime import date

YELLOW, RED = "yellow", "red"
ENDED_MAX = 5_000  # tombstones kept per department
APPLIED_MAX = 2_000  # event ids remembered per department, with what they changed
CARDS = "G|cards"  # the dashboard bucket: "<department>|yellow" / "<department>|red" counts


def clock_key(kind: str, subject_id: str, part: str | None) -> str:
    return f"{kind}:{subject_id}:{part or '-'}"


@dataclass
class Card:
    colour: str
    kind: str
    subject_type: str
    subject_id: str
    case_number: str | None
    part: str | None
    staff: str | None
    due_date: str  # ISO
    issued_on: str  # ISO


@dataclass
class CardBoard:
    department: str
    cards: dict[str, Card] = field(default_factory=dict)  # clock key -> its card now
    ended: dict[str, str] = field(default_factory=dict)  # clock key or key@due -> day ended
    applied: dict[str, dict[str, int]] = field(default_factory=dict)  # event -> count deltas
    version: int = field(default=0, compare=False)

    def _remember(self, event_id: str, deltas: dict[str, int]) -> None:
        self.applied = dict(list({**self.applied, event_id: deltas}.items())[-APPLIED_MAX:])

    def _end(self, mark: str, day: str) -> None:
        self.ended = dict(list({**self.ended, mark: day}.items())[-ENDED_MAX:])

    def issue(self, event_id: str, key: str, card: Card) -> bool:
        """False when applied before."""
        if event_id in self.applied:
            return False
        deltas: dict[str, int] = {}
        now = self.cards.get(key)
        stale = key in self.ended or f"{key}@{card.due_date}" in self.ended
        keep_red = now is not None and now.colour == RED and now.due_date == card.due_date
        if not stale and not keep_red:
            if now is not None:
                deltas[now.colour] = deltas.get(now.colour, 0) - 1
            self.cards = {**self.cards, key: card}
            deltas[card.colour] = deltas.get(card.colour, 0) + 1
        self._remember(event_id, {c: d for c, d in deltas.items() if d})
        return True

    def end(self, event_id: str, key: str, day: str, old_due: str | None,
            for_good: bool) -> bool:
        """The clock ended (`for_good`), or the card of `old_due` (None: any) no longer
        stands. False when applied before."""
        if event_id in self.applied:
            return False
        now = self.cards.get(key)
        deltas: dict[str, int] = {}
        if now is not None and (for_good or old_due is None or now.due_date == old_due):
            self.cards = {k: v for k, v in self.cards.items() if k != key}
            deltas[now.colour] = -1
        if for_good:
            self._end(key, day)
        elif old_due or now is not None:
            self._end(f"{key}@{old_due or now.due_date}", day)
        self._remember(event_id, deltas)
        return True

    def deltas_of(self, event_id: str) -> dict[str, int]:
        return self.applied.get(event_id, {})

    def overdue(self) -> list[Card]:
        """Red cards, the longest overdue first."""
        return sorted((c for c in self.cards.values() if c.colour == RED),
                      key=lambda c: (c.due_date, c.subject_id))


def days_overdue(card: Card, today: date) -> int:
    """Natural days since the due date (the red card says how many working days)."""
    return (today - date.fromisoformat(card.due_date)).days
