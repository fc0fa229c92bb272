"""GraphQL for efficiency complaints: registering (anyone, by web; staff, by any channel), the
monitoring office's workflow, the unit's report, lists, and the complainant's own look-up by
number and query code."""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, STAFF, Role, department_scope
from services.kit.void_schema import VoidedNumber
from services.kit.graphql import (
    Connection, InputError, InvalidInput, NotFound, connection, decode_cursor, page_size,
)
from services.kit.lookups import one_per_request

from ..accountability.schema import BreachType
from ..deps import require_department
from ..results import StateConflict, outcome
from . import commands, domain, handlers

Channel = strawberry.enum(Enum("ComplaintChannel", {m.name: m.value for m in domain.Channel}),
                          description="窗口 / 电话 / 网上 / 信件 / 12345 热线 / 现场")
SubjectKind = strawberry.enum(Enum("ComplaintSubjectKind",
                                   {m.name: m.value for m in domain.SubjectKind}))
InvestigationMode = strawberry.enum(Enum("InvestigationMode",
                                         {m.name: m.value for m in domain.InvestigationMode}),
                                    description="直接调查 / 责成被投诉单位调查")
ComplaintStatus = strawberry.enum(Enum("ComplaintStatus",
                                       {m.name: m.value for m in domain.ComplaintStatus}))
Conclusion = strawberry.enum(Enum("ComplaintConclusion",
                                  {m.name: m.value for m in domain.Conclusion}),
                             description="属实 / 部分属实 / 不属实")


@strawberry.type
class ComplaintReply:
    channel: Channel
    content: str
    on: date


@strawberry.type
class Investigation:
    mode: InvestigationMode
    round: int
    ordered_on: date
    report_due_on: date | None
    report: str | None
    reported_on: date | None


@strawberry.type(description="效能投诉 as the office and the complained-about unit read it; the "
                             "complainant's identity is for the office only.")
class Complaint:
    id: strawberry.ID
    number: str
    channel: Channel
    status: ComplaintStatus
    subject_kind: SubjectKind
    subject_ref: str = strawberry.field(description="A case: its id (named by its number or "
                                                    "id when registered)")
    subject_case_number: str | None = strawberry.field(
        description="A case: the number printed on its notices (OW…)")
    department: str
    category: BreachType
    description: str
    occurred_at: datetime | None
    received_on: date
    repeat_of: str | None
    decision_reason: str | None
    investigations: list[Investigation]
    replies: list[ComplaintReply]
    satisfied: bool | None
    conclusion: Conclusion | None
    conclusion_summary: str | None
    anonymous: bool
    complainant_name: str | None = strawberry.field(description="The office only")
    complainant_contact: str | None = strawberry.field(description="The office only")

    @classmethod
    def of(cls, c: domain.Complaint, office: bool) -> "Complaint":
        return cls(
            id=strawberry.ID(c.id), number=c.number, channel=Channel(c.channel.value),
            status=ComplaintStatus(c.status.value), subject_kind=SubjectKind(c.subject.kind.value),
            subject_ref=c.subject.ref, subject_case_number=c.subject.case_number,
            department=c.subject.department,
            category=BreachType(c.category.value), description=c.description,
            occurred_at=c.occurred_at, received_on=c.received_on, repeat_of=c.repeat_of,
            decision_reason=c.decision_reason,
            investigations=[Investigation(mode=InvestigationMode(i.mode.value), round=i.round,
                                          ordered_on=i.ordered_on,
                                          report_due_on=i.report_due_on, report=i.report,
                                          reported_on=i.reported_on) for i in c.investigations],
            replies=_replies(c), satisfied=c.satisfied,
            conclusion=Conclusion(c.conclusion.value) if c.conclusion else None,
            conclusion_summary=c.conclusion_summary, anonymous=c.complainant.anonymous,
            complainant_name=c.complainant.name if office else None,
            complainant_contact=c.complainant.contact if office else None)


def _replies(c: domain.Complaint) -> list[ComplaintReply]:
    return [ComplaintReply(channel=Channel(r.channel.value), content=r.content, on=r.on)
            for r in c.replies]


@strawberry.type(description="What the complainant sees, by number and query code.")
class ComplaintProgress:
    number: str
    status: ComplaintStatus
    status_name: str
    received_on: date
    replies: list[ComplaintReply]
    conclusion: Conclusion | None
    concluded_on: date | None


