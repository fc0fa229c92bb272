"""GraphQL of the case's steps after acceptance: the review chain and the work queue
(review/), special procedures and extensions (procedures/), delivery and withdrawal
(delivery/), joint opinions (joint/), ratings (ratings/). Each mutation turns its input into
a command for cases/step_handlers.py; the parts' own types are their schema modules'."""

from datetime import date

import strawberry
from strawberry.types import Info

from services.kit.auth import STAFF, Role
from services.kit.clock import centre_date
from services.kit.domain import InputError
from services.kit.graphql import Connection, connection, decode_cursor, page_size

from ..delivery import commands as delivery_commands
from ..delivery.schema import WINDOW, DeliverResultInput
from ..joint import commands as joint_commands
from ..procedures import commands as procedures_commands
from ..procedures.schema import STAFF_OF_CASE, DelayKind, ProcedureKind
from ..ratings import commands as ratings_commands
from ..ratings.schema import RatingLevel
from ..review import commands as review_commands
from ..review.schema import WINDOW_AND_LEADERS, RecordOpinionInput
from . import step_handlers
from .schema import CaseOutcome, run_case_step
from .types import Case


@strawberry.type
class ReviewQuery:
    @strawberry.field(description="Cases whose awaited step is the caller's, or that of an A "
                                  "the caller stands in for today (B post), by due date.")
    async def my_work_queue(self, info: Info, first: int = 20,
                            after: str | None = None) -> Connection[Case]:
        viewer = info.context.require(*STAFF)
        size = page_size(first)
        deps = info.context.deps
        me = await deps.store.staff.get(viewer.subject)
        ids = [viewer.subject]
        if me is not None:
            today = centre_date(deps.clock.now())
            for member in await deps.store.department_staff(me.department):
                absence = member.absence_on(today)
                if absence and absence.backup_id == me.id:
                    ids.append(member.id)
        cursor = decode_cursor(after)
        position = None
        if cursor:
            due, _, number = cursor.partition("|")
            if not number:
                raise InputError("after", "INVALID_CURSOR", "游标无效")
            position = (due or None, number)
        department = me.department if me is not None else viewer.department
        found = await deps.store.addressed_to(ids, position, size + 1, department)
        return connection([Case.from_domain(c, viewer) for c in found],
                          [f"{c.due_on.isoformat() if c.due_on else ''}|{c.case_number}"
                           for c in found], size)


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(description="The awaited opinion: the handler's, a reviewer's, or the "
                                     "approver's decision. A negative opinion or a disagreement "
                                     "climbs to the next level (否定报备).")
    async def record_opinion(self, info: Info, input: RecordOpinionInput) -> CaseOutcome:
        principal = info.context.require(*WINDOW_AND_LEADERS)
        cmd = review_commands.RecordOpinion(input.case_id, input.verdict.value, list(input.reasons),
                                     input.legal_basis, input.applicant_disagrees)
        return await run_case_step(info, step_handlers.record_opinion(cmd, info.context.deps,
                                                                 principal))

    @strawberry.mutation(description="Hand the handler's step to another window or department; "
                                     "that step's clock starts the next day (001 §8).")
    async def hand_over_case(self, info: Info, case_id: strawberry.ID, to_staff: str,
                             limit: int, note: str | None = None) -> CaseOutcome:
        principal = info.context.require(*WINDOW_AND_LEADERS)
        cmd = review_commands.HandOverCase(case_id, to_staff, limit, note)
        return await run_case_step(info, step_handlers.hand_over_case(cmd, info.context.deps,
                                                                 principal))


@strawberry.type
class ProceduresMutation:
    @strawberry.mutation(description="Start inspection, testing, appraisal, expert review, a "
                                     "hearing...: the clock stops; the applicant is told in "
                                     "writing how long it is expected to take.")
    async def start_special_procedure(self, info: Info, case_id: strawberry.ID,
                                      kind: ProcedureKind, reason: str,
                                      expected_days: int) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = procedures_commands.StartSpecialProcedure(case_id, kind.value, reason, expected_days)
        return await run_case_step(info, step_handlers.start_special_procedure(
            cmd, info.context.deps, principal))

    @strawberry.mutation(description="The special procedure is over: the clock runs again.")
    async def finish_special_procedure(self, info: Info, case_id: strawberry.ID,
                                       outcome: str) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = procedures_commands.FinishSpecialProcedure(case_id, outcome)
        return await run_case_step(info, step_handlers.finish_special_procedure(
            cmd, info.context.deps, principal))

    @strawberry.mutation(description="Ask for an extension before the due date; after it, the "
                                     "request is recorded as late and refused "
                                     "(EXTENSION_TOO_LATE).")
    async def request_extension(self, info: Info, case_id: strawberry.ID, days: int,
                                reasons: str) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = procedures_commands.RequestExtension(case_id, days, reasons)
        return await run_case_step(info, step_handlers.request_extension(
            cmd, info.context.deps, principal))

    @strawberry.mutation(description="Approve the pending extension (decision authority for "
                                     "the item); the applicant is told in writing.")
    async def approve_extension(self, info: Info, case_id: strawberry.ID) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = procedures_commands.ApproveExtension(case_id)
        return await run_case_step(info, step_handlers.approve_extension(
            cmd, info.context.deps, principal))

    @strawberry.mutation(description="The applicant did not come for a required step or to "
                                     "collect the result on the notified date (with evidence).")
    async def record_applicant_delay(self, info: Info, case_id: strawberry.ID,
                                     kind: DelayKind, evidence: str,
                                     expected_on: date) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = procedures_commands.RecordApplicantDelay(case_id, kind.value, evidence, expected_on)
        return await run_case_step(info, step_handlers.record_applicant_delay(
            cmd, info.context.deps, principal))


