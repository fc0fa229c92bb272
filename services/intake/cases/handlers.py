"""Handlers for cases at the window: load, decide in the domain, store with events, wake
the relay."""

import re
import secrets
from datetime import date

from services.kit.aggregates import retry_on_conflict
from services.kit.auth import AuthError, Principal
from services.kit.clock import centre_date
from services.kit.domain import NotFoundError
from services.kit.domain import InputError
from services.kit.lookups import code_hash, matches
from services.kit.numbers import owner_of

from ..deps import Deps, Forecast, act_for_department, actor_of
from ..directory.domain import Department, StaffMember, addressees, authority_of
from ..catalogue.domain import CaseKind, ReviewChainKind
from ..review.staffing import Roster
from ..directory.handlers import referral_target_name
from . import commands
from .domain import SYSTEM, Actor, Case, CaseStatus, Submission, new_case_id

CASE_NUMBER = re.compile(r"^OW\d{13}$")

CALENDAR_ACTOR = Actor(SYSTEM, "系统（办理时限重新计算）")


async def submit_application(cmd: commands.SubmitApplication, deps: Deps,
                             principal: Principal, case_id: str | None = None) -> Case:
    """`case_id`: chosen by the caller beforehand (an appointment becoming its case: a retry
    writes the same case, never a second one)."""
    # the item as published (its projection: a submission is not a change of the item)
    item = await deps.store.items.peek(cmd.service_item_id)
    if item is None:
        raise NotFoundError("事项", cmd.service_item_id)
    act_for_department(principal, item.department)
    actor, member = await actor_of(principal, deps)
    if member and member.items and item.code not in member.items:
        raise AuthError("FORBIDDEN", f"您未被授权办理事项 {item.code}")
    department = await deps.store.department_names.get(item.department)
    # Validated before a number is drawn, so that bad input consumes no case number.
    submission = Submission.validate(cmd, item)
    if department and department.windows and submission.window \
            and not department.has_window(submission.window):
        raise InputError("window", "UNKNOWN_WINDOW", f"部门没有窗口 {submission.window}")
    now = deps.clock.now()
    day = centre_date(now)
    case_id = case_id or new_case_id()
    query_code = new_query_code()
    number = await deps.store.allocate_case_number(day, case_id, now, item.department,
                                                   code_hash(case_id, query_code))
    window_name = next((w.name for w in department.windows if w.code == submission.window),
                       None) if department and submission.window else None
    case = Case.receive(submission, case_id, number, now, day, actor,
                        department.name if department else item.department, window_name,
                        submission.applicant.ref(deps.applicant_ref_key), query_code)
    await deps.store.cases.save(case, actor.id)
    deps.events_written()
    return case


QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


async def case_progress(case_number: str, query_code: str, deps: Deps,
                        client: str = "") -> Case | None:
    """The case whose number and query code both match; None otherwise, never saying which
    of the two was wrong, after the same work either way (kit.lookups). Wrong attempts are
    counted per number and per client address; past the limit, LookupLocked."""
    number = (case_number or "").strip().upper()
    code = (query_code or "").strip().upper()
    now = deps.clock.now()
    await deps.lookups.check(number, client, now)
    claimed = await deps.store.case_numbers.find_one({"_id": number}) \
        if CASE_NUMBER.match(number) else None
    owner = claimed and claimed.get("owner")
    if claimed is not None and claimed.get("code_hash") is None:  # drawn before hashes
        case = await deps.store.cases.get(owner) if owner else None
        right = bool(case and case.query_code) and secrets.compare_digest(
            case.query_code.encode(), code.encode())
    else:
        right = matches(owner, claimed and claimed.get("code_hash"), code)
        case = await deps.store.cases.get(owner) if right else None
    if not right or case is None:
        await deps.lookups.failed(number, client, now)
        return None
    return case


async def change_case(case_id: str, deps: Deps, principal: Principal, decide,
                      own_department: bool = True) -> Case:
    """Load, check the caller's department (or that the step is addressed to them: a case
    handed over to another department), `decide(case, now, day, actor)`, save; again on
    fresh state if someone changed the case meanwhile."""
    actor, _ = await actor_of(principal, deps)
    now = deps.clock.now()
    case_id = await case_id_of(deps, case_id)  # named by its printed number (OW…) or its id

    async def checked(case: Case) -> None:
        if own_department and principal.subject not in case.addressed_to:
            act_for_department(principal, case.department)
        await decide(case, now, centre_date(now), actor)

    case = await deps.store.cases.change(case_id, "办件", checked, principal.subject)
    deps.events_written()
    return case


