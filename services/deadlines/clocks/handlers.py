"""Handlers of the clocks: start, change, close, reschedule on a changed calendar, issue
cards; and putting a clock on the agenda after each change."""

import asyncio
import logging
from datetime import date

from services.kit.aggregates import ConcurrentChange, retry_on_conflict
from services.kit.clock import centre_date
from services.kit.logs import log_fields

from ..deps import Deps
from . import commands
from .domain import Card, Clock, ClockKind, RescheduleCause, clock_id

log = logging.getLogger(__name__)


async def _put_on_agenda(clock: Clock, deps: Deps, due_before: date | None = None) -> None:
    """After the clock is saved: the scheduler drops an entry whose clock is missing or has
    another due date, so an entry read before its change was stored would lose the card (a
    tick between the two, on the card's own day). A crash between the save and the entries
    is mended by the redelivery: a handler that finds its change already stored puts the
    clock on the agenda again (repeated entries are hints, issued once). A closed clock needs
    none. Only the next card is put on the agenda (`Clock.next_card_day`); the red one follows
    when the yellow one's entry is dealt with (`_red_follows`). The due-date index (work
    lists) gets an entry only when the due date is new (`due_before`: the date the clock had
    when loaded)."""
    if not clock.is_open:
        return
    today = centre_date(deps.time.now())
    if (next_card := clock.next_card_day(deps.calendar, deps.yellow_at, today)) is not None:
        day, card = next_card
        await deps.agenda.add(max(day, today), clock.clock_id, card, clock.due_date)
    if clock.due_date is not None and clock.due_date != due_before:
        await deps.agenda.add_due(clock.due_date, clock.clock_id, clock.department,
                                  clock.kind.value)


async def start_clock(cmd: commands.StartClock, deps: Deps) -> None:
    """A decision that came before the receipt event (events of different queues cross) left
    the acceptance-decision clock closed already (`close_acceptance_decision`): this start
    then finds it taken and does nothing."""
    clock = Clock.start(cmd, deps.calendar, deps.count_start_day)
    if await deps.store.add(clock):
        deps.events_written()
        await _put_on_agenda(clock, deps)
        log.info("clock started", extra=log_fields(subject_id=cmd.subject_id, kind=cmd.kind,
                                                   due=str(clock.due_date)))
        return
    stored = await deps.store.get(clock.clock_id)
    if stored is not None:  # a redelivery: the first attempt may have stopped before these
        await _put_on_agenda(stored, deps)
    log.info("clock already started; duplicate ignored",
             extra=log_fields(subject_id=cmd.subject_id, kind=cmd.kind))


async def _reds_follow(dealt: list[tuple[Clock, date]], today: date, deps: Deps) -> None:
    """Yellow cards' entries dealt with (issued, or too late for them): the red cards of the
    same due dates go on the agenda, a day's in one bulk insert. Done each time an entry is
    read, so a tick that stopped in between puts them there when it reads the entry again."""
    by_day: dict[date, list[tuple[str, Card, date]]] = {}
    for clock, due_date in dealt:
        if clock.due_date == due_date and (red := clock.red_card_day()) is not None:
            by_day.setdefault(max(red[0], today), []).append((clock.clock_id, red[1], due_date))
    for day, entries in sorted(by_day.items()):
        await deps.agenda.add_many(day, entries)


async def reschedule_open_clocks(deps: Deps, reason: str, cause: RescheduleCause) -> int:
    rescheduled = 0
    for key in await deps.store.open_clock_ids():
        if await _reschedule(key, deps, reason, cause):
            rescheduled += 1
    if rescheduled:
        deps.events_written()
    return rescheduled


async def _reschedule(key: str, deps: Deps, reason: str, cause: RescheduleCause) -> bool:
    async def attempt() -> bool:
        clock = await deps.store.get(key)
        if clock is None or not clock.is_open:
            return False
        due_before = clock.due_date
        if not clock.reschedule(deps.calendar, deps.time.now(), reason, cause):
            return False
        # Rare (a calendar loaded), and nothing redelivers it: entries before the save too,
        # so that a crash between the two loses none.
        await _put_on_agenda(clock, deps, due_before)
        await deps.store.save(clock)
        await _put_on_agenda(clock, deps, clock.due_date)
        return True

    return await retry_on_conflict(attempt)


