"""What a webhook subscriber's life announces. `webhook.subscriber_paused` tells the monitoring
office that a department's system stopped answering (deliveries failed for about a day) or
that someone paused it. Secrets never travel in events."""

from dataclasses import dataclass

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class SubscriberEvent(DomainEvent):
    subject_field = "subscriber_id"
    subscriber_id: str
    department: str | None  # the department whose system it is; None: the centre's own


@dataclass(frozen=True)
class SubscriberRegistered(SubscriberEvent):
    event_type = "webhook.subscriber_registered"
    name: str
    event_types: list[str]
    departments: list[str]
    registered_by: str


@dataclass(frozen=True)
class SubscriberSecretRotated(SubscriberEvent):
    event_type = "webhook.secret_rotated"
    rotated_by: str


@dataclass(frozen=True)
class SubscriberPaused(SubscriberEvent):
    event_type = "webhook.subscriber_paused"
    reason: str  # "failing": deliveries failed past the retry schedule; "by_hand"
    paused_by: str | None
    failing_since: str | None  # ISO instant of the first failed attempt still unanswered


@dataclass(frozen=True)
class SubscriberResumed(SubscriberEvent):
    event_type = "webhook.subscriber_resumed"
    resumed_by: str


@dataclass(frozen=True)
class SubscriberDeleted(SubscriberEvent):
    event_type = "webhook.subscriber_deleted"
    deleted_by: str
