"""GraphQL types of joint cases (联办件): what each department asked said, the joint review
meetings; the opinion and meeting mutations are cases/step_schema.py's."""

from datetime import date

import strawberry


from . import domain


@strawberry.type(description="A department asked for its written opinion (5 working days).")
class JointDepartment:
    department: str
    agrees: bool | None = strawberry.field(description="Null while awaited")
    opinion: str | None
    given_on: date | None
    given_by: str | None
    deemed: bool = strawberry.field(description="Silent at the meeting: recorded as agreeing")


@strawberry.type(description="联审会议")
class JointMeeting:
    held_on: date
    attendees: list[str]
    minutes: str
    recorded_by: str
    deemed_agreeing: list[str]


@strawberry.type(description="联办件: the lead department and the departments asked.")
class JointReview:
    lead: str
    notified_on: date
    departments: list[JointDepartment]
    meetings: list[JointMeeting]
    pending: list[str] = strawberry.field(description="Departments whose opinion is awaited")

    @classmethod
    def of(cls, j: domain.JointReview) -> "JointReview":
        def asked(d: str) -> JointDepartment:
            o = j.opinion_of(d)
            return JointDepartment(department=d, agrees=o.agrees if o else None,
                                   opinion=o.opinion if o else None,
                                   given_on=o.given_on if o else None,
                                   given_by=o.given_by if o else None,
                                   deemed=bool(o and o.deemed))
        return cls(lead=j.lead, notified_on=j.notified_on,
                   departments=[asked(d) for d in j.asked],
                   meetings=[JointMeeting(held_on=m.held_on, attendees=list(m.attendees),
                                          minutes=m.minutes, recorded_by=m.recorded_by,
                                          deemed_agreeing=list(m.deemed_agreeing))
                             for m in j.meetings],
                   pending=j.pending)
