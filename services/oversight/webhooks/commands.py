"""What can be asked of webhooks (imperative)."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RegisterSubscriber:
    name: str
    url: str
    event_types: list[str]
    departments: list[str]
    personal_data: bool = False


@dataclass(frozen=True)
class RotateSubscriberSecret:
    subscriber_id: str


@dataclass(frozen=True)
class PauseSubscriber:
    subscriber_id: str


@dataclass(frozen=True)
class ResumeSubscriber:
    subscriber_id: str


@dataclass(frozen=True)
class DeleteSubscriber:
    subscriber_id: str


@dataclass(frozen=True)
class ReplayDelivery:
    subscriber_id: str
    event_id: str


@dataclass(frozen=True)
class ReplayDeliveries:
    subscriber_id: str
    since: datetime
    until: datetime
