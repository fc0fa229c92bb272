"""Handlers of the case's steps after acceptance, each a command applied through
`change_case`: the review chain's opinions and hand-overs (review/), special procedures,
extensions and delays (procedures/), delivery and withdrawal (delivery/), joint opinions and
meetings (joint/), the applicant's ratings (ratings/)."""

from datetime import date, timedelta

from services.kit.auth import CENTRE_WIDE, AuthError, Principal, Role
from services.kit.clock import centre_date
from services.kit.domain import InputError

from ..case_states import CaseStateError
from ..deps import Deps, act_for_department
from ..delivery import commands as delivery_commands
from ..delivery.domain import DeliveryInput
from ..directory.domain import Department, StaffMember, decides_item
from ..joint import commands as joint_commands
from ..procedures import commands as procedures_commands
from ..ratings import commands as ratings_commands
from ..review import commands as review_commands
from ..review.domain import (
    POSITION_NAMES, Awaiting, OpinionInput, Review, Reviewer, ReviewError,
)
from .domain import Case
from .handlers import change_case, roster_of, unattended_change

OPINION_GIVERS = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD)


# -- review --------------------------------------------------------------------------
def _decides(member: StaffMember, department: Department | None, case: Case, day: date) -> bool:
    return decides_item(member, department, case.item.code, case.item.elements.decision_level,
                        day)


def _reviewer(principal: Principal, members: list[StaffMember], department: Department | None,
              case: Case, review: Review, day: date) -> Reviewer:
    """The caller as the awaited step sees them: in their own right, or as the B of an A who
    is away today and whom the step is addressed to (A/B post, 000 岗位责任制 §3)."""
    by_id = {m.id: m for m in members}
    me = by_id.get(principal.subject or "")
    if me is None:
        raise AuthError("FORBIDDEN", "您不在本部门工作人员名录中，不能签署审批意见")
    own = Reviewer(me.id, me.name, me.department, me.position, _decides(me, department, case, day))
    try:
        review.check(own)
        return own
    except ReviewError:
        pass  # the caller may still act for an absent A
    for holder in members:
        absence = holder.absence_on(day)
        if absence is None or absence.backup_id != me.id:
            continue
        acting = Reviewer(me.id, me.name, me.department, holder.position,
                          _decides(holder, department, case, day), acting_for=holder.id)
        if review.awaiting is Awaiting.HANDLER and holder.id != review.handler_id:
            continue
        try:
            review.check(acting)
            return acting
        except ReviewError:
            continue
    return own  # the domain says why not


async def record_opinion(cmd: review_commands.RecordOpinion, deps: Deps,
                         principal: Principal) -> Case:
    opinion = OpinionInput.validate(cmd.verdict, list(cmd.reasons), cmd.legal_basis,
                                    cmd.applicant_disagrees)

    async def decide(case: Case, now, day, actor) -> None:
        department = await deps.store.departments.get(case.department)
        members = await deps.store.department_staff(case.department)
        review = case.review_in_progress()
        who = _reviewer(principal, members, department, case, review, day)
        case.record_opinion(who, opinion, now, day, roster_of(case, members, department, day),
                            actor)

    return await change_case(cmd.case_id, deps, principal, decide)


async def hand_over_case(cmd: review_commands.HandOverCase, deps: Deps, principal: Principal) -> Case:
    target = await deps.store.staff.get(cmd.to_staff)
    if target is None:
        raise InputError("toStaff", "UNKNOWN_STAFF", f"名录中没有工作人员 {cmd.to_staff}")

    async def decide(case: Case, now, day, actor) -> None:
        case.hand_over(target.id, target.department, cmd.limit, cmd.note, now, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)


