"""The deadlines service's clock events onto the card boards. Nothing else happens here.

| event | data used | does |
|---|---|---|
| `clock.yellow_card` / `clock.red_card` | kind, subject_type, subject_id, part, case_number, department, staff, due_date, issued_on | the clock's card for that due date |
| `clock.completed` / `clock.cancelled` | kind, subject_id, part, department, completed_on / cancelled_on, cards_issued | off for good |
| `clock.extended` / `clock.restarted` / `clock.rescheduled` | the same, old_due_date, cards_issued | the old date's card off |
| `clock.suspended` | the same, suspended_on, cards_issued | the card off while it stands still |
"""

from services.kit.events import CloudEvent

from ..deps import Deps
from . import handlers
from .domain import RED, YELLOW, Card, clock_key

CARD_TYPES = {"clock.yellow_card": YELLOW, "clock.red_card": RED}
ENDING = {"clock.completed": ("completed_on", True), "clock.cancelled": ("cancelled_on", True),
          "clock.extended": (None, False), "clock.restarted": (None, False),
          "clock.rescheduled": (None, False), "clock.suspended": ("suspended_on", False)}
EVENT_TYPES = (*CARD_TYPES, *ENDING)


async def handle(event: CloudEvent, deps: Deps) -> None:
    d = event.data
    department = d.get("department")
    if not department:
        return  # a clock of no department is on nobody's board
    key = clock_key(d["kind"], d["subject_id"], d.get("part"))
    if event.type in CARD_TYPES:
        await handlers.put_card(department, key, Card(
            CARD_TYPES[event.type], d["kind"], d["subject_type"], d["subject_id"],
            d.get("case_number") or None, d.get("part"), d.get("staff"), d["due_date"],
            d["issued_on"]), deps)
        return
    if "cards_issued" in d and not d["cards_issued"]:
        return  # never issued a card: none is on a board, none can arrive late
    old_due = d.get("old_due_date")
    new_due = d.get("new_due_date", d.get("due_date"))
    if event.type in ("clock.extended", "clock.restarted", "clock.rescheduled") \
            and old_due == new_due:
        return  # the due date stands: so does its card
    day_field, for_good = ENDING[event.type]
    day = d[day_field] if day_field else event.time[:10]
    await handlers.take_card_off(department, key, day, old_due, for_good,
                                 dict(d.get("cards_issued") or {}), deps)