@strawberry.input
class RegisterComplaintInput:
    channel: Channel
    subject_kind: SubjectKind
    subject_ref: str = strawberry.field(description="Case id or number, staff id, window or "
                                                    "department code")
    subject_department: str = strawberry.field(description="The complained-about unit")
    category: BreachType
    description: str
    anonymous: bool = False
    complainant_name: str | None = None
    complainant_contact: str | None = None
    occurred_at: datetime | None = None
    challenge: str | None = strawberry.field(
        default=None, description="Anonymous (web) complaints: `complaintChallenge.token`")
    solution: str | None = strawberry.field(
        default=None, description="Anonymous (web) complaints: a string whose sha256 of "
                                  "\"<token>:<solution>\" starts with `bits` zero bits")


@strawberry.type(description="A proof of work an anonymous web complaint carries (the page "
                             "computes it in well under a second; a script must too, for each "
                             "complaint).")
class ComplaintChallenge:
    token: str
    bits: int
    expires_at: datetime


@strawberry.type(description="The same complaint was sent again the same day: it joins the "
                             "first, which is handled and answered once.")
class ComplaintJoined:
    number: str | None = strawberry.field(description="The first complaint's number")
    message: str


@strawberry.type
class ComplaintRegistered:
    complaint: Complaint
    query_code: str = strawberry.field(description="Given once: with the number, the "
                                                   "complainant follows the complaint")


@strawberry.type
class ComplaintSaved:
    complaint: Complaint


RegisterResult = Annotated[ComplaintRegistered | ComplaintJoined | InvalidInput,
                           strawberry.union("RegisterComplaintResult")]


def _registered(result, office: bool):
    if isinstance(result, handlers.Joined):
        return ComplaintJoined(number=result.number, message=(
            f"与今天已提交的投诉{result.number or ''}相同，已合并办理，请凭该投诉的编号和查询码查询"))
    complaint, code = result
    return ComplaintRegistered(complaint=Complaint.of(complaint, office), query_code=code)
ComplaintResult = Annotated[ComplaintSaved | InvalidInput | NotFound | StateConflict,
                            strawberry.union("ComplaintResult")]


async def _run(info: Info, call) -> ComplaintResult:
    office = info.context.viewer().has_any(*CENTRE_WIDE)
    return await outcome(call, lambda c: ComplaintSaved(complaint=Complaint.of(c, office)))