def roster_of(case: Case, members: list[StaffMember], department: Department | None,
              day: date) -> Roster:
    """The case's department today, as its review chain addresses it."""
    return Roster.of(members, department, case.item.code, case.item.elements.decision_level,
                     day)


async def case_roster(case: Case, deps: Deps, day: date) -> Roster | None:
    """The roster a step after acceptance needs: only an item whose acceptance is its
    handler's and reviewer's opinion goes straight to an approver (the handler's step is the
    acceptor's); the directory is not read for the others, on the hot path."""
    e = case.item.elements
    if e.review_chain is not ReviewChainKind.ACCEPT_AND_APPROVE or \
            e.case_kind is CaseKind.IMMEDIATE:
        return None
    return roster_of(case, await deps.store.department_staff(case.department),
                     await deps.store.departments.get(case.department), day)


async def accept_application(cmd: commands.AcceptApplication, deps: Deps,
                             principal: Principal) -> Case:
    forecasts: dict[tuple, Forecast | None] = {}  # asked once, not again on a retried attempt

    async def decide(case: Case, now, day, actor) -> None:
        e = case.item.elements
        key = (day, e.committed_limit, e.limit_unit.value)
        if not cmd.decide_now and key not in forecasts:
            forecasts[key] = await deps.forecast(*key)
        if cmd.decide_now and case.status is CaseStatus.ACCEPTED:
            case.decide_on_the_spot(now, day, actor)  # 即办件 accepted earlier, decided now
            return
        if cmd.decide_now:
            case.accept(now, day, actor, day, True)
            return
        forecast = forecasts[key]
        case.accept(now, day, actor, forecast and forecast.due_on, False,
                    provisional=bool(forecast and forecast.provisional),
                    roster=await case_roster(case, deps, day))

    return await change_case(cmd.case_id, deps, principal, decide)


async def accept_with_materials_owed(cmd: commands.AcceptWithMaterialsOwed, deps: Deps,
                                     principal: Principal) -> Case:
    latest: dict[tuple, date | None] = {}  # asked once, not again on a retried attempt

    async def decide(case: Case, now, day, actor) -> None:
        e = case.item.elements
        key = (day, e.committed_limit, e.limit_unit.value)
        if key not in latest:
            forecast = await deps.forecast(*key)
            latest[key] = forecast and forecast.due_on
        case.accept_with_materials_owed(now, day, actor, cmd.promised_on, latest[key],
                                        roster=await case_roster(case, deps, day))

    return await change_case(cmd.case_id, deps, principal, decide)


async def record_owed_materials(cmd: commands.RecordOwedMaterials, deps: Deps,
                                principal: Principal) -> Case:
    forecasts: dict[tuple, Forecast | None] = {}  # asked once, not again on a retried attempt

    async def decide(case: Case, now, day, actor) -> None:
        e = case.item.elements
        key = (day, e.committed_limit, e.limit_unit.value)
        last = case.owed and set(case.owed) <= set(cmd.materials)
        if last and case.clock_deferred and key not in forecasts:
            forecasts[key] = await deps.forecast(*key)  # the limit runs from today
        forecast = forecasts.get(key)
        case.record_owed_materials(list(cmd.materials), now, day, actor,
                                   forecast and forecast.due_on,
                                   bool(forecast and forecast.provisional))

    return await change_case(cmd.case_id, deps, principal, decide)


