"""Handlers for the first-inquiry ledger."""

from services.kit.aggregates import retry_on_conflict
from services.kit.auth import CENTRE_WIDE, Principal, Role
from services.kit.clock import centre_date
from services.kit.domain import NotFoundError
from services.kit.domain import InputError
from services.kit.validation import items

from ..deps import Deps, act_for_department
from ..directory.handlers import referral_target_name
from . import commands
from .domain import REPLY_LIMIT_WORKING_DAYS, RESPONDERS_MAX, Inquiry


async def log_inquiry(cmd: commands.LogInquiry, deps: Deps, principal: Principal) -> Inquiry:
    """The logger is recorded; the responders are of the logger's department (unless the
    logger is a centre-wide role)."""
    responders = list(dict.fromkeys(items("responders", cmd.responders, RESPONDERS_MAX)
                                    or [principal.subject]))
    found = await deps.store.staff_of(responders)
    unknown = [r for r in responders if r not in found]
    if unknown:
        raise InputError("responders", "UNKNOWN_STAFF", "名录中没有这些工作人员：" + "、".join(unknown))
    if not principal.has_any(*CENTRE_WIDE):
        others = [r for r in responders if found[r].department != principal.department]
        if others:
            raise InputError("responders", "OTHER_DEPARTMENT",
                             "只能登记本部门的首问工作人员：" + "、".join(others))
    referral_name = await referral_target_name(cmd.referral, deps)
    target = None
    if cmd.referral and cmd.referral.kind == "staff" and cmd.referral.target:
        target = await deps.store.staff.get(cmd.referral.target.strip())
    now = deps.clock.now()
    day = centre_date(now)
    due = None
    if cmd.result == "pending_reply":
        forecast = await deps.forecast(day, REPLY_LIMIT_WORKING_DAYS, "working_days")
        due = forecast and forecast.due_on
    inquiry = Inquiry.log(cmd, [found[r] for r in responders], now, day, due, target,
                          referral_name, logged_by=principal.subject or "")
    await deps.store.inquiries.save(inquiry, principal.subject)
    deps.events_written()
    return inquiry


async def reply_to_inquiry(cmd: commands.ReplyToInquiry, deps: Deps,
                           principal: Principal) -> Inquiry:
    async def attempt() -> Inquiry:
        inquiry = await deps.store.inquiries.get(cmd.inquiry_id)
        if inquiry is None:
            raise NotFoundError("咨询", cmd.inquiry_id)
        if principal.subject not in (inquiry.owner_id, *inquiry.responders) \
                and not principal.has_any(Role.ADMIN):
            act_for_department(principal, inquiry.department or "")
        now = deps.clock.now()
        inquiry.reply(cmd.answer, principal.subject or "", now, centre_date(now))
        await deps.store.inquiries.save(inquiry, principal.subject)
        return inquiry

    inquiry = await retry_on_conflict(attempt)
    deps.events_written()
    return inquiry