async def close_acceptance_decision(cmd: commands.CloseAcceptanceDecision, deps: Deps) -> None:
    """Accepted, correction requested or rejected: the 5-working-day clock stops."""
    key = clock_id(cmd.case_id, ClockKind.ACCEPTANCE_DECISION)

    async def attempt() -> bool:
        clock = await deps.store.get(key)
        if clock is None:
            tombstone = Clock.closed_before_start(
                cmd.case_id, ClockKind.ACCEPTANCE_DECISION, None, cmd.decided_on, cmd.cause_at,
                cmd.cause_event_id, f"decided_{cmd.decision}_before_receipt_was_seen")
            if not await deps.store.add(tombstone):
                raise ConcurrentChange(key)  # started meanwhile: decide again on it
            return False
        if clock.already_applied(cmd.cause_event_id) or not clock.is_open:
            return False
        clock.close_decision(cmd.decided_on, cmd.decision, cmd.cause_at, cmd.cause_event_id,
                             deps.calendar)
        await deps.store.save(clock)
        return True

    if await retry_on_conflict(attempt):
        deps.events_written()


class ClockMissing(Exception):
    """The event names a clock not started yet (its starting event was not seen yet)."""


async def change_clock(cmd: commands.ClockChange, deps: Deps) -> bool:
    """Apply a suspension, resumption, restart, extension, completion or cancellation once.

    Returns False for an event applied before (redelivery). Raises `ClockRuleViolation` for
    an event the clock's state does not allow, `ClockMissing` for an unknown clock.
    """
    key = clock_id(cmd.subject_id, ClockKind(cmd.kind), cmd.part)

    async def attempt() -> bool:
        clock = await deps.store.get(key)
        if clock is None:
            raise ClockMissing(key)
        if clock.already_applied(cmd.cause_event_id):
            await _put_on_agenda(clock, deps)  # a redelivery: see `_put_on_agenda`
            return False
        due_before = clock.due_date
        clock.apply(cmd, deps.calendar)
        await deps.store.save(clock)
        await _put_on_agenda(clock, deps, due_before)
        return True

    changed = await retry_on_conflict(attempt)
    if changed:
        deps.events_written()
    return changed


async def issue_cards(entries: list[tuple[str, Card, date]], today: date, deps: Deps) -> int:
    """A day's cards, a batch at a time: the clocks read together, the cards decided, the
    changes stored in bulk (kit.aggregates `save_many`). A clock changed meanwhile by someone
    else (or by another scheduler replica) is decided again alone (`issue_card`). Returns
    how many cards were issued."""
    clocks = await deps.store.peek_many([key for key, _, _ in entries])
    now, changed, again, dealt = deps.time.now(), [], [], []
    for key, card, due_date in entries:
        clock = clocks.get(key)
        if clock is None:
            again.append((key, card, due_date))  # not projected yet: the careful way
        elif clock.due_date == due_date and clock.issue_card(card, today, deps.calendar,
                                                             deps.yellow_at, now):
            changed.append((clock, card, due_date))
        elif card is Card.YELLOW:
            dealt.append((clock, due_date))
    stored = await deps.store.save_many([c for c, _, _ in changed], actor="scheduler")
    issued = sum(stored)
    again += [(c.clock_id, card, due) for (c, card, due), ok in zip(changed, stored, strict=True)
              if not ok]
    dealt += [(c, due) for (c, card, due), ok in zip(changed, stored, strict=True)
              if ok and card is Card.YELLOW]
    await _reds_follow(dealt, today, deps)
    issued += sum(await asyncio.gather(*(issue_card(i, card, due, today, deps)
                                         for i, card, due in again)))
    if issued:
        deps.events_written()
        log.info("cards issued", extra=log_fields(cards=issued, day=str(today)))
    return issued


async def issue_card(
    clock_id: str, card: Card, due_date, today, deps: Deps
) -> bool:
    """Issue a card the agenda says is due; exactly once per clock, card and due date, however
    many scheduler replicas try (the losers of the version race find it issued)."""
    latest: list[Clock] = []

    async def attempt() -> bool:
        clock = await deps.store.get(clock_id)
        latest[:] = [clock] if clock is not None else []
        if clock is None or clock.due_date != due_date:
            return False  # the clock moved on: a stale agenda entry
        if not clock.issue_card(card, today, deps.calendar, deps.yellow_at, deps.time.now()):
            return False
        await deps.store.save(clock, actor="scheduler")
        return True

    issued = await retry_on_conflict(attempt)
    if card is Card.YELLOW and latest:
        await _reds_follow([(latest[0], due_date)], today, deps)
    if issued:
        deps.events_written()
        log.info(f"{card.value} card issued", extra=log_fields(clock_id=clock_id, due=str(due_date)))
    return issued