async def request_correction(cmd: commands.RequestCorrection, deps: Deps,
                             principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.request_correction(now, day, actor, list(cmd.extra_defects), cmd.justification)

    return await change_case(cmd.case_id, deps, principal, decide)


async def resubmit_materials(cmd: commands.ResubmitMaterials, deps: Deps,
                             principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.resubmit(list(cmd.materials), now, day, actor)

    return await change_case(cmd.case_id, deps, principal, decide)


async def _chief_approvers(deps: Deps, department: str, day: date) -> list[StaffMember]:
    found = await deps.store.departments.get(department)
    ids = found.chief_approvers_on(day) if found else []
    members = await deps.store.staff_of(ids)
    return [members[i] for i in ids if i in members]


async def propose_rejection(cmd: commands.ProposeRejection, deps: Deps,
                            principal: Principal) -> Case:
    referral_name = await referral_target_name(cmd.referral, deps)

    async def decide(case: Case, now, day, actor) -> None:
        # 否定报备 §2: addressed to the department's chief approvers (their B while away).
        to, behalf = addressees(await _chief_approvers(deps, case.department, day), day)
        case.propose_rejection(cmd, now, day, actor, to, behalf, referral_name)

    return await change_case(cmd.case_id, deps, principal, decide)


async def _authority(case: Case, deps: Deps, principal: Principal,
                     day: date) -> str | None:
    """The absent chief approver the caller acts for, or None when the caller is one."""
    found = authority_of(principal.subject or "",
                         await _chief_approvers(deps, case.department, day), day)
    if found is None:
        raise AuthError("NOT_CHIEF_APPROVER",
                        "只有本部门在任的首席审批员（或其离岗时的 B 岗）可以决定不予受理")
    return found[1]


async def consent_to_rejection(cmd: commands.ConsentToRejection, deps: Deps,
                               principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.consent_to_rejection(now, day, actor, await _authority(case, deps, principal, day))

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


async def decline_rejection(cmd: commands.DeclineRejection, deps: Deps,
                            principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        case.decline_rejection(cmd.reason, day, actor, await _authority(case, deps, principal, day))

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


async def unattended_change(case_id: str, deps: Deps, change, actor: str,
                             missing_is_error: bool = False) -> bool:
    """A change no user asked for (an event, the daily watch): `change(case)` says whether it
    changed anything; saved, again on fresh state after a conflict."""
    async def attempt() -> bool:
        case = await deps.store.cases.get(case_id)
        if case is None and missing_is_error:
            raise NotFoundError("办件", case_id)
        if case is None or not change(case):
            return False
        await deps.store.cases.save(case, actor)
        return True

    return await retry_on_conflict(attempt)


async def deem_accepted(cmd: commands.DeemAccepted, decision_due_on: date | None,
                        deps: Deps) -> bool:
    """The deadlines service saw no decision within the limit: accepted from the day the limit
    ran from (receipt, or the resubmission after a correction notice)."""
    def change(case: Case) -> bool:
        now = deps.clock.now()
        return case.deem_accepted(now, centre_date(now), decision_due_on, cmd.accepted_on)

    changed = await unattended_change(cmd.case_id, deps, change, "system",
                                       missing_is_error=True)
    if changed:
        deps.events_written()
    return changed


async def case_id_of(deps: Deps, id_or_number: str) -> str:
    """A case's id from its id or the number printed on its notices (OW…), by `_id`."""
    ref = (id_or_number or "").strip()
    if not CASE_NUMBER.match(ref.upper()):
        return id_or_number
    return await owner_of(deps.store.case_numbers, ref.upper()) or id_or_number


async def flag_lapsed_promises(deps: Deps) -> int:
    """Announce each supplement case whose promised date passed with materials still owed."""
    today = centre_date(deps.clock.now())
    flagged = 0
    for found in await deps.store.lapsed_promises(today):
        flagged += await unattended_change(
            found.id, deps, lambda case: case.flag_lapsed_promise(today), "system")
    if flagged:
        deps.events_written()
    return flagged


async def note_rescheduled_due_date(case_id: str, due_on: date | None, provisional: bool,
                                    cause: str, as_of: str, deps: Deps) -> bool:
    """The deadlines service counted the case's limit again on a changed calendar: noted, and
    the applicant told where the committed completion date moved."""
    def change(case: Case) -> bool:
        now = deps.clock.now()
        return case.note_rescheduled_due_date(due_on, provisional, cause, as_of, now,
                                              centre_date(now), CALENDAR_ACTOR)

    changed = await unattended_change(case_id, deps, change, "deadlines")
    if changed:
        deps.events_written()
    return changed


async def note_due_date(case_id: str, due_on: date | None, as_of: str, deps: Deps) -> bool:
    """Keep the case's due date as the deadlines service counts it (for the work queue and
    the applicant); no events. A case this service does not hold has no due date here."""
    return await unattended_change(case_id, deps,
                                    lambda case: case.note_due_date(due_on, as_of), "deadlines")
