"""Handlers for special procedures, extensions and the applicant's own delay."""

from services.kit.auth import Principal

from ..cases.domain import Case, CaseStateError
from ..cases.handlers import change_case
from ..deps import Deps
from ..directory.domain import decides_item
from ..review.domain import POSITION_NAMES
from . import commands


async def start_special_procedure(cmd: commands.StartSpecialProcedure, deps: Deps,
                                  principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.start_special_procedure(cmd.kind, cmd.reason, cmd.expected_days, now, day, actor)

    return await change_case(cmd.case_id, deps, principal, decide)


async def finish_special_procedure(cmd: commands.FinishSpecialProcedure, deps: Deps,
                                   principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.finish_special_procedure(cmd.outcome, now, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)


async def request_extension(cmd: commands.RequestExtension, deps: Deps,
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


async def approve_extension(cmd: commands.ApproveExtension, deps: Deps,
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


async def record_applicant_delay(cmd: commands.RecordApplicantDelay, deps: Deps,
                                 principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.record_applicant_delay(cmd.kind, cmd.evidence, cmd.expected_on, now, day,
                                    actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)
