"""Handlers for weekly inspections (值周): the office opens the week with its leader and
members, 督查科 records each check and its findings, the week is handed over on Friday; a
finding referred on opens a supervision case or an accountability finding (from its event:
`refer_inspection_finding`)."""

from datetime import date

from services.kit.aggregates import AlreadyExists
from services.kit.auth import Principal
from services.kit.clock import centre_date

from ..accountability.breaches import Breach
from ..accountability.domain import Finding as AccountabilityFinding
from ..deps import Deps, require_office
from ..supervision.domain import Evidence, Signal, Trigger
from ..supervision.handlers import open_supervision_case
from . import commands
from .domain import InspectionError, InspectionWeek


async def open_inspection_week(cmd: commands.OpenInspectionWeek, deps: Deps,
                               principal: Principal) -> InspectionWeek:
    require_office(principal)
    roll = await deps.store.roll_of([cmd.leader_id, *cmd.member_ids], deps.centre_department)
    week = InspectionWeek.open(cmd.monday, cmd.leader_id, cmd.member_ids,
                               principal.subject or "", roll)
    try:
        await deps.store.inspection_weeks.save(week, principal.subject)
    except AlreadyExists:
        raise InspectionError("WEEK_OPEN", "该周的值周已安排") from None
    deps.events_written()
    return week


async def record_inspection_check(cmd: commands.RecordInspectionCheck, deps: Deps,
                                  principal: Principal) -> InspectionWeek:
    require_office(principal)
    now = deps.clock.now()
    roll = await deps.store.roll_of([p for f in cmd.findings for p in f.people],
                                    deps.centre_department)
    week = await deps.store.inspection_weeks.change(
        cmd.week_id, "值周", lambda w: w.record_check(cmd.kind, cmd.on, cmd.windows,
                                                     cmd.findings, principal.subject or "",
                                                     now, roll), principal.subject)
    deps.events_written()
    return week


async def hand_over_inspection_week(cmd: commands.HandOverInspectionWeek, deps: Deps,
                                    principal: Principal) -> InspectionWeek:
    require_office(principal)
    day = centre_date(deps.clock.now())
    roll = await deps.store.roll_of([cmd.to_leader_id], deps.centre_department)
    week = await deps.store.inspection_weeks.change(
        cmd.week_id, "值周", lambda w: w.hand_over(cmd.to_leader_id, cmd.notes, day, roll),
        principal.subject)
    deps.events_written()
    return week


async def refer_inspection_finding(event_id: str, d: dict, deps: Deps) -> bool:
    """`inspection.finding_recorded` referred on: a supervision case (verified by the office
    like any other), or an accountability finding opened at once. Once each (their ids are the
    finding's)."""
    day = date.fromisoformat(d["on"])
    if d["referral"] == "supervision":
        return await open_supervision_case(Signal(
            key=f"inspection:{d['finding_id']}", trigger=Trigger.INSPECTION_FINDING,
            breach=Breach(d["breach"]), department=d["department"],
            subject_type="inspection", subject_id=d["finding_id"], case_number=None,
            people=tuple(d.get("people") or ()), on=day,
            evidence=Evidence(event_id, "inspection.finding_recorded", day, d["summary"])),
            deps)
    if d["referral"] == "accountability":
        finding = AccountabilityFinding.open(
            f"finding:inspection:{d['finding_id']}", d["breach"], d["department"], None, None,
            f"inspection:{d['finding_id']}", list(d.get("people") or ()), [], day,
            "inspection")
        try:
            await deps.store.findings.save(finding, "inspection")
        except AlreadyExists:
            return False
        deps.events_written()
        return True
    return False
