"""Webhook subscribers: other departments' systems that receive the platform's events over
HTTP, signed as the Standard Webhooks specification says (standardwebhooks.com). Pure.

A subscriber is registered by an administrator (any department, or the whole centre) or by a
department's head for its own department's systems. Its secret is shown once; a rotation keeps
the old secret signing beside the new one for a while, so the receiver can switch without a
gap. Deliveries that fail are retried on a schedule of about a day (`RETRY_SCHEDULE`); when the
last attempt fails the subscriber is paused and the monitoring office told
(`webhook.subscriber_paused`).
"""

import base64
import enum
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from services.kit.auth import CENTRE_WIDE, AuthError, Principal, Role
from services.kit.codec import transient
from services.kit.domain import DomainEvent, RuleBroken
from services.kit.domain import InputError
from services.kit.masking import mask
from services.kit.validation import SHORT_MAX, code, items, text

from .events import (
    SubscriberDeleted, SubscriberPaused, SubscriberRegistered, SubscriberResumed,
    SubscriberSecretRotated,
)

URL_MAX, EVENT_TYPES_MAX, DEPARTMENTS_MAX = 2000, 200, 100
EVENT_PATTERN = re.compile(r"^(\*|[a-z_]+\.\*|[a-z_]+\.[a-z_]+)$")
# Standard Webhooks' suggested schedule: after the first attempt 5 s, 5 min, 30 min, 2 h, 5 h,
# 10 h, 10 h: about 27.6 hours in all, then the subscriber is paused.
RETRY_SCHEDULE = (timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30),
                  timedelta(hours=2), timedelta(hours=5), timedelta(hours=10),
                  timedelta(hours=10))
ROTATION_OVERLAP = timedelta(hours=24)  # the old secret signs beside the new one this long
TIMESTAMP_TOLERANCE = timedelta(minutes=5)  # what a receiver accepts (the example verifier)
# Fields of event data that say who a person is (an applicant's pseudonym, a name, a parcel's
# tracking number): masked for a subscriber unless it was granted personal data.
PERSONAL_FIELDS = ("applicant_ref", "real_name", "tracking_number", "on_behalf_of",
                   "appellant", "helper")
REGISTRARS = (Role.ADMIN, Role.DEPARTMENT_HEAD)


class SubscriberStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DELETED = "deleted"


class WebhookError(RuleBroken):
    """A step the subscriber's state does not allow; nothing changed."""


@dataclass(frozen=True)
class SigningSecret:
    sealed: str  # encrypted at rest with the service's key (webhooks.secrets)
    created_at: datetime
    retires_at: datetime | None = None  # a rotated-out secret signs until then


@dataclass(frozen=True)
class Registration:
    name: str
    url: str
    event_types: tuple[str, ...]
    departments: tuple[str, ...]
    personal_data: bool

    @classmethod
    def validate(cls, principal: Principal, name: str, url: str, event_types: list[str],
                 departments: list[str] | None, personal_data: bool,
                 known_types: frozenset[str]) -> "Registration":
        """Who may register what: an administrator any departments (none: the whole centre)
        and personal data; a department's head only its own department, masked."""
        principal.require(*REGISTRARS)
        name = text("name", name, SHORT_MAX)
        url = valid_url(url)
        wanted = tuple(dict.fromkeys(
            text("eventTypes", t, 100) for t in items("eventTypes", event_types,
                                                      EVENT_TYPES_MAX)))
        if not wanted:
            raise InputError("eventTypes", "REQUIRED", "eventTypes 至少一项")
        for pattern in wanted:
            if not EVENT_PATTERN.match(pattern) or not any(
                    matches(pattern, t) for t in known_types):
                raise InputError("eventTypes", "UNKNOWN_EVENT_TYPE",
                                 f"事件类型 {pattern[:100]!r} 不在事件目录（/asyncapi.json）中")
        chosen = tuple(dict.fromkeys(code("departments", d)
                                     for d in items("departments", departments,
                                                    DEPARTMENTS_MAX)))
        if not principal.has_any(Role.ADMIN):
            if not principal.department:
                raise AuthError("FORBIDDEN", "令牌未注明部门，不能登记本部门的订阅")
            if chosen and chosen != (principal.department,):
                raise AuthError("FORBIDDEN", f"部门负责人只能订阅本部门（{principal.department}）"
                                             "的事件")
            if personal_data:
                raise AuthError("FORBIDDEN", "只有管理员可以允许订阅方接收个人信息")
            chosen = (principal.department,)
        return cls(name, url, wanted, chosen, personal_data)


def valid_url(url: str) -> str:
    url = text("url", url, URL_MAX)
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InputError("url", "INVALID_URL", "url 须为 http(s)://主机/路径")
    if parts.username or parts.password or parts.fragment:
        raise InputError("url", "INVALID_URL", "url 不能含用户名、密码或 # 片段")
    return url


