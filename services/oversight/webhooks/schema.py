"""GraphQL for webhook subscribers (other departments' systems) and their delivery log."""

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, AuthError
from services.kit.graphql import (
    Connection, InvalidInput, NotFound, connection, decode_cursor, page_size,
)

from ..results import StateConflict, outcome
from . import commands, domain, handlers
from .deps import Webhooks

SubscriberStatus = strawberry.enum(
    Enum("WebhookSubscriberStatus", {m.name: m.value for m in domain.SubscriberStatus}))


@strawberry.type(description="A system that receives the platform's events over HTTP, signed "
                             "as Standard Webhooks says (see /integration).")
class WebhookSubscriber:
    id: strawberry.ID
    name: str
    url: str
    event_types: list[str] = strawberry.field(
        description="Event types (`case.completed`), a family (`case.*`) or `*`")
    departments: list[str] = strawberry.field(description="Empty: every department")
    department: str | None = strawberry.field(description="Whose system (none: the centre's)")
    personal_data: bool = strawberry.field(
        description="Whether applicants' pseudonyms and names arrive unmasked")
    status: SubscriberStatus
    paused_reason: str | None = strawberry.field(
        description="`failing`: deliveries failed for about a day; `by_hand`")
    registered_at: datetime
    registered_by: str

    @classmethod
    def of(cls, s: domain.Subscriber) -> "WebhookSubscriber":
        return cls(id=strawberry.ID(s.id), name=s.name, url=s.url,
                   event_types=list(s.event_types), departments=list(s.departments),
                   department=s.department, personal_data=s.personal_data,
                   status=SubscriberStatus(s.status.value), paused_reason=s.paused_reason,
                   registered_at=s.registered_at, registered_by=s.registered_by)


@strawberry.type
class WebhookSubscriberSaved:
    subscriber: WebhookSubscriber


@strawberry.type(description="The signing secret, shown this once: keep it in the receiving "
                             "system's configuration.")
class WebhookSecretIssued:
    subscriber: WebhookSubscriber
    secret: str


@strawberry.type
class WebhookReplayQueued:
    queued: int = strawberry.field(description="Deliveries queued again")


WebhookSubscriberResult = Annotated[
    WebhookSubscriberSaved | InvalidInput | NotFound | StateConflict,
    strawberry.union("WebhookSubscriberResult")]
WebhookSecretResult = Annotated[WebhookSecretIssued | InvalidInput | NotFound | StateConflict,
                                strawberry.union("WebhookSecretResult")]
WebhookReplayResult = Annotated[WebhookReplayQueued | InvalidInput | NotFound | StateConflict,
                                strawberry.union("WebhookReplayResult")]


@strawberry.type(description="One attempt at one delivery.")
class WebhookDelivery:
    id: strawberry.ID
    event_id: str
    webhook_id: str = strawberry.field(description="The `webhook-id` header: the same for "
                                                   "every attempt and replay of the event")
    event_type: str
    stream: str = strawberry.field(description="The case (or complaint, ...) it belongs to; "
                                               "one stream's events arrive in order")
    attempt: int
    at: datetime
    status_code: int | None
    ok: bool
    error: str | None
    duration_ms: float
    replay: bool


@strawberry.input
class RegisterWebhookSubscriberInput:
    name: str
    url: str
    event_types: list[str]
    departments: list[str] | None = strawberry.field(
        default=None, description="An administrator's choice (none: every department); a "
                                  "department head's subscriber gets its own department")
    personal_data: bool = strawberry.field(default=False,
                                           description="Administrators only")


def _webhooks(info: Info) -> Webhooks:
    return info.context.deps.webhooks


async def _saved(call) -> WebhookSubscriberResult:
    return await outcome(call, lambda s: WebhookSubscriberSaved(
        subscriber=WebhookSubscriber.of(s)))


async def _issued(call) -> WebhookSecretResult:
    return await outcome(call, lambda pair: WebhookSecretIssued(
        subscriber=WebhookSubscriber.of(pair[0]), secret=pair[1]))


