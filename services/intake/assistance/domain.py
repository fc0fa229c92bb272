"""Assisted and proxy handling (帮办代办: 000 导办帮办制, 003 帮办代办制 and 上门办理制, 004
帮办代办制度). Pure.

An applicant asks the 帮办代办 window for help with an item: guidance (导办), assisted handling
(帮办: the helper prepares the materials with them and goes with them to the window), full proxy
(代办: the helper handles it all after the materials are handed over) or a home visit (上门办)
for elderly, disabled, sick or pregnant applicants. The ledger (004 台账) records the item, the
applicant, the helper, the kind, the request, acceptance and completion times and the status;
the helper acts for the applicant on the case it is linked to; the applicant rates the help
after completion. Free of charge (004 一).
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime

from services.kit.codec import transient
from services.kit.domain import DomainEvent, RuleBroken
from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, TEXT_MAX, choice, text

from ..ratings.domain import COMMENT_MAX, RatingLevel
from .events import AssistAccepted, AssistCompleted, AssistRequested


class AssistKind(enum.StrEnum):
    GUIDANCE = "guidance"  # 导办
    ASSISTED = "assisted"  # 帮办
    FULL_PROXY = "full_proxy"  # 代办
    HOME_VISIT = "home_visit"  # 上门办


class SpecialGroup(enum.StrEnum):
    """老、弱、病、残、孕 (004 二): who may ask for a home visit."""
    ELDERLY = "elderly"
    DISABLED = "disabled"
    SICK = "sick"
    PREGNANT = "pregnant"


class AssistStatus(enum.StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"  # a helper took it
    COMPLETED = "completed"


KIND_NAMES = {AssistKind.GUIDANCE: "导办", AssistKind.ASSISTED: "帮办",
              AssistKind.FULL_PROXY: "代办", AssistKind.HOME_VISIT: "上门办"}
STATUS_NAMES = {AssistStatus.REQUESTED: "已申请", AssistStatus.ACCEPTED: "办理中",
                AssistStatus.COMPLETED: "已办结"}


class AssistError(RuleBroken):
    """A step out of order, or by someone it is not for."""


@dataclass(frozen=True)
class AssistInput:
    """A request as made at the window or by phone, checked before anything is stored."""
    kind: AssistKind
    special_group: SpecialGroup | None
    applicant_name: str
    applicant_id_number: str
    applicant_contact: str
    request: str

    @classmethod
    def validate(cls, kind: str, special_group: str | None, name: str, id_number: str,
                 contact: str, request: str) -> "AssistInput":
        k = choice("kind", AssistKind, kind)
        group = choice("specialGroup", SpecialGroup, special_group) if special_group else None
        if k is AssistKind.HOME_VISIT and group is None:
            raise InputError("specialGroup", "REQUIRED",
                             "上门办理限老、弱、病、残、孕等特殊群体，须写明情形")
        number = text("applicant.idNumber", id_number, SHORT_MAX).upper()
        return cls(k, group, text("applicant.name", name, SHORT_MAX), number,
                   text("applicant.contact", contact, SHORT_MAX), text("request", request,
                                                                        TEXT_MAX))


@dataclass(frozen=True)
class HelpRating:
    level: RatingLevel
    comment: str | None
    on: date


@dataclass
class Assistance:
    id: str
    item_id: str
    item_code: str
    item_name: str
    department: str  # the item's
    kind: AssistKind
    special_group: SpecialGroup | None
    applicant_name: str
    applicant_id_number: str
    applicant_contact: str
    request: str
    requested_at: datetime
    requested_on: date
    recorded_by: str
    status: AssistStatus = AssistStatus.REQUESTED
    helper: str | None = None
    accepted_at: datetime | None = None
    completed_at: datetime | None = None
    case_id: str | None = None
    outcome: str | None = None
    rating: HelpRating | None = None
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    def _ids(self) -> dict:
        return {"assistance_id": self.id, "kind": self.kind.value,
                "service_item_code": self.item_code, "department": self.department}

    @classmethod
    def request_help(cls, given: AssistInput, assistance_id: str, item, at: datetime,
                     day: date, by: str) -> "Assistance":
        a = cls(assistance_id, item.id, item.code, item.published.name, item.department,
                given.kind, given.special_group, given.applicant_name,
                given.applicant_id_number, given.applicant_contact, given.request, at, day, by)
        a.events.append(AssistRequested(
            **a._ids(), special_group=given.special_group.value if given.special_group
            else None, requested_on=day, requested_at=at))
        return a

    def take(self, helper: str, at: datetime) -> None:
        """A helper takes the request (首问负责: it is theirs to the end)."""
        if self.status is not AssistStatus.REQUESTED:
            raise AssistError("ASSIST_WRONG_STATE", f"该帮办代办当前状态为“{STATUS_NAMES[self.status]}”")
        self.status, self.helper, self.accepted_at = AssistStatus.ACCEPTED, helper, at
        self.events.append(AssistAccepted(**self._ids(), helper=helper, accepted_at=at))

    def _by_helper(self, by: str) -> None:
        if self.status is not AssistStatus.ACCEPTED:
            raise AssistError("ASSIST_WRONG_STATE", f"该帮办代办当前状态为“{STATUS_NAMES[self.status]}”")
        if by != self.helper:
            raise AssistError("NOT_THE_HELPER", "只有承接的帮办代办员可以办理此步骤")

    def link_case(self, case_id: str, case_applicant_id: str, case_item_id: str,
                  by: str) -> bool:
        """The case the helper handles for the applicant; False when linked before."""
        self._by_helper(by)
        if self.case_id == case_id:
            return False
        if self.case_id is not None:
            raise AssistError("CASE_ALREADY_LINKED", "已关联其他办件")
        if case_applicant_id != self.applicant_id_number or case_item_id != self.item_id:
            raise AssistError("NOT_THIS_APPLICANTS_CASE", "办件的申请人或事项与帮办代办登记不符")
        self.case_id = case_id
        return True

    def complete(self, outcome: str, at: datetime, day: date, by: str) -> None:
        self._by_helper(by)
        self.outcome = text("outcome", outcome, TEXT_MAX)
        self.status, self.completed_at = AssistStatus.COMPLETED, at
        self.events.append(AssistCompleted(**self._ids(), helper=by, case_id=self.case_id,
                                           completed_on=day, completed_at=at))

    def rate(self, level: str, comment: str | None, day: date, by_id_number: str) -> None:
        """The applicant rates the help, once, after completion (004 四)."""
        if by_id_number != self.applicant_id_number:
            raise AssistError("NOT_YOUR_ASSISTANCE", "只有申请人本人可以评价")
        if self.status is not AssistStatus.COMPLETED:
            raise AssistError("ASSIST_NOT_COMPLETED", "帮办代办办结后才能评价")
        if self.rating is not None:
            raise AssistError("ALREADY_RATED", "已评价")
        self.rating = HelpRating(choice("level", RatingLevel, level),
                                 text("comment", comment, COMMENT_MAX, required=False) or None,
                                 day)
