"""Handlers for the staff directory: departments, chief approvers, staff and A/B absences."""

from services.kit.aggregates import AlreadyExists, ConcurrentChange, retry_on_conflict
from services.kit.auth import Principal, Role
from services.kit.clock import centre_date
from services.kit.domain import NotFoundError
from services.kit.graphql import InputError

from services.kit.validation import code

from ..deps import Deps, act_for_department
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


async def register_staff(cmd: commands.RegisterStaff, deps: Deps,
                         principal: Principal) -> StaffMember:
    async def attempt() -> StaffMember:
        department = await _department(deps, cmd.department)
        backup = await deps.store.staff.get(cmd.backup_id) if cmd.backup_id else None
        existing = await deps.store.staff.get(cmd.staff_id)
        member = StaffMember.register(cmd, department, backup, existing)
        await _create_or_change(deps.store.staff, member, principal)
        return member

    member = await retry_on_conflict(attempt)
    deps.events_written()
    return member


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