def matches(pattern: str, event_type: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type


@dataclass
class Subscriber:
    id: str
    name: str
    url: str
    event_types: list[str]
    departments: list[str]  # empty: every department, and events of none
    department: str | None  # whose system it is (None: the centre's)
    personal_data: bool
    secrets: list[SigningSecret]
    registered_by: str
    registered_at: datetime
    status: SubscriberStatus = SubscriberStatus.ACTIVE
    paused_reason: str | None = None
    resumed_at: datetime | None = None
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list)

    @classmethod
    def register(cls, registration: Registration, subscriber_id: str, sealed: str,
                 now: datetime, by: str, department: str | None) -> "Subscriber":
        s = cls(id=subscriber_id, name=registration.name, url=registration.url,
                event_types=list(registration.event_types),
                departments=list(registration.departments), department=department,
                personal_data=registration.personal_data,
                secrets=[SigningSecret(sealed, now)], registered_by=by, registered_at=now)
        s.events.append(SubscriberRegistered(s.id, department, s.name, s.event_types,
                                             s.departments, by))
        return s

    # -- who may change it --------------------------------------------------------------
    def check_manager(self, principal: Principal) -> None:
        """An administrator, or the head of the department whose system it is."""
        principal.require(*REGISTRARS)
        if principal.has_any(Role.ADMIN):
            return
        if self.department is None or principal.department != self.department:
            raise AuthError("FORBIDDEN", "只能管理本部门系统的订阅")

    def check_reader(self, principal: Principal) -> None:
        """Managers, the monitoring office (it is told when one is paused), and the head of
        the one department it receives for."""
        if principal.has_any(*CENTRE_WIDE):
            return
        if principal.has_any(Role.DEPARTMENT_HEAD) and principal.department and \
                self.departments == [principal.department]:
            return
        self.check_manager(principal)

    def _require(self, *allowed: SubscriberStatus) -> None:
        if self.status not in allowed:
            raise WebhookError("WEBHOOK_STATE", f"订阅当前状态为 {self.status.value}，不能执行此操作")

    # -- steps --------------------------------------------------------------------------
    def rotate_secret(self, sealed: str, now: datetime, by: str) -> None:
        self._require(SubscriberStatus.ACTIVE, SubscriberStatus.PAUSED)
        kept = [SigningSecret(s.sealed, s.created_at, s.retires_at or now + ROTATION_OVERLAP)
                for s in self.secrets if s.retires_at is None or s.retires_at > now]
        self.secrets = [SigningSecret(sealed, now), *kept]
        self.events.append(SubscriberSecretRotated(self.id, self.department, by))

    def pause(self, reason: str, by: str | None, failing_since: datetime | None) -> None:
        self._require(SubscriberStatus.ACTIVE)
        self.status = SubscriberStatus.PAUSED
        self.paused_reason = reason
        self.events.append(SubscriberPaused(
            self.id, self.department, reason, by,
            failing_since.isoformat() if failing_since else None))

    def resume(self, now: datetime, by: str) -> None:
        self._require(SubscriberStatus.PAUSED)
        self.status = SubscriberStatus.ACTIVE
        self.paused_reason = None
        self.resumed_at = now
        self.events.append(SubscriberResumed(self.id, self.department, by))

    def delete(self, by: str) -> None:
        self._require(SubscriberStatus.ACTIVE, SubscriberStatus.PAUSED)
        self.status = SubscriberStatus.DELETED
        self.secrets = []
        self.events.append(SubscriberDeleted(self.id, self.department, by))

    # -- what it receives -----------------------------------------------------------------
    def wants(self, event_type: str, department: str | None) -> bool:
        if self.status is not SubscriberStatus.ACTIVE:
            return False
        if not any(matches(p, event_type) for p in self.event_types):
            return False
        return not self.departments or department in self.departments

    def may_replay(self, event_type: str, department: str | None) -> bool:
        """What it would receive now (a replay never widens what it may see)."""
        return any(matches(p, event_type) for p in self.event_types) and (
            not self.departments or department in self.departments)

    def signing_secrets(self, now: datetime) -> list[str]:
        return [s.sealed for s in self.secrets if s.retires_at is None or s.retires_at > now]

    def shown(self, envelope: dict) -> dict:
        """The CloudEvent as this subscriber may see it."""
        if self.personal_data:
            return envelope
        data = envelope.get("data")
        if not isinstance(data, dict) or not any(f in data for f in PERSONAL_FIELDS):
            return envelope
        return {**envelope, "data": {k: (masked(v) if k in PERSONAL_FIELDS else v)
                                     for k, v in data.items()}}


def masked(value):
    if isinstance(value, str):
        return mask(value, 1, 1)
    if isinstance(value, list):
        return [masked(v) for v in value]
    return None


# -- deliveries ------------------------------------------------------------------------------
def case_key(envelope: dict) -> str:
    """What one ordered stream is: a case's events arrive in order (its complaint's, petition's
    ... for the others)."""
    data = envelope.get("data") or {}
    for name in ("case_id", "complaint_id", "petition_id", "finding_id", "inquiry_id"):
        if isinstance(data.get(name), str):
            return data[name]
    return str(envelope.get("subject") or envelope.get("id"))


def event_department(envelope: dict) -> str | None:
    department = (envelope.get("data") or {}).get("department")
    return department if isinstance(department, str) else None


def webhook_id(event_id: str) -> str:
    """The same for every attempt and replay of one event: receivers de-duplicate by it."""
    return f"msg_{event_id}"


def next_attempt(attempts: int, failed_at: datetime) -> datetime | None:
    """When to try again after `attempts` failed ones; None: the schedule is spent."""
    if attempts > len(RETRY_SCHEDULE):
        return None
    return failed_at + RETRY_SCHEDULE[attempts - 1]


def new_secret(random_bytes: bytes) -> str:
    return "whsec_" + base64.b64encode(random_bytes).decode()


def secret_key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (Standard Webhooks)."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


@dataclass(frozen=True)
class Attempt:
    """One try at one delivery, as the delivery log shows it."""
    subscriber_id: str
    slot: int
    event_id: str
    event_type: str
    case_key: str
    attempt: int
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: float
    replay: bool = False

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass
class Pending:
    """A delivery waiting: behind an earlier one of its case, or for its next attempt."""
    subscriber_id: str
    slot: int
    case_key: str
    attempts: int = 0
    next_at: datetime | None = None  # None: as soon as it is the first of its case
    first_failed_at: datetime | None = None
    replay: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.subscriber_id}:{self.slot:09d}"