# -- procedures ----------------------------------------------------------------------
async def start_special_procedure(cmd: procedures_commands.StartSpecialProcedure, deps: Deps,
                                  principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.start_special_procedure(cmd.kind, cmd.reason, cmd.expected_days, now, day, actor)

    return await change_case(cmd.case_id, deps, principal, decide)


async def finish_special_procedure(cmd: procedures_commands.FinishSpecialProcedure, deps: Deps,
                                   principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.finish_special_procedure(cmd.outcome, now, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)


async def request_extension(cmd: procedures_commands.RequestExtension, deps: Deps,
                            principal: Principal) -> Case:
    """A request after the due date is stored as refused (and announced), then reported to
    the caller as EXTENSION_TOO_LATE."""
    async def decide(case: Case, now, day, actor) -> None:
        case.request_extension(cmd.days, cmd.reasons, now, day, actor.id)

    case = await change_case(cmd.case_id, deps, principal, decide)
    if case.extensions[-1].refused_late:
        raise CaseStateError("EXTENSION_TOO_LATE",
                             f"承诺办结日期 {case.due_on} 已过，延期须在时限内申请；本次申请已记录为逾期")
    return case


async def approve_extension(cmd: procedures_commands.ApproveExtension, deps: Deps,
                            principal: Principal) -> Case:
    forecasts: dict = {}

    async def decide(case: Case, now, day, actor) -> None:
        member = await deps.store.staff.get(principal.subject or "")
        department = await deps.store.departments.get(case.department)
        e = case.item.elements
        if member is None or member.department != case.department or not decides_item(
                member, department, case.item.code, e.decision_level, day):
            members = await deps.store.department_staff(case.department)
            who = [m.name for m in members
                   if decides_item(m, department, case.item.code, e.decision_level, day)]
            raise CaseStateError(
                "NO_DECISION_AUTHORITY",
                f"本事项的延期须由{POSITION_NAMES[e.decision_level]}或以上（或获授权的首席审批员）"
                f"批准" + (f"，本部门可批准的人员：{'、'.join(who[:10])}" if who else ""))
        pending = case.pending_extension
        new_due = None
        if pending is not None and case.due_on is not None:
            key = (case.due_on, pending.days)
            if key not in forecasts:
                forecasts[key] = await deps.forecast(case.due_on, pending.days, "working_days")
            new_due = forecasts[key]
        case.approve_extension(new_due and new_due.due_on, now, day, actor,
                               provisional=bool(new_due and new_due.provisional))

    return await change_case(cmd.case_id, deps, principal, decide)


async def record_applicant_delay(cmd: procedures_commands.RecordApplicantDelay, deps: Deps,
                                 principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.record_applicant_delay(cmd.kind, cmd.evidence, cmd.expected_on, now, day,
                                    actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)


# -- delivery ------------------------------------------------------------------------
async def deliver_result(cmd: delivery_commands.DeliverResult, deps: Deps, principal: Principal) -> Case:
    how = DeliveryInput.validate(cmd.method, cmd.window, cmd.notified_via, cmd.address,
                                 cmd.carrier, cmd.tracking_number)

    async def decide(case: Case, now, day, actor) -> None:
        case.deliver(how, now, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)


async def record_delivery(cmd: delivery_commands.RecordDelivery, deps: Deps, principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.record_delivery(cmd.delivered_on, now, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)


async def withdraw_application(cmd: delivery_commands.WithdrawApplication, deps: Deps,
                               principal: Principal) -> Case:
    """The applicant withdraws, themselves or through the window (on their written request)."""
    async def decide(case: Case, now, day, actor) -> None:
        if principal.has_any(Role.APPLICANT) and principal.subject == case.applicant.id_number:
            pass
        elif case.acts_for_applicant(principal.subject):
            pass  # the 代办员 acts for the applicant
        elif principal.has_any(Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.ADMIN):
            act_for_department(principal, case.department)
        else:
            raise AuthError("FORBIDDEN", "只有申请人本人或受理部门的窗口可以撤回申请")
        case.withdraw(cmd.reason, now, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


# -- joint ---------------------------------------------------------------------------
async def give_joint_opinion(cmd: joint_commands.GiveJointOpinion, deps: Deps,
                             principal: Principal) -> Case:
    """For the caller's own department, which must be one asked."""
    principal.require(*OPINION_GIVERS)
    if not principal.department:
        raise AuthError("FORBIDDEN", "令牌未注明部门")

    async def decide(case: Case, now, day, actor) -> None:
        case.give_joint_opinion(principal.department, cmd.agrees, cmd.opinion, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


async def record_joint_meeting(cmd: joint_commands.RecordJointMeeting, deps: Deps,
                               principal: Principal) -> Case:
    """联审会议由“中心”主持 (001): the centre, or the lead department's staff."""
    async def decide(case: Case, now, day, actor) -> None:
        if not principal.has_any(*CENTRE_WIDE):
            principal.require(*OPINION_GIVERS, Role.ADMIN)
            act_for_department(principal, case.department)
        case.record_joint_meeting(cmd.held_on, list(cmd.attendees), cmd.minutes, day,
                                  actor.id)

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


# -- ratings -------------------------------------------------------------------------
def _the_applicant(principal: Principal, case: Case) -> None:
    if not (principal.has_any(Role.APPLICANT) and principal.subject == case.applicant.id_number):
        raise AuthError("FORBIDDEN", "只有申请人本人可以评价自己的办件")


async def rate_case(cmd: ratings_commands.RateCase, deps: Deps, principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        _the_applicant(principal, case)
        case.rate(cmd.level, cmd.comment, now, day)

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


async def rate_follow_up(cmd: ratings_commands.RateFollowUp, deps: Deps, principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        _the_applicant(principal, case)
        case.rate_follow_up(cmd.level, cmd.comment, now, day)

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


async def give_default_ratings(deps: Deps) -> int:
    """Every completed case unrated for the policy's days receives the default, once."""
    now = deps.clock.now()
    today = centre_date(now)
    policy = deps.rating_policy
    given = 0
    for found in await deps.store.unrated_before(today - timedelta(days=policy.default_after_days)):
        given += await unattended_change(
            found.id, deps, lambda case: case.give_default_rating(policy, now, today), "system")
    if given:
        deps.events_written()
    return given