@strawberry.type
class WebhookQuery:
    @strawberry.field(description="Subscribers: administrators and the monitoring office all, a "
                                  "department's head their department's.")
    async def webhook_subscribers(self, info: Info, status: SubscriberStatus | None = None,
                                  first: int = 20,
                                  after: str | None = None) -> Connection[WebhookSubscriber]:
        viewer = info.context.require(*domain.REGISTRARS, *CENTRE_WIDE)
        size = page_size(first)
        start = decode_cursor(after)
        found = []
        for s in await _webhooks(info).store.every_subscriber():
            try:
                s.check_reader(viewer)
            except AuthError:
                continue
            if (status is None or s.status.value == status.value) and \
                    (start is None or s.id > start):
                found.append(s)
        found = found[:size + 1]
        return connection([WebhookSubscriber.of(s) for s in found], [s.id for s in found], size)

    @strawberry.field(description="A subscriber's delivery log, newest attempt first; one "
                                  "event's attempts with `eventId`.")
    async def webhook_deliveries(self, info: Info, subscriber_id: strawberry.ID,
                                 event_id: str | None = None, first: int = 20,
                                 after: str | None = None) -> Connection[WebhookDelivery]:
        viewer = info.context.require(*domain.REGISTRARS, *CENTRE_WIDE)
        subscriber = await _webhooks(info).store.subscribers.get(str(subscriber_id))
        if subscriber is None:
            return connection([], [], page_size(first))
        subscriber.check_reader(viewer)
        size = page_size(first)
        before = None
        if cursor := decode_cursor(after):
            at, _, doc_id = cursor.partition("|")
            before = (datetime.fromisoformat(at), doc_id)
        found = await _webhooks(info).store.attempts(subscriber.id, event_id, before, size + 1)
        return connection(
            [WebhookDelivery(id=strawberry.ID(doc_id), event_id=a.event_id,
                             webhook_id=domain.webhook_id(a.event_id), event_type=a.event_type,
                             stream=a.case_key, attempt=a.attempt, at=a.at,
                             status_code=a.status_code, ok=a.ok, error=a.error,
                             duration_ms=a.duration_ms, replay=a.replay)
             for doc_id, a in found],
            [f"{a.at.isoformat()}|{doc_id}" for doc_id, a in found], size)


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(description="Register a subscriber; its signing secret is in the "
                                     "answer and never shown again.")
    async def register_webhook_subscriber(
            self, info: Info, input: RegisterWebhookSubscriberInput) -> WebhookSecretResult:
        cmd = commands.RegisterSubscriber(input.name, input.url, list(input.event_types),
                                          list(input.departments or []), input.personal_data)
        return await _issued(handlers.register_subscriber(cmd, _webhooks(info),
                                                          info.context.require()))

    @strawberry.mutation(description="A new secret (shown once); the old one keeps signing "
                                     "beside it for 24 hours.")
    async def rotate_webhook_secret(self, info: Info,
                                    subscriber_id: strawberry.ID) -> WebhookSecretResult:
        return await _issued(handlers.rotate_subscriber_secret(
            commands.RotateSubscriberSecret(str(subscriber_id)), _webhooks(info),
            info.context.require()))

    @strawberry.mutation(description="Stop deliveries; they wait and go out on resume.")
    async def pause_webhook_subscriber(self, info: Info,
                                       subscriber_id: strawberry.ID) -> WebhookSubscriberResult:
        return await _saved(handlers.pause_subscriber(
            commands.PauseSubscriber(str(subscriber_id)), _webhooks(info),
            info.context.require()))

    @strawberry.mutation(description="Deliver again, the waiting ones first (their retry "
                                     "schedule starts over).")
    async def resume_webhook_subscriber(self, info: Info,
                                        subscriber_id: strawberry.ID) -> WebhookSubscriberResult:
        return await _saved(handlers.resume_subscriber(
            commands.ResumeSubscriber(str(subscriber_id)), _webhooks(info),
            info.context.require()))

    @strawberry.mutation(description="Stop for good; its secret is forgotten.")
    async def delete_webhook_subscriber(self, info: Info,
                                        subscriber_id: strawberry.ID) -> WebhookSubscriberResult:
        return await _saved(handlers.delete_subscriber(
            commands.DeleteSubscriber(str(subscriber_id)), _webhooks(info),
            info.context.require()))

    @strawberry.mutation(description="Deliver one event again (the same `webhook-id`).")
    async def replay_webhook_delivery(self, info: Info, subscriber_id: strawberry.ID,
                                      event_id: str) -> WebhookReplayResult:
        return await outcome(handlers.replay_delivery(
            commands.ReplayDelivery(str(subscriber_id), event_id), _webhooks(info),
            info.context.require()), lambda n: WebhookReplayQueued(queued=n))

    @strawberry.mutation(description="Deliver again every event received in [since, until) "
                                     "that the subscriber receives.")
    async def replay_webhook_deliveries(self, info: Info, subscriber_id: strawberry.ID,
                                        since: datetime, until: datetime) -> WebhookReplayResult:
        return await outcome(handlers.replay_deliveries(
            commands.ReplayDeliveries(str(subscriber_id), since, until), _webhooks(info),
            info.context.require()), lambda n: WebhookReplayQueued(queued=n))
