"""Handlers for the review chain: an opinion at the awaited step (with the A/B post applied),
and the hand-over of the handler's step to another window or department."""

from datetime import date

from services.kit.auth import AuthError, Principal
from services.kit.domain import InputError

from ..cases.domain import Case
from ..cases.handlers import change_case, roster_of
from ..deps import Deps
from ..directory.domain import Department, StaffMember, decides_item
from . import commands
from .domain import Awaiting, OpinionInput, Review, Reviewer, ReviewError


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


async def record_opinion(cmd: commands.RecordOpinion, deps: Deps,
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


async def hand_over_case(cmd: commands.HandOverCase, deps: Deps, principal: Principal) -> Case:
    target = await deps.store.staff.get(cmd.to_staff)
    if target is None:
        raise InputError("toStaff", "UNKNOWN_STAFF", f"名录中没有工作人员 {cmd.to_staff}")

    async def decide(case: Case, now, day, actor) -> None:
        case.hand_over(target.id, target.department, cmd.limit, cmd.note, now, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)
