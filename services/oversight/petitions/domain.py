"""Petitions, hotline and referred matters (004 限时办结 §7): reports, appeals, requests for
help, criticism and suggestions, however they come (信访件, 市长热线, 领导批转件, letters, web,
visits). Registered (备案登记) and given to a department; done within the limit the source set,
or within 15 working days of registration; a complicated one may be extended once with its
deputy leader's (分管领导) approval, with reasons; answered in writing. The deadlines service
times it (the `petition_handling` clock) and electronic supervision cards it. Pure."""

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime

from services.kit.codec import transient
from services.kit.domain import DomainEvent, RuleBroken
from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, TEXT_MAX, choice, code, text

from .events import PetitionAnswered, PetitionExtensionApproved, PetitionReceived

DEFAULT_LIMIT = 15  # working days (004 §7)
LIMIT_MAX, EXTENSION_MAX = 90, 30
CONTACT = re.compile(r"^[0-9A-Za-z@._+\-() ]{3,64}$")


class PetitionKind(enum.StrEnum):
    REPORT = "report"  # 举报
    APPEAL = "appeal"  # 申诉
    HELP = "help"  # 求助
    CRITICISM = "criticism"  # 批评
    SUGGESTION = "suggestion"  # 意见


class PetitionSource(enum.StrEnum):
    LETTER = "letter"  # 信访件 / 群众来信
    HOTLINE = "hotline"  # 市长热线 (12345)
    LEADER_REFERRAL = "leader_referral"  # 领导批转件
    VISIT = "visit"
    WEB = "web"


class PetitionStatus(enum.StrEnum):
    REGISTERED = "registered"
    ANSWERED = "answered"


STATUS_NAMES = {PetitionStatus.REGISTERED: "办理中", PetitionStatus.ANSWERED: "已答复"}


class PetitionError(RuleBroken):
    """A step out of order; nothing changed."""


@dataclass(frozen=True)
class Extension:
    days: int
    reason: str
    approved_by: str
    on: date


@dataclass
class Petition:
    id: str
    kind: PetitionKind
    source: PetitionSource
    department: str
    matter: str
    received_at: datetime
    received_on: date
    registered_by: str
    limit: int
    petitioner_name: str | None = None
    petitioner_contact: str | None = None
    source_ref: str | None = None
    assigned_to: str | None = None
    status: PetitionStatus = PetitionStatus.REGISTERED
    extension: Extension | None = None
    answer: str | None = None
    answered_on: date | None = None
    answered_by: str | None = None
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    def _ids(self) -> dict:
        return {"petition_id": self.id, "department": self.department, "kind": self.kind.value,
                "source": self.source.value}

    @classmethod
    def register(cls, cmd, petition_id: str, at: datetime, day: date, by: str) -> "Petition":
        limit = DEFAULT_LIMIT if cmd.limit is None else cmd.limit
        if not 1 <= limit <= LIMIT_MAX:
            raise InputError("limit", "OUT_OF_RANGE", f"办理时限须在 1 至 {LIMIT_MAX} 个工作日之间")
        contact = (cmd.petitioner_contact or "").strip() or None
        if contact and not CONTACT.match(contact):
            raise InputError("petitionerContact", "INVALID_FORMAT", "联系方式格式不正确")
        petition = cls(
            id=petition_id, kind=choice("kind", PetitionKind, cmd.kind),
            source=choice("source", PetitionSource, cmd.source),
            department=code("department", cmd.department),
            matter=text("matter", cmd.matter, TEXT_MAX), received_at=at, received_on=day,
            registered_by=by, limit=limit,
            petitioner_name=text("petitionerName", cmd.petitioner_name, SHORT_MAX,
                                 required=False) or None,
            petitioner_contact=contact,
            source_ref=text("sourceRef", cmd.source_ref, SHORT_MAX, required=False) or None,
            assigned_to=code("assignedTo", cmd.assigned_to) if cmd.assigned_to else None)
        petition.events.append(PetitionReceived(
            **petition._ids(), received_on=day, limit=limit, unit="working_days",
            staff=petition.assigned_to, source_ref=petition.source_ref))
        return petition

    def _open(self) -> None:
        if self.status is not PetitionStatus.REGISTERED:
            raise PetitionError("PETITION_ANSWERED", "该事项已答复")

    def extend(self, days: int, reason: str, day: date, by: str) -> None:
        """Once, with reasons, approved by the department's deputy leader (or the office)."""
        self._open()
        if self.extension is not None:
            raise PetitionError("ALREADY_EXTENDED", "该事项已延期一次")
        if not 1 <= days <= EXTENSION_MAX:
            raise InputError("days", "OUT_OF_RANGE", f"延长天数须在 1 至 {EXTENSION_MAX} 个工作日之间")
        self.extension = Extension(days, text("reason", reason, TEXT_MAX), by, day)
        self.events.append(PetitionExtensionApproved(
            **self._ids(), extension_days=days, requested_on=day, approved_by=by))

    def answer_in_writing(self, answer: str, day: date, by: str) -> None:
        self._open()
        self.answer = text("answer", answer, TEXT_MAX)
        self.status, self.answered_on, self.answered_by = PetitionStatus.ANSWERED, day, by
        self.events.append(PetitionAnswered(**self._ids(), answered_on=day, answered_by=by))
