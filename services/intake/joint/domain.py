"""Joint cases (联办件: 001 辦件管理辦法 三, 聯審會議). Pure.

The lead department (the item's) accepts; each co-department the catalogue names is notified at
once and gives a written opinion within 5 working days of the notice (001 联办件 §4: the
deadlines service's `joint_opinion` clock, per department). A joint review meeting can be
recorded (attendees, minutes); a department notified that neither attended nor answered is
recorded as agreeing (001 聯審會議 §4: 视为同意). The lead department decides from the
opinions: not before every department asked has one, and no opinion is taken after.

`CaseJoint` holds these steps of `Case`.
"""

from dataclasses import dataclass
from datetime import date

from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, TEXT_MAX, text

from ..catalogue.domain import CaseKind
from ..cases.states import CaseStateError, CaseStatus
from .events import JointMeetingRecorded, JointOpinionGiven, JointOpinionRequested

OPINION_LIMIT_WORKING_DAYS = 5  # 001 联办件 §4
ATTENDEES_MAX = 50


@dataclass(frozen=True)
class JointOpinion:
    department: str
    agrees: bool
    opinion: str
    given_on: date
    given_by: str
    deemed: bool = False  # silent at the meeting: recorded as agreeing


@dataclass(frozen=True)
class JointMeeting:
    held_on: date
    attendees: tuple[str, ...]  # departments
    minutes: str
    recorded_by: str
    deemed_agreeing: tuple[str, ...]


@dataclass(frozen=True)
class JointReview:
    lead: str
    asked: tuple[str, ...]
    notified_on: date
    opinions: tuple[JointOpinion, ...] = ()
    meetings: tuple[JointMeeting, ...] = ()

    def opinion_of(self, department: str) -> JointOpinion | None:
        return next((o for o in self.opinions if o.department == department), None)

    @property
    def pending(self) -> list[str]:
        return [d for d in self.asked if self.opinion_of(d) is None]

    def pending_tuple(self) -> tuple[str, ...]:
        return tuple(self.pending)


class CaseJoint:
    """The joint steps of `Case` (see cases/domain.py for the fields they use)."""

    def _joint_ids(self, department: str) -> dict:
        return {"case_id": self.id, "case_number": self.case_number, "department": department,
                "lead_department": self.department, "service_item_code": self.item.code}

    def _notify_co_departments(self, day: date) -> None:
        """At acceptance of a joint item: every co-department is asked for its opinion."""
        e = self.item.elements
        if e.case_kind is not CaseKind.JOINT or not e.co_departments or self.joint is not None:
            return
        self.joint = JointReview(self.department, tuple(e.co_departments), day)
        self.joint_awaiting = self.joint.pending_tuple()
        for department in self.joint.asked:
            self.events.append(JointOpinionRequested(
                **self._joint_ids(department), notified_on=day,
                limit=OPINION_LIMIT_WORKING_DAYS, unit="working_days"))

    def _joint_open(self) -> JointReview:
        if self.joint is None:
            raise CaseStateError("NOT_JOINT", "该办件不是联办件")
        if self.decided_on is not None or self.status not in (CaseStatus.ACCEPTED,
                                                              CaseStatus.SUSPENDED):
            raise CaseStateError("JOINT_DECIDED", "联办件已作出决定，不再接收意见")
        return self.joint

    def give_joint_opinion(self, department: str, agrees: bool, opinion: str, day: date,
                           by: str) -> JointOpinion:
        joint = self._joint_open()
        if department not in joint.asked:
            raise CaseStateError("JOINT_NOT_ASKED", "该部门未被征求意见")
        if joint.opinion_of(department) is not None:
            raise CaseStateError("JOINT_OPINION_GIVEN", "该部门已出具意见")
        given = JointOpinion(department, agrees, text("opinion", opinion, TEXT_MAX), day, by)
        self.joint = JointReview(joint.lead, joint.asked, joint.notified_on,
                                 (*joint.opinions, given), joint.meetings)
        self.joint_awaiting = self.joint.pending_tuple()
        self.events.append(JointOpinionGiven(**self._joint_ids(department), given_on=day,
                                             agrees=agrees, deemed=False))
        return given

    def record_joint_meeting(self, held_on: date, attendees: list[str], minutes: str,
                             day: date, by: str) -> JointMeeting:
        joint = self._joint_open()
        if held_on > day:
            raise InputError("heldOn", "DATE_IN_FUTURE", "会议日期不能晚于今天")
        if held_on < joint.notified_on:
            raise InputError("heldOn", "BEFORE_NOTICE", "会议日期不能早于联办通知日期")
        if len(attendees) > ATTENDEES_MAX:
            raise InputError("attendees", "TOO_MANY", f"参会部门不超过 {ATTENDEES_MAX} 个")
        present = tuple(dict.fromkeys(text(f"attendees[{i}]", a, SHORT_MAX)
                                      for i, a in enumerate(attendees)))
        unknown = [a for a in present if a not in (*joint.asked, joint.lead)]
        if unknown:
            raise InputError("attendees", "NOT_INVOLVED", "参会部门须为牵头部门或被征求意见的部门："
                             + "、".join(unknown))
        silent = tuple(d for d in joint.pending if d not in present)
        meeting = JointMeeting(held_on, present, text("minutes", minutes, TEXT_MAX), by, silent)
        deemed = tuple(JointOpinion(d, True, "未出席联审会议亦未答复，视为同意（001 联审会议 §4）",
                                    day, by, deemed=True) for d in silent)
        self.joint = JointReview(joint.lead, joint.asked, joint.notified_on,
                                 (*joint.opinions, *deemed), (*joint.meetings, meeting))
        self.joint_awaiting = self.joint.pending_tuple()
        self.events.append(JointMeetingRecorded(
            **self._joint_ids(joint.lead), held_on=held_on, attendees=list(present),
            deemed_agreeing=list(silent), recorded_on=day))
        for d in silent:
            self.events.append(JointOpinionGiven(**self._joint_ids(d), given_on=day,
                                                 agrees=True, deemed=True))
        return meeting

    def _check_joint_opinions_in(self) -> None:
        """The lead decides from the opinions: all of them."""
        if self.joint is not None and self.joint.pending:
            raise CaseStateError("JOINT_OPINIONS_PENDING",
                                 "尚有协办部门未出具意见：" + "、".join(self.joint.pending))
