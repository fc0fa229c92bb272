"""Handlers for the assistance ledger: a request recorded at the window, a helper taking it,
linking the case the helper handles for the applicant (who may then act on it for them),
completion, the applicant's rating, and the ledger of a period as CSV."""

import csv
import io
import uuid
from datetime import date

from services.kit.auth import DEPARTMENT_HELPERS, HELPERS, AuthError, Principal, Role
from services.kit.clock import centre_date
from services.kit.domain import NotFoundError
from services.kit.domain import InputError

from ..cases.handlers import case_id_of, unattended_change
from ..deps import Deps
from . import commands
from .domain import KIND_NAMES, STATUS_NAMES, Assistance, AssistInput

PERIOD_DAYS_MAX = 366
CSV_ROWS_MAX = 10_000


ONLINE = "网上申请"  # `recorded_by` of a request the applicant made themselves


def helps_for(principal: Principal, department: str) -> None:
    """帮办代办 for a department's items: its own window and leaders, or the centre's
    helpers (004 三); nobody else takes or records them."""
    if principal.has_any(Role.HELPER):
        return
    if not principal.has_any(*DEPARTMENT_HELPERS):
        raise AuthError("FORBIDDEN", "只有本部门窗口人员或中心帮办代办员可以办理帮办代办")
    if principal.department != department:
        raise AuthError("FORBIDDEN", f"该帮办代办属于部门 {department!r}，"
                                     f"您属于部门 {principal.department!r}")


async def request_assistance(cmd: commands.RequestAssistance, deps: Deps,
                             principal: Principal) -> Assistance:
    given = AssistInput.validate(cmd.kind, cmd.special_group, cmd.applicant_name,
                                 cmd.applicant_id_number, cmd.applicant_contact, cmd.request)
    online = not principal.has_any(*HELPERS)  # an applicant asks for themselves
    if online and given.applicant_id_number != principal.subject:
        raise InputError("applicant.idNumber", "NOT_YOURSELF",
                         "网上只能为本人申请帮办代办；为他人申请请到服务大厅帮办代办窗口")
    item = await deps.store.items.get(cmd.service_item_id)
    if item is None or item.published is None:
        raise NotFoundError("事项", cmd.service_item_id)
    if not online:
        helps_for(principal, item.department)
    now = deps.clock.now()
    assistance = Assistance.request_help(given, str(uuid.uuid4()), item, now, centre_date(now),
                                         ONLINE if online else principal.subject or "")
    await deps.store.assistance.save(assistance, principal.subject)
    deps.events_written()
    return assistance


async def _change(assistance_id: str, deps: Deps, principal: Principal, decide) -> Assistance:
    now = deps.clock.now()
    assistance = await deps.store.assistance.change(
        assistance_id, "帮办代办", lambda a: decide(a, now, centre_date(now),
                                                principal.subject or ""), principal.subject)
    deps.events_written()
    return assistance


async def take_assistance(cmd: commands.TakeAssistance, deps: Deps,
                          principal: Principal) -> Assistance:
    def take(a: Assistance, now, day, by: str) -> None:
        helps_for(principal, a.department)
        a.take(by, now)

    return await _change(cmd.assistance_id, deps, principal, take)


async def link_assisted_case(cmd: commands.LinkAssistedCase, deps: Deps,
                             principal: Principal) -> Assistance:
    """The helper's case for the applicant; the case then lets the helper act for them."""
    case = await deps.store.cases.get(await case_id_of(deps, cmd.case_id))
    if case is None:
        raise NotFoundError("办件", cmd.case_id)

    def link(a: Assistance, now, day, by: str) -> None:
        helps_for(principal, a.department)
        a.link_case(case.id, case.applicant.id_number, case.item.id, by)

    assistance = await _change(cmd.assistance_id, deps, principal, link)
    # idempotent both ways: a retry after a failure here links again and appoints again
    await unattended_change(case.id, deps,
                            lambda c: c.appoint_helper(assistance.helper or "", assistance.id),
                            principal.subject or "")
    deps.events_written()
    return assistance


async def complete_assistance(cmd: commands.CompleteAssistance, deps: Deps,
                              principal: Principal) -> Assistance:
    return await _change(cmd.assistance_id, deps, principal, lambda a, now, day, by:
                         a.complete(cmd.outcome, now, day, by))


async def rate_assistance(cmd: commands.RateAssistance, deps: Deps,
                          principal: Principal) -> Assistance:
    if not principal.has_any(Role.APPLICANT):
        raise AuthError("FORBIDDEN", "只有申请人本人可以评价帮办代办服务")
    return await _change(cmd.assistance_id, deps, principal, lambda a, now, day, by:
                         a.rate(cmd.level, cmd.comment, day, by))


def check_period(first: date, last: date) -> None:
    if last < first:
        raise InputError("to", "END_BEFORE_START", "结束日期早于开始日期")
    if (last - first).days > PERIOD_DAYS_MAX:
        raise InputError("to", "PERIOD_TOO_LONG", f"期间不超过 {PERIOD_DAYS_MAX} 天")


COLUMNS = ["登记号", "事项编码", "事项名称", "部门", "类型", "特殊群体", "申请人", "联系方式",
           "诉求", "申请时间", "帮办代办员", "承接时间", "办结时间", "状态", "关联办件", "评价"]


def ledger_csv(rows: list[Assistance]) -> str:
    """004 台账 as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for a in rows:
        writer.writerow([a.id, a.item_code, _cell(a.item_name), a.department,
                         KIND_NAMES[a.kind], a.special_group.value if a.special_group else "",
                         _cell(a.applicant_name), _cell(a.applicant_contact),
                         _cell(a.request), a.requested_at.isoformat(),
                         a.helper or "", a.accepted_at.isoformat() if a.accepted_at else "",
                         a.completed_at.isoformat() if a.completed_at else "",
                         STATUS_NAMES[a.status], a.case_id or "",
                         a.rating.level.value if a.rating else ""])
    return "\ufeff" + out.getvalue()


def _cell(value: str) -> str:
    """No spreadsheet formulas from what people typed (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
