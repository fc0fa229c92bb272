"""The case's joint steps (联办件: 001 辦件管理辦法 三, 聯審會議): at acceptance every
co-department is asked for its opinion; opinions and meetings are recorded; the lead decides
only when all are in. The rules are joint/domain.py's."""

from datetime import date

from ..case_states import CaseStateError, CaseStatus
from ..joint.domain import OPINION_LIMIT_WORKING_DAYS, JointMeeting, JointOpinion, JointReview, joint_review
from ..joint.events import JointMeetingRecorded, JointOpinionGiven, JointOpinionRequested
from .record import CaseRecord


class CaseJoint(CaseRecord):
    def _joint_ids(self, department: str) -> dict:
        return {"case_id": self.id, "case_number": self.case_number, "department": department,
                "lead_department": self.department, "service_item_code": self.item.code}

    def _notify_co_departments(self, day: date) -> None:
        """At acceptance of a joint item: every co-department is asked for its opinion."""
        if self.joint is not None:
            return
        self.joint = joint_review(self.item.elements, self.department, day)
        if self.joint is None:
            return
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
        self.joint, given = self._joint_open().with_opinion(department, agrees, opinion, day,
                                                            by)
        self.joint_awaiting = self.joint.pending_tuple()
        self.events.append(JointOpinionGiven(**self._joint_ids(department), given_on=day,
                                             agrees=agrees, deemed=False))
        return given

    def record_joint_meeting(self, held_on: date, attendees: list[str], minutes: str,
                             day: date, by: str) -> JointMeeting:
        joint = self._joint_open()
        self.joint, meeting = joint.with_meeting(held_on, attendees, minutes, day, by)
        self.joint_awaiting = self.joint.pending_tuple()
        self.events.append(JointMeetingRecorded(
            **self._joint_ids(joint.lead), held_on=held_on, attendees=list(meeting.attendees),
            deemed_agreeing=list(meeting.deemed_agreeing), recorded_on=day))
        for d in meeting.deemed_agreeing:
            self.events.append(JointOpinionGiven(**self._joint_ids(d), given_on=day,
                                                 agrees=True, deemed=True))
        return meeting

    def _check_joint_opinions_in(self) -> None:
        """The lead decides from the opinions: all of them."""
        if self.joint is not None and self.joint.pending:
            raise CaseStateError("JOINT_OPINIONS_PENDING",
                                 "尚有协办部门未出具意见：" + "、".join(self.joint.pending))
