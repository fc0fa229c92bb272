"""Handlers for webhook subscribers: registration (the secret shown once), rotation, pause,
resume, deletion, replays; and the event an arriving CloudEvent becomes in the log."""

import os
import uuid
from datetime import datetime
from functools import cache

from services.kit.auth import Principal, Role
from services.kit.contract import published_events
from services.kit.domain import InputError, NotFoundError
from services.kit.events import CloudEvent

from . import commands
from .domain import (
    REGISTRARS, Pending, Registration, Subscriber, case_key, event_department, new_secret,
)
from .deps import Webhooks

REPLAY_MAX = 10_000  # deliveries one replay of a time range may queue
WHAT = "订阅"


@cache
def known_event_types() -> frozenset[str]:
    """Every event type of the contract (/asyncapi.json)."""
    return frozenset(published_events())


def _shown_once(webhooks: Webhooks) -> tuple[str, str]:
    secret = new_secret(os.urandom(24))
    return secret, webhooks.sealer.seal(secret)


async def register_subscriber(cmd: commands.RegisterSubscriber, webhooks: Webhooks,
                              principal: Principal) -> tuple[Subscriber, str]:
    """The subscriber and its secret, which is never shown again."""
    registration = Registration.validate(principal, cmd.name, cmd.url, cmd.event_types,
                                         cmd.departments, cmd.personal_data,
                                         known_event_types())
    secret, sealed = _shown_once(webhooks)
    now = webhooks.clock.now()
    owner = None if principal.has_any(Role.ADMIN) else principal.department
    subscriber = Subscriber.register(registration, f"whs_{uuid.uuid4().hex[:20]}", sealed,
                                     now, principal.subject or "", owner)
    # it receives what arrives from now on: its cursor is where the log ends
    await webhooks.store.set_cursor(subscriber.id, await webhooks.store.log_end())
    await webhooks.store.subscribers.save(subscriber, principal.subject)
    webhooks.events_written()
    webhooks.fanout.known(subscriber)
    return subscriber, secret


async def _change(subscriber_id: str, webhooks: Webhooks, principal: Principal,
                  decide) -> Subscriber:
    principal.require(*REGISTRARS)  # before the record is looked at

    def checked(s: Subscriber) -> None:
        s.check_manager(principal)
        decide(s)

    subscriber = await webhooks.store.subscribers.change(subscriber_id, WHAT, checked,
                                                         principal.subject)
    webhooks.events_written()
    webhooks.fanout.known(subscriber)
    return subscriber


async def rotate_subscriber_secret(cmd: commands.RotateSubscriberSecret, webhooks: Webhooks,
                                   principal: Principal) -> tuple[Subscriber, str]:
    secret, sealed = _shown_once(webhooks)
    now = webhooks.clock.now()
    subscriber = await _change(cmd.subscriber_id, webhooks, principal,
                               lambda s: s.rotate_secret(sealed, now, principal.subject or ""))
    return subscriber, secret


async def pause_subscriber(cmd: commands.PauseSubscriber, webhooks: Webhooks,
                           principal: Principal) -> Subscriber:
    return await _change(cmd.subscriber_id, webhooks, principal,
                         lambda s: s.pause("by_hand", principal.subject, None))


async def resume_subscriber(cmd: commands.ResumeSubscriber, webhooks: Webhooks,
                            principal: Principal) -> Subscriber:
    now = webhooks.clock.now()
    return await _change(cmd.subscriber_id, webhooks, principal,
                         lambda s: s.resume(now, principal.subject or ""))


async def delete_subscriber(cmd: commands.DeleteSubscriber, webhooks: Webhooks,
                            principal: Principal) -> Subscriber:
    return await _change(cmd.subscriber_id, webhooks, principal,
                         lambda s: s.delete(principal.subject or ""))


async def pause_failing_subscriber(subscriber_id: str, failing_since: datetime | None,
                                   webhooks: Webhooks) -> Subscriber:
    """The retry schedule is spent: paused, and the office told (webhook.subscriber_paused)."""
    def decide(s: Subscriber) -> None:
        if s.status.value == "active":
            s.pause("failing", None, failing_since)

    subscriber = await webhooks.store.subscribers.change(subscriber_id, WHAT, decide, None)
    webhooks.events_written()
    webhooks.fanout.known(subscriber)
    return subscriber


async def _managed(subscriber_id: str, webhooks: Webhooks, principal: Principal) -> Subscriber:
    principal.require(*REGISTRARS)
    subscriber = await webhooks.store.subscribers.get(subscriber_id)
    if subscriber is None or subscriber.status.value == "deleted":
        raise NotFoundError(WHAT, subscriber_id)
    subscriber.check_manager(principal)
    return subscriber


async def replay_delivery(cmd: commands.ReplayDelivery, webhooks: Webhooks,
                          principal: Principal) -> int:
    """One event again, with its own webhook-id (receivers that have it drop it)."""
    subscriber = await _managed(cmd.subscriber_id, webhooks, principal)
    slot = await webhooks.store.slot_of(subscriber.id, cmd.event_id)
    if slot is None:
        raise InputError("eventId", "UNKNOWN_DELIVERY", "该订阅没有此事件的投递记录")
    return await _queue_replays(subscriber, [slot], webhooks)


async def replay_deliveries(cmd: commands.ReplayDeliveries, webhooks: Webhooks,
                            principal: Principal) -> int:
    """Every event received in [since, until) that the subscriber would receive now."""
    subscriber = await _managed(cmd.subscriber_id, webhooks, principal)
    if cmd.until <= cmd.since:
        raise InputError("until", "INVALID_RANGE", "until 须晚于 since")
    slots = await webhooks.store.slots_between(cmd.since, cmd.until, REPLAY_MAX + 1)
    if len(slots) > REPLAY_MAX:
        raise InputError("until", "TOO_MANY", f"一次重放不超过 {REPLAY_MAX} 条，请缩小时间范围")
    return await _queue_replays(subscriber, slots, webhooks)


async def _queue_replays(subscriber: Subscriber, slots: list[int], webhooks: Webhooks) -> int:
    queued = []
    for slot in slots:
        entry = await webhooks.store.entry(slot)
        if entry and subscriber.may_replay(entry["type"], entry.get("department")):
            queued.append(Pending(subscriber.id, slot, entry["case_key"], replay=True))
    await webhooks.store.add_pending(queued)
    webhooks.fanout.requeued(subscriber.id)  # its dispatcher reads what waits again
    return len(queued)


async def record_event(event: CloudEvent, webhooks: Webhooks) -> None:
    """An event some subscriber wants goes into the log once; the dispatcher takes it from
    there to each. Nothing is written when nobody wants it."""
    envelope = event.to_dict()
    department = event_department(envelope)
    if not webhooks.fanout.wanted(event.type, department):
        return
    entry = {"event": envelope, "type": event.type, "department": department,
             "case_key": case_key(envelope), "received_at": webhooks.clock.now()}
    slot = await webhooks.store.append(entry)
    webhooks.fanout.appended(slot, entry)