@strawberry.type
class ComplaintQuery:
    @strawberry.field(description="The complaint numbers of a centre day that were voided, in "
                                  "order: every other number of the day names one complaint.")
    async def voided_complaint_numbers(self, info: Info, day: date, department: str | None = None
                                       ) -> list[VoidedNumber]:
        viewer = info.context.require(*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
        department = department_scope(viewer, department)
        voids = await info.context.deps.store.voided_complaint_numbers.of_day(day, department)
        return [VoidedNumber.of(v) for v in voids]

    @strawberry.field(description="Complaints, newest first: the office sees all, a "
                                  "department head their department's.")
    async def complaints(self, info: Info, department: str | None = None,
                         status: ComplaintStatus | None = None,
                         category: BreachType | None = None, first: int = 20,
                         after: str | None = None) -> Connection[Complaint]:
        viewer = info.context.require(*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
        office = viewer.has_any(*CENTRE_WIDE)
        department = department_scope(viewer, department)
        size = page_size(first)
        found = await info.context.deps.store.complaints_listed(
            department, status.value if status else None, category.value if category else None,
            decode_cursor(after), size + 1)
        return connection([Complaint.of(c, office) for c in found], [c.number for c in found],
                          size)

    @strawberry.field
    async def complaint(self, info: Info, id: strawberry.ID) -> Complaint | None:
        viewer = info.context.require(*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
        found = await info.context.deps.store.complaints.get(str(id))
        if found is None:
            return None
        require_department(viewer, found.subject.department)
        return Complaint.of(found, viewer.has_any(*CENTRE_WIDE))

    @strawberry.field(description="Public: a challenge to solve before an anonymous web "
                                  "complaint (proof of work, valid ten minutes, used once).")
    def complaint_challenge(self, info: Info) -> ComplaintChallenge:
        c = info.context.deps.challenges.issue(info.context.deps.clock.now())
        return ComplaintChallenge(token=c.token, bits=c.bits, expires_at=c.expires_at)

    @strawberry.field(description="The complainant follows their complaint without an "
                                  "account; null for a wrong number or code.")
    async def complaint_progress(self, info: Info, number: str,
                                 query_code: str) -> ComplaintProgress | None:
        info.context.viewer()
        if len(number) > 64 or len(query_code) > 64:
            raise InputError("queryCode", "TOO_LONG", "投诉编号或查询码过长")
        one_per_request(info.context)
        c = await handlers.complaint_for_complainant(number, query_code, info.context.deps,
                                                     info.context.client)
        if c is None:
            return None
        return ComplaintProgress(number=c.number, status=ComplaintStatus(c.status.value),
                                 status_name=domain.STATUS_NAMES[c.status],
                                 received_on=c.received_on, replies=_replies(c),
                                 conclusion=Conclusion(c.conclusion.value) if c.conclusion
                                 else None, concluded_on=c.concluded_on)


@strawberry.type
class ComplaintMutation:
    @strawberry.mutation(description="Register a complaint; anonymous callers by web only.")
    async def register_complaint(self, info: Info,
                                 input: RegisterComplaintInput) -> RegisterResult:
        viewer = info.context.viewer()
        if not viewer.is_anonymous:
            viewer.require(*STAFF)
        cmd = commands.RegisterComplaint(
            channel=input.channel.value, subject_kind=input.subject_kind.value,
            subject_ref=input.subject_ref, subject_department=input.subject_department,
            category=input.category.value, description=input.description,
            anonymous=input.anonymous, complainant_name=input.complainant_name,
            complainant_contact=input.complainant_contact, occurred_at=input.occurred_at,
            challenge=input.challenge, solution=input.solution, client=info.context.client)
        office = viewer.has_any(*CENTRE_WIDE)
        return await outcome(handlers.register_complaint(cmd, info.context.deps, viewer),
                             lambda r: _registered(r, office))

    @strawberry.mutation(description="The office accepts, or declines with reasons (the "
                                     "complainant is answered).")
    async def decide_complaint(self, info: Info, id: strawberry.ID, accept: bool,
                               reason: str | None = None,
                               reply_channel: Channel = Channel.PHONE,  # type: ignore
                               ) -> ComplaintResult:
        cmd = commands.DecideComplaint(id, accept, reason, reply_channel.value)
        return await _run(info, handlers.decide_complaint(cmd, info.context.deps,
                                                          info.context.viewer()))

    @strawberry.mutation(description="Investigate directly, or order the unit to report by a "
                                     "date (002 三-(三)-3(2)).")
    async def order_investigation(self, info: Info, id: strawberry.ID,
                                  mode: InvestigationMode,
                                  report_due_on: date | None = None) -> ComplaintResult:
        cmd = commands.OrderInvestigation(id, mode.value, report_due_on)
        return await _run(info, handlers.order_investigation(cmd, info.context.deps,
                                                             info.context.viewer()))

    @strawberry.mutation(description="The investigation's report: the unit's (its head), or "
                                     "the office's own.")
    async def record_complaint_report(self, info: Info, id: strawberry.ID,
                                      report: str) -> ComplaintResult:
        cmd = commands.RecordReport(id, report)
        return await _run(info, handlers.record_report(cmd, info.context.deps,
                                                       info.context.viewer()))

    @strawberry.mutation(description="The reply to the complainant (channel, content).")
    async def reply_to_complainant(self, info: Info, id: strawberry.ID, channel: Channel,
                                   content: str) -> ComplaintResult:
        cmd = commands.ReplyToComplainant(id, channel.value, content)
        return await _run(info, handlers.reply_to_complainant(cmd, info.context.deps,
                                                              info.context.viewer()))

    @strawberry.mutation(description="The complainant's verdict; not satisfied: re-investigate.")
    async def record_complaint_verdict(self, info: Info, id: strawberry.ID,
                                       satisfied: bool) -> ComplaintResult:
        cmd = commands.RecordVerdict(id, satisfied)
        return await _run(info, handlers.record_verdict(cmd, info.context.deps,
                                                        info.context.viewer()))

    @strawberry.mutation(description="The final conclusion: substantiated, partly, not.")
    async def conclude_complaint(self, info: Info, id: strawberry.ID, conclusion: Conclusion,
                                 summary: str) -> ComplaintResult:
        cmd = commands.ConcludeComplaint(id, conclusion.value, summary)
        return await _run(info, handlers.conclude_complaint(cmd, info.context.deps,
                                                            info.context.viewer()))

    @strawberry.mutation(description="Extend the 15-working-day handling limit (approved).")
    async def extend_complaint(self, info: Info, id: strawberry.ID,
                               days: int) -> ComplaintResult:
        cmd = commands.ExtendComplaint(id, days)
        return await _run(info, handlers.extend_complaint(cmd, info.context.deps,
                                                          info.context.viewer()))
