"""Handlers for the staff directory: departments, chief approvers, staff and A/B absences."""

from services.kit.aggregates import AlreadyExists, ConcurrentChange, retry_on_conflict
from services.kit.auth import Principal, Role
from services.kit.clock import centre_date
from services.kit.domain import NotFoundError
from services.kit.domain import InputError

from services.kit.validation import code

from ..catalogue.domain import ItemElements
from ..deps import Deps, act_for_department
from ..review.staffing import item_gaps
from . import commands
from .domain import Department, StaffMember


async def _create_or_change(store, aggregate, principal: Principal) -> None:
    """Another request created the record first: decide again on it, like any conflict."""
    try:
        await store.save(aggregate, principal.subject)
    except AlreadyExists:
        raise ConcurrentChange(aggregate.id) from None


async def define_department(cmd: commands.DefineDepartment, deps: Deps,
                            principal: Principal) -> Department:
    async def attempt() -> Department:
        department = await deps.store.departments.get(cmd.code)
        if department is None:
            department = Department(id=code("code", cmd.code), name="")
        department.define(cmd)
        await _create_or_change(deps.store.departments, department, principal)
        return department

    department = await retry_on_conflict(attempt)
    deps.events_written()
    return department


async def _department(deps: Deps, code: str) -> Department:
    department = await deps.store.departments.get(code)
    if department is None:
        raise NotFoundError("部门", code)
    return department


async def _member(deps: Deps, staff_id: str) -> StaffMember:
    member = await deps.store.staff.get(staff_id)
    if member is None:
        raise NotFoundError("工作人员", staff_id)
    return member


async def appoint_chief_approver(cmd: commands.AppointChiefApprover, deps: Deps,
                                 principal: Principal) -> Department:
    async def attempt() -> Department:
        department = await _department(deps, cmd.department)
        department.appoint(cmd, await _member(deps, cmd.staff_id))
        await deps.store.departments.save(department, principal.subject)
        return department

    department = await retry_on_conflict(attempt)
    deps.events_written()
    return department


async def item_gaps_now(elements: ItemElements, item_code: str, department: str, deps: Deps,
                        staff: dict[str, list[StaffMember]] | None = None) -> list[str]:
    """The posts the directory lacks today for some step of an item's cases
    (review/staffing.py); `staff`: departments' members as they would be after a change."""
    staff = staff or {}

    async def members_of(code: str) -> list[StaffMember]:
        if code not in staff:
            staff[code] = await deps.store.department_staff(code)
        return staff[code]

    co_staffed = {co: bool(await members_of(co)) for co in elements.co_departments}
    return item_gaps(elements, item_code, await members_of(department),
                     await deps.store.departments.get(department),
                     centre_date(deps.clock.now()), co_staffed)


async def _unstaffed_by(member: StaffMember, existing: StaffMember | None,
                        deps: Deps) -> list[str]:
    """The published items a registration would leave with a step nobody can take: those of
    the department a member leaves or steps down in, and joint items asking it."""
    if existing is None or (existing.department, existing.position) == (
            member.department, member.position):
        return []
    left = existing.department
    staff = {left: [m for m in await deps.store.department_staff(left) if m.id != member.id]}
    if member.department == left:
        staff[left].append(member)
    refused = []
    for item in await deps.store.items_concerning(left):
        if item.published is None or item.withdrawn_at is not None:
            continue
        missing = await item_gaps_now(item.published, item.code, item.department, deps, staff)
        if missing:
            refused.append(f"{item.code}（缺少{'、'.join(missing)}）")
    return refused


