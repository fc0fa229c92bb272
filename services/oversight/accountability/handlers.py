"""Handlers for findings: open one from a verified supervision case (or by the office),
allocate, hear, sanction (heavier circumstances from the person's earlier sanctions), and the
appeal."""

import uuid

from services.kit.aggregates import AlreadyExists
from services.kit.auth import Principal
from services.kit.clock import centre_date
from services.kit.domain import NotFoundError
from services.kit.domain import InputError

from ..deps import Deps, require_office
from ..complaints.domain import Conclusion, SubjectKind
from ..ledger.handlers import case_named
from ..supervision.domain import SupervisionStatus
from . import commands
from .allocation import ChainOpinion
from .domain import Finding, FindingError


async def _chain(deps: Deps, case_id: str | None) -> list[ChainOpinion]:
    if not case_id:
        return []
    entry = await deps.store.ledger.get(case_id)
    return [ChainOpinion(o["role"], o["staff_id"], o["verdict"]) for o in entry.chain]


async def open_finding(cmd: commands.OpenFinding, deps: Deps, principal: Principal) -> Finding:
    require_office(principal)
    day = centre_date(deps.clock.now())
    by = principal.subject or ""
    if cmd.supervision_case_id:
        case = await deps.store.supervision.get(cmd.supervision_case_id)
        if case is None:
            raise NotFoundError("监察案件", cmd.supervision_case_id)
        if case.status is not SupervisionStatus.VERIFIED:
            raise FindingError("NOT_VERIFIED", "监察案件经核实后才能认定违规")
        case_id = case.subject_id if case.subject_type == "case" else None
        finding = Finding.open(f"finding:{case.id}", case.breach.value, case.department,
                               case_id, case.case_number, f"supervision:{case.id}",
                               list(case.people), await _chain(deps, case_id), day, by)
    elif cmd.complaint_id:
        complaint = await deps.store.complaints.get(cmd.complaint_id)
        if complaint is None:
            raise NotFoundError("投诉", cmd.complaint_id)
        if complaint.conclusion not in (Conclusion.SUBSTANTIATED, Conclusion.PARTLY):
            raise FindingError("NOT_SUBSTANTIATED", "投诉经调查属实或部分属实后才能认定违规")
        s = complaint.subject
        people = [s.ref] if s.kind is SubjectKind.STAFF else list(cmd.people)
        case_id = s.ref if s.kind is SubjectKind.CASE else None
        finding = Finding.open(f"finding:complaint:{complaint.id}", complaint.category.value,
                               s.department, case_id, s.case_number,
                               f"complaint:{complaint.number}", people,
                               await _chain(deps, case_id), day, by)
    else:
        if not (cmd.breach and cmd.department):
            raise InputError("breach", "REQUIRED", "须写明违规类型和部门")
        case = await case_named(cmd.case_id, deps, "caseId") if cmd.case_id else None
        case_id = case.case_id if case else None
        finding = Finding.open(str(uuid.uuid4()), cmd.breach, cmd.department, case_id,
                               case.case_number if case else None, "office",
                               list(cmd.people), await _chain(deps, case_id), day, by)
    try:
        await deps.store.findings.save(finding, by)
    except AlreadyExists:
        raise FindingError("ALREADY_OPENED", "该监察案件已认定违规") from None
    deps.events_written()
    return finding


async def _change(finding_id: str, deps: Deps, principal: Principal, decide) -> Finding:
    day = centre_date(deps.clock.now())
    finding = await deps.store.findings.change(
        finding_id, "违规认定", lambda f: decide(f, day, principal.subject or ""),
        principal.subject)
    deps.events_written()
    return finding


def _office_not_involved(principal: Principal):
    require_office(principal)

    def check(finding: Finding) -> None:
        if principal.subject in finding.people:
            raise FindingError("OWN_CASE", "不能处理涉及本人的违规")
    return check


async def allocate_responsibility(cmd: commands.AllocateResponsibility, deps: Deps,
                                  principal: Principal) -> Finding:
    check = _office_not_involved(principal)

    async def decide(f: Finding, day, by) -> None:
        check(f)
        f.allocate(cmd.fault, cmd.right_verdict, dict(cmd.named), day)

    return await _change(cmd.finding_id, deps, principal, decide)


async def record_hearing(cmd: commands.RecordHearing, deps: Deps,
                         principal: Principal) -> Finding:
    check = _office_not_involved(principal)

    async def decide(f: Finding, day, by) -> None:
        check(f)
        f.record_hearing(cmd.staff_id, cmd.statement, cmd.defence, day, by)

    return await _change(cmd.finding_id, deps, principal, decide)


async def decide_sanction(cmd: commands.DecideSanction, deps: Deps,
                          principal: Principal) -> Finding:
    check = _office_not_involved(principal)

    async def decide(f: Finding, day, by) -> None:
        check(f)
        earlier = await deps.store.sanction_days_of(cmd.staff_id)
        retaliations = await deps.store.retaliation_days_of(cmd.staff_id)
        f.decide_sanction(cmd.staff_id, cmd.level, cmd.reasons, list(cmd.lighter), earlier,
                          day, by, retaliations)

    return await _change(cmd.finding_id, deps, principal, decide)


async def file_appeal(cmd: commands.FileAppeal, deps: Deps, principal: Principal) -> Finding:
    """By the sanctioned person themselves (their token's subject is their staff id)."""
    principal.require()

    async def decide(f: Finding, day, by) -> None:
        f.file_appeal(cmd.sanction_id, cmd.statement, day, by)

    return await _change(cmd.finding_id, deps, principal, decide)


async def answer_appeal(cmd: commands.AnswerAppeal, deps: Deps, principal: Principal) -> Finding:
    check = _office_not_involved(principal)

    async def decide(f: Finding, day, by) -> None:
        check(f)
        f.answer_appeal(cmd.appeal_id, cmd.outcome, cmd.answer, day, by)

    return await _change(cmd.finding_id, deps, principal, decide)