@strawberry.type
class DeliveryMutation:
    @strawberry.mutation(description="Deliver a decided case's result: made available at the "
                                     "result window with the applicant notified (the case "
                                     "completes), or mailed (it completes when delivered).")
    async def deliver_result(self, info: Info, input: DeliverResultInput) -> CaseOutcome:
        principal = info.context.require(*WINDOW)
        cmd = delivery_commands.DeliverResult(
            input.case_id, input.method.value, input.window,
            input.notified_via.value if input.notified_via else None, input.address,
            input.carrier, input.tracking_number)
        return await run_case_step(info, step_handlers.deliver_result(cmd, info.context.deps,
                                                                 principal))

    @strawberry.mutation(description="A mailed result was delivered: the case completes.")
    async def record_delivery(self, info: Info, case_id: strawberry.ID,
                              delivered_on: date) -> CaseOutcome:
        principal = info.context.require(*WINDOW)
        cmd = delivery_commands.RecordDelivery(case_id, delivered_on)
        return await run_case_step(info, step_handlers.record_delivery(cmd, info.context.deps,
                                                                  principal))

    @strawberry.mutation(description="The applicant withdraws the application (themselves, or "
                                     "through the window): closed without a decision.")
    async def withdraw_application(self, info: Info, case_id: strawberry.ID,
                                   reason: str) -> CaseOutcome:
        principal = info.context.require(*WINDOW, Role.APPLICANT, Role.HELPER)
        cmd = delivery_commands.WithdrawApplication(case_id, reason)
        return await run_case_step(info, step_handlers.withdraw_application(cmd, info.context.deps,
                                                                       principal))


@strawberry.type
class JointMutation:
    @strawberry.mutation(description="A co-department's written opinion on a joint case (its "
                                     "own staff; once; not after the decision).")
    async def give_joint_opinion(self, info: Info, case_id: strawberry.ID, agrees: bool,
                                 opinion: str) -> CaseOutcome:
        principal = info.context.require(*STAFF)
        cmd = joint_commands.GiveJointOpinion(case_id, agrees, opinion)
        return await run_case_step(info, step_handlers.give_joint_opinion(cmd, info.context.deps,
                                                                     principal))

    @strawberry.mutation(description="联审会议: attendees (departments) and minutes; a department "
                                     "asked that neither attended nor answered is recorded as "
                                     "agreeing (001 联审会议 §4).")
    async def record_joint_meeting(self, info: Info, case_id: strawberry.ID, held_on: date,
                                   attendees: list[str], minutes: str) -> CaseOutcome:
        principal = info.context.require(*STAFF)
        cmd = joint_commands.RecordJointMeeting(case_id, held_on, minutes, list(attendees))
        return await run_case_step(info, step_handlers.record_joint_meeting(cmd, info.context.deps,
                                                                       principal))


@strawberry.type
class RatingMutation:
    @strawberry.mutation(description="The applicant rates their completed case, once.")
    async def rate_case(self, info: Info, case_id: strawberry.ID, level: RatingLevel,
                        comment: str | None = None) -> CaseOutcome:
        principal = info.context.require(Role.APPLICANT)
        cmd = ratings_commands.RateCase(case_id, level.value, comment)
        return await run_case_step(info, step_handlers.rate_case(cmd, info.context.deps, principal))

    @strawberry.mutation(description="One more rating after the first (追评), e.g. of how a "
                                     "poor rating was followed up.")
    async def rate_follow_up(self, info: Info, case_id: strawberry.ID, level: RatingLevel,
                             comment: str | None = None) -> CaseOutcome:
        principal = info.context.require(Role.APPLICANT)
        cmd = ratings_commands.RateFollowUp(case_id, level.value, comment)
        return await run_case_step(info, step_handlers.rate_follow_up(cmd, info.context.deps,
                                                                 principal))