async def register_staff(cmd: commands.RegisterStaff, deps: Deps,
                         principal: Principal) -> StaffMember:
    async def attempt() -> StaffMember:
        department = await _department(deps, cmd.department)
        backup = await deps.store.staff.get(cmd.backup_id) if cmd.backup_id else None
        existing = await deps.store.staff.get(cmd.staff_id)
        member = StaffMember.register(cmd, department, backup, existing)
        if unstaffed := await _unstaffed_by(member, existing, deps):
            raise InputError("position", "ITEMS_LEFT_UNSTAFFED",
                             "该变更将使以下已发布事项的办理流程无人承接，请先登记接替人员或撤销事项："
                             + "；".join(unstaffed[:20])
                             + (f" 等 {len(unstaffed)} 项" if len(unstaffed) > 20 else ""))
        if open_work := await _open_work(existing, member, deps):
            raise InputError("position", "OPEN_WORK_ADDRESSED",
                             "该工作人员尚有待办的办件，变更岗位或部门前请先办结或移交："
                             + "、".join(open_work))
        await _create_or_change(deps.store.staff, member, principal)
        return member

    member = await retry_on_conflict(attempt)
    deps.events_written()
    return member


async def _open_work(existing: StaffMember | None, member: StaffMember,
                     deps: Deps) -> list[str]:
    """Numbers of open cases whose awaited step is addressed to a member who changes post
    or department (they could no longer take it)."""
    if existing is None or (existing.department, existing.position) == (
            member.department, member.position):
        return []
    found = await deps.store.addressed_to([member.id], None, 21)
    return [c.case_number for c in found][:20]


async def _change_member(staff_id: str, deps: Deps, principal: Principal, decide) -> StaffMember:
    def checked(member: StaffMember) -> None:
        # Administrators, or the head of the member's own department, keep the post records.
        if not principal.has_any(Role.ADMIN):
            principal.require(Role.DEPARTMENT_HEAD)
            act_for_department(principal, member.department)
        decide(member)

    member = await deps.store.staff.change(staff_id, "工作人员", checked, principal.subject)
    deps.events_written()
    return member


async def record_absence(cmd: commands.RecordAbsence, deps: Deps,
                         principal: Principal) -> StaffMember:
    return await _change_member(cmd.staff_id, deps, principal, lambda m: m.record_absence(
        cmd, principal.subject or "", deps.clock.now()))


async def end_absence(cmd: commands.EndAbsence, deps: Deps, principal: Principal) -> StaffMember:
    return await _change_member(cmd.staff_id, deps, principal, lambda m: m.end_absence(
        centre_date(deps.clock.now()), principal.subject or ""))


async def referral_target_name(referral: commands.Referral | None, deps: Deps,
                               field_name: str = "referral") -> str | None:
    """The name of a referral's target as the directory knows it; an unknown staff member,
    window or department is refused (InputError). Windows: "<department>/<window>" or a
    window code no other department uses."""
    if referral is None or referral.kind == "outside" or not (referral.target or "").strip():
        return None
    target = referral.target.strip()
    where = f"{field_name}.target"
    if referral.kind == "staff":
        member = await deps.store.staff.get(target)
        if member is None:
            raise InputError(where, "UNKNOWN_STAFF", f"名录中没有工作人员 {target}")
        department = await deps.store.department_names.get(member.department)
        return f"{department.name if department else member.department} {member.name}"
    if referral.kind == "department":
        department = await deps.store.departments.get(target)
        if department is None:
            raise InputError(where, "UNKNOWN_DEPARTMENT", f"没有部门 {target}")
        return department.name
    if referral.kind == "window":
        code_of_department, _, window = target.rpartition("/")
        found = [(d, w) for d in await deps.store.all_departments() for w in d.windows
                 if w.code == window and code_of_department in ("", d.id)]
        if not found:
            raise InputError(where, "UNKNOWN_WINDOW", f"没有窗口 {target}")
        if len(found) > 1:
            raise InputError(where, "AMBIGUOUS_WINDOW",
                             f"多个部门有窗口 {window}，请写作“部门编码/窗口编码”")
        department, w = found[0]
        return f"{department.name} {w.name}"
    return None


async def keep_realm_user(staff_id: str, name: str, department: str, roles: list[str],
                          deps: Deps) -> bool:
    """The identity provider's user of a registered staff member, in line with the directory
    (its department and roles); False where no identity provider is configured."""
    if deps.realm is None:
        return False
    await deps.realm.keep(staff_id, name, department, roles)
    return True
