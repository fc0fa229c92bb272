"""Handlers for delivering the result, recording a mailed result's delivery, and withdrawal."""

from services.kit.auth import AuthError, Principal, Role

from ..cases.domain import Case
from ..cases.handlers import change_case
from ..deps import Deps, act_for_department
from . import commands
from .domain import DeliveryInput


async def deliver_result(cmd: commands.DeliverResult, deps: Deps, principal: Principal) -> Case:
    how = DeliveryInput.validate(cmd.method, cmd.window, cmd.notified_via, cmd.address,
                                 cmd.carrier, cmd.tracking_number)

    async def decide(case: Case, now, day, actor) -> None:
        case.deliver(how, now, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)


async def record_delivery(cmd: commands.RecordDelivery, deps: Deps, principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.record_delivery(cmd.delivered_on, now, day, actor.id)

    return await change_case(cmd.case_id, deps, principal, decide)


async def withdraw_application(cmd: commands.WithdrawApplication, deps: Deps,
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
