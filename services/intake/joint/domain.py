"""Joint cases (联办件: 001 辦件管理辦法 三, 聯審會議). Pure.

The lead department (the item's) accepts; each co-department the catalogue names is notified at
once and gives a written opinion within 5 working days of the notice (001 联办件 §4: the
deadlines service's `joint_opinion` clock, per department). A joint review meeting can be
recorded (attendees, minutes); a department notified that neither attended nor answered is
recorded as agreeing (001 聯審會議 §4: 视为同意). The lead department decides from the
opinions: not before every department asked has one, and no opinion is taken after.

Here the values and the rules; `CaseJoint` (cases/joint_steps.py) applies them to a case and
records the events.
"""

from dataclasses import dataclass, replace
from datetime import date

from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, TEXT_MAX, text

from ..case_states import CaseStateError
from ..catalogue.domain import CaseKind, ItemElements

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

    def with_opinion(self, department: str, agrees: bool, opinion: str, day: date,
                     by: str) -> tuple["JointReview", JointOpinion]:
        """A co-department's written opinion: once, and only from a department asked."""
        if department not in self.asked:
            raise CaseStateError("JOINT_NOT_ASKED", "该部门未被征求意见")
        if self.opinion_of(department) is not None:
            raise CaseStateError("JOINT_OPINION_GIVEN", "该部门已出具意见")
        given = JointOpinion(department, agrees, text("opinion", opinion, TEXT_MAX), day, by)
        return replace(self, opinions=(*self.opinions, given)), given

    def with_meeting(self, held_on: date, attendees: list[str], minutes: str, day: date,
                     by: str) -> tuple["JointReview", JointMeeting]:
        """A joint review meeting: a department asked that neither attended nor answered is
        recorded as agreeing (001 聯審會議 §4: 视为同意)."""
        if held_on > day:
            raise InputError("heldOn", "DATE_IN_FUTURE", "会议日期不能晚于今天")
        if held_on < self.notified_on:
            raise InputError("heldOn", "BEFORE_NOTICE", "会议日期不能早于联办通知日期")
        if len(attendees) > ATTENDEES_MAX:
            raise InputError("attendees", "TOO_MANY", f"参会部门不超过 {ATTENDEES_MAX} 个")
        present = tuple(dict.fromkeys(text(f"attendees[{i}]", a, SHORT_MAX)
                                      for i, a in enumerate(attendees)))
        unknown = [a for a in present if a not in (*self.asked, self.lead)]
        if unknown:
            raise InputError("attendees", "NOT_INVOLVED", "参会部门须为牵头部门或被征求意见的部门："
                             + "、".join(unknown))
        silent = tuple(d for d in self.pending if d not in present)
        meeting = JointMeeting(held_on, present, text("minutes", minutes, TEXT_MAX), by, silent)
        deemed = tuple(JointOpinion(d, True, "未出席联审会议亦未答复，视为同意（001 联审会议 §4）",
                                    day, by, deemed=True) for d in silent)
        return replace(self, opinions=(*self.opinions, *deemed),
                       meetings=(*self.meetings, meeting)), meeting


def joint_review(elements: ItemElements, lead: str, day: date) -> JointReview | None:
    """At acceptance: a joint item asks each co-department the catalogue names."""
    if elements.case_kind is not CaseKind.JOINT or not elements.co_departments:
        return None
    return JointReview(lead, tuple(elements.co_departments), day)
