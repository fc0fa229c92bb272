"""Yellow and red cards by department, now (预警 / 黄牌 / 红牌), and the most overdue items: a
board per department built from the deadlines service's clock events. Pure.

A card is a clock's (kind, subject, part) for one due date. A yellow card is replaced by the
red one of the same due date, never the other way round. A clock completed or cancelled leaves
the board for good; a due date moved (extension, reschedule, restart) or a suspension takes
that date's card off, and a new card for the new date comes by itself. Events arrive in any
order and more than once: putting a card and taking it off are idempotent. An ending event
says which cards its clock was issued (`cards_issued`); one the board has not seen may still be
in flight, and only then is a tombstone kept (apart, pruned after TOMBSTONE_DAYS) so that card
stays off when it arrives. Most clocks end with no card at all and cost no write. The counts by department are set, not added: each board change writes its
department's counts with the board's version, and an older version never overwrites a newer.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

YELLOW, RED = "yellow", "red"
TOMBSTONE_DAYS = 7  # a card still in flight after its clock ended arrives within minutes
CARDS = "G|cards"  # the dashboard bucket: "<department>|yellow", "|red", "|version"


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
    seen: tuple[str, ...] = ()  # the colours applied for this due date (yellow, then red)


@dataclass
class CardBoard:
    """What a read needs (`cards`); the tombstones travel with it but are stored apart."""
    department: str
    cards: dict[str, Card] = field(default_factory=dict)  # clock key -> its card now
    ended: dict[str, str] = field(default_factory=dict)  # clock key or key@due -> day ended
    version: int = field(default=0, compare=False)
    ended_version: int = field(default=0, compare=False)
    ended_changed: bool = field(default=False, compare=False)

    def issue(self, key: str, card: Card) -> bool:
        """True when the board changed."""
        if f"{key}@{card.due_date}" in self.ended:
            return False  # its clock ended, or its date moved, before it arrived
        now = self.cards.get(key)
        same_due = now is not None and now.due_date == card.due_date
        seen = tuple(dict.fromkeys([*(now.seen if same_due else ()), card.colour]))
        colour = RED if same_due and RED in seen else card.colour  # never back to yellow
        placed = Card(**{**vars(card), "colour": colour, "seen": seen})
        if now == placed:
            return False
        self.cards = {**self.cards, key: placed}
        return True

    def end(self, key: str, day: str, old_due: str | None, for_good: bool,
            issued: dict[str, str]) -> bool:
        """The clock ended (`for_good`), or the card of `old_due` (None: any) no longer
        stands; `issued`: the cards the clock was issued. True when the board changed."""
        now = self.cards.get(key)
        dues = set(issued.values()) if for_good or old_due is None else {old_due}
        in_flight = {due for colour, due in issued.items() if due in dues and not (
            now is not None and now.due_date == due and colour in now.seen)}
        marks = [f"{key}@{due}" for due in sorted(in_flight) if f"{key}@{due}" not in self.ended]
        if marks:
            cutoff = (date.fromisoformat(day) - timedelta(days=TOMBSTONE_DAYS)).isoformat()
            self.ended = {**{k: d for k, d in self.ended.items() if d >= cutoff},
                          **{m: day for m in marks}}
            self.ended_changed = True
        if now is not None and (for_good or old_due is None or now.due_date == old_due):
            self.cards = {k: v for k, v in self.cards.items() if k != key}
            return True
        return bool(marks)

    def counts(self) -> dict[str, int]:
        """This department's counts for the dashboard bucket, with the board's version."""
        colours = [c.colour for c in self.cards.values()]
        return {f"{self.department}|{YELLOW}": colours.count(YELLOW),
                f"{self.department}|{RED}": colours.count(RED),
                f"{self.department}|version": self.version}

    def overdue(self) -> list[Card]:
        """Red cards, the longest overdue first."""
        return sorted((c for c in self.cards.values() if c.colour == RED),
                      key=lambda c: (c.due_date, c.subject_id))


def set_counts(bucket_counts: dict[str, int], department: str, counts: dict[str, int]) -> bool:
    """Write a department's counts unless the bucket has a newer board version's."""
    if bucket_counts.get(f"{department}|version", 0) >= counts[f"{department}|version"]:
        return False
    bucket_counts.update(counts)
    return True


def days_overdue(card: Card, today: date) -> int:
    """Natural days since the due date (the red card says how many working days)."""
    return (today - date.fromisoformat(card.due_date)).days
