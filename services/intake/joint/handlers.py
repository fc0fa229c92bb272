"""Handlers for joint cases: a co-department's written opinion (its own staff), the joint review
meeting (the lead department or the centre)."""

from services.kit.auth import CENTRE_WIDE, AuthError, Principal, Role

from ..cases.domain import Case
from ..cases.handlers import change_case
from ..deps import Deps, act_for_department
from . import commands

OPINION_GIVERS = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD)


async def give_joint_opinion(cmd: commands.GiveJointOpinion, deps: Deps,
                             principal: Principal) -> Case:
    """For the caller's own department, which must be one asked."""
    principal.require(*OPINION_GIVERS)
    if not principal.department:
        raise AuthError("FORBIDDEN", "令牌未注明部门")

    async def decide(case: Case, now, day, actor) -> None:
        case.give_joint_opinion(principal.department, cmd.agrees, cmd.opinion, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


async def record_joint_meeting(cmd: commands.RecordJointMeeting, deps: Deps,
                               principal: Principal) -> Case:
    """联审会议由“中心”主持 (001): the centre, or the lead department's staff."""
    async def decide(case: Case, now, day, actor) -> None:
        if not principal.has_any(*CENTRE_WIDE):
            principal.require(*OPINION_GIVERS, Role.ADMIN)
            act_for_department(principal, case.department)
        case.record_joint_meeting(cmd.held_on, list(cmd.attendees), cmd.minutes, day,
                                  actor.id)

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)
