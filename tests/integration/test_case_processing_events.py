"""Case processing through the handlers on FerretDB and RabbitMQ: each event of a case's life
after acceptance reaches the broker with the data its consumers need, B acts for an absent A,
and two approvers racing produce one decision."""

import asyncio
import json
from datetime import date, timedelta

import pytest

from services.intake.cases import commands as case_c
from services.intake.cases import handlers
from services.intake.cases.domain import CaseStateError, CaseStatus
from services.intake.delivery import commands as delivery_c
from services.intake.cases import step_handlers as delivery_handlers
from services.intake.directory import commands as directory_c
from services.intake.directory import handlers as directory_handlers
from services.intake.review import commands as review_c
from services.intake.cases import step_handlers as review_handlers
from services.kit.auth import AuthError, Principal, Role
from services.kit.outbox import OutboxRelay
from tests.integration.test_intake_store import ADMIN, NOW, _item, _submit
from tests.support import broker_and_listener, relay_and_listen

pytestmark = pytest.mark.integration
PEOPLE = {"wang": "staff", "qian": "staff", "head": "section_head", "head2": "section_head",
          "deputy": "deputy_leader", "leader": "main_leader"}


def as_(staff_id: str) -> Principal:
    role = Role.WINDOW_STAFF if PEOPLE[staff_id] == "staff" else Role.DEPARTMENT_HEAD
    return Principal(staff_id, frozenset({role}), "civil")


async def _directory(deps):
    await directory_handlers.define_department(directory_c.DefineDepartment(
        "civil", "民政局", [directory_c.WindowDetails("W1", "一号窗口")]), deps, ADMIN)
    for n, (staff_id, position) in enumerate(reversed(PEOPLE.items())):
        await directory_handlers.register_staff(directory_c.RegisterStaff(
            staff_id, staff_id, "civil", position, 3 + n,
            backup_id="qian" if staff_id == "wang" else None, position=position), deps, ADMIN)


async def _accepted(deps, item, by="wang"):
    case = await _submit(deps, item, "申请书", "平面图")
    return await handlers.accept_application(case_c.AcceptApplication(case.id), deps, as_(by))


async def opine(deps, case, who, verdict="approve"):
    reasons, basis = (["不符合条件"], "《婚姻登记条例》第六条") if verdict == "deny" else ([], None)
    return await review_handlers.record_opinion(review_c.RecordOpinion(
        case.id, verdict, reasons, basis), deps, as_(who))


async def test_every_processing_event_reaches_the_broker(deps, infra):
    await _directory(deps)
    item = await _item(deps, decision_level="deputy_leader")
    # 1. hand-over, B for an absent A, reviewer, approver, mailed and delivered.
    approved = await _accepted(deps, item, by="qian")
    await review_handlers.hand_over_case(review_c.HandOverCase(approved.id, "wang", 3, "核查"),
                                         deps, as_("head"))
    await directory_handlers.record_absence(directory_c.RecordAbsence(
        "wang", "leave", NOW.date(), NOW.date() + timedelta(days=2)), deps, ADMIN)
    outsider = Principal("nobody", frozenset({Role.WINDOW_STAFF}), "civil")
    with pytest.raises(AuthError):  # not in the department's directory
        await review_handlers.record_opinion(review_c.RecordOpinion(approved.id, "approve"),
                                             deps, outsider)
    by_b = await opine(deps, approved, "qian")  # B, for the absent handler A
    assert by_b.review.opinions[-1].acting_for == "wang"
    with pytest.raises(CaseStateError) as err:
        await opine(deps, approved, "qian")  # a reviewer must be section head or above
    assert err.value.code == "NOT_REVIEWER"
    await opine(deps, approved, "head")
    # two approvers race; one decision, the other finds it decided
    results = await asyncio.gather(opine(deps, approved, "deputy"), opine(deps, approved, "leader"),
                                   return_exceptions=True)
    decided = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, CaseStateError)]
    assert len(decided) == 1 and len(refused) == 1, results
    assert refused[0].code == "ALREADY_DECIDED"
    await delivery_handlers.deliver_result(delivery_c.DeliverResult(
        approved.id, "mail", address="北京市东城区某街1号", carrier="EMS",
        tracking_number="EA123456789CN"), deps, as_("wang"))
    done = await delivery_handlers.record_delivery(delivery_c.RecordDelivery(
        approved.id, NOW.date()), deps, as_("qian"))
    assert done.status is CaseStatus.COMPLETED
    # 2. a denial escalated to the deputy leader, who decides; delivered at the window.
    denied = await _accepted(deps, item)
    await opine(deps, denied, "wang", "deny")
    await opine(deps, denied, "head", "deny")
    await opine(deps, denied, "deputy", "deny")
    await delivery_handlers.deliver_result(delivery_c.DeliverResult(
        denied.id, "window", notified_via="sms"), deps, as_("wang"))
    # 3. withdrawn while being processed
    withdrawn = await _accepted(deps, item)
    await delivery_handlers.withdraw_application(delivery_c.WithdrawApplication(
        withdrawn.id, "申请人书面申请撤回"), deps, as_("wang"))

    async with broker_and_listener(infra.amqp_url, "intake-processing") as (broker, listener):
        events, published = await relay_and_listen(deps.store.cases.versions.current.database,
                                                   broker, listener)
    assert len(events) == published
    of = lambda t: [e["data"] for e in events if e["type"] == t]  # noqa: E731
    assert {"opinion.recorded", "denial.escalated", "case.decided", "case.handed_over",
            "case.step_completed", "case.result_mailed", "case.delivered", "case.completed",
            "case.withdrawn", "case.cancelled"} <= {e["type"] for e in events}
    # the deadlines service's contracts (services/deadlines/clocks/limits.py, consumers.py)
    handed = of("case.handed_over")[0]
    assert {k: handed[k] for k in ("case_id", "step", "registered_on", "limit", "unit")} == {
        "case_id": approved.id, "step": "handover-1", "registered_on": "2026-09-28",
        "limit": 3, "unit": "working_days"}
    assert of("case.step_completed")[0] == {**of("case.step_completed")[0],
                                            "step": "handover-1", "completed_on": "2026-09-28"}
    completed = {d["case_id"]: d for d in of("case.completed")}
    assert completed[approved.id]["completed_on"] == "2026-09-28"
    assert completed[approved.id]["applicant_delay"] is False
    assert of("case.cancelled") == [{**of("case.cancelled")[0], "case_id": withdrawn.id,
                                     "reason": "withdrawn_by_applicant"}]
    escalations = [d["to_level"] for d in of("denial.escalated")]
    assert escalations == ["section_head", "deputy_leader"]
    decisions = {d["case_id"]: d for d in of("case.decided")}
    assert decisions[denied.id]["verdict"] == "denied"
    assert decisions[denied.id]["decided_by"] == "deputy"
    assert [o["role"] for o in decisions[approved.id]["opinions"]] == [
        "handler", "reviewer", "approver"]
    assert decisions[approved.id]["opinions"][0]["acting_for"] == "wang"
    assert "address" not in json.dumps(of("case.result_mailed"))  # no personal data
    assert date.fromisoformat(of("case.delivered")[0]["delivered_on"]) == NOW.date()


async def test_lapsed_supplement_promises_are_found_and_flagged_once(deps, infra):
    from services.kit.clock import FixedClock
    await _directory(deps)
    item = await _item(deps)
    owing = await _submit(deps, item, "申请书")  # 平面图 owed
    await handlers.accept_with_materials_owed(case_c.AcceptWithMaterialsOwed(
        owing.id, NOW.date() + timedelta(days=2)), deps, as_("wang"))
    complete = await _accepted(deps, item)
    assert await handlers.flag_lapsed_promises(deps) == 0
    deps.clock = FixedClock(NOW + timedelta(days=3))
    assert await handlers.flag_lapsed_promises(deps) == 1
    assert await handlers.flag_lapsed_promises(deps) == 0
    flagged = await deps.store.cases.get(owing.id)
    assert flagged.promise_lapsed_on == NOW.date() + timedelta(days=3)
    assert (await deps.store.cases.get(complete.id)).promise_lapsed_on is None
    async with broker_and_listener(infra.amqp_url, "intake-lapsed") as (broker, listener):
        relay = OutboxRelay(deps.store.cases.versions.current.database, broker, sweep_seconds=60)
        await relay.relay_pending()
        lapsed = []
        while (message := await listener.get(fail=False, timeout=5)) is not None:
            await message.ack()
            if (event := json.loads(message.body))["type"] == "case.materials_promise_lapsed":
                lapsed.append(event["data"])
    assert [(d["case_id"], d["owed_materials"], d["promised_on"]) for d in lapsed] == [
        (owing.id, ["平面图"], "2026-09-30")]


async def test_every_timing_and_catalogue_event_reaches_the_broker(deps, infra):
    from services.intake.catalogue import commands as catalogue_c
    from services.intake.catalogue import handlers as catalogue_handlers
    from services.intake.procedures import commands as procedure_c
    from services.intake.cases import step_handlers as procedure_handlers
    from services.kit.clock import FixedClock
    await _directory(deps)
    item = await _item(deps, decision_level="section_head")
    case = await _accepted(deps, item)
    await procedure_handlers.start_special_procedure(procedure_c.StartSpecialProcedure(
        case.id, "testing", "需送检", 5), deps, as_("wang"))
    await procedure_handlers.finish_special_procedure(procedure_c.FinishSpecialProcedure(
        case.id, "检测合格"), deps, as_("wang"))
    await procedure_handlers.request_extension(procedure_c.RequestExtension(
        case.id, 3, "需现场核查"), deps, as_("wang"))
    with pytest.raises(CaseStateError) as err:
        await procedure_handlers.approve_extension(procedure_c.ApproveExtension(case.id), deps,
                                                   as_("qian"))
    assert err.value.code == "NO_DECISION_AUTHORITY"
    # the refusal says who may act (issue 22, 9): the post, and who holds it here
    assert "科室负责人或以上" in err.value.message and "可批准的人员" in err.value.message
    extended = await procedure_handlers.approve_extension(procedure_c.ApproveExtension(case.id),
                                                          deps, as_("head"))
    assert extended.due_on == NOW.date() + timedelta(days=13)  # the stub forecast: +3 days
    deps.clock = FixedClock(NOW + timedelta(days=30))  # after the due date
    with pytest.raises(CaseStateError) as err:
        await procedure_handlers.request_extension(procedure_c.RequestExtension(
            case.id, 3, "来不及"), deps, as_("wang"))
    assert err.value.code == "EXTENSION_TOO_LATE"
    stored = await deps.store.cases.get(case.id)
    assert stored.extensions[-1].refused_late  # recorded, though refused
    await procedure_handlers.record_applicant_delay(procedure_c.RecordApplicantDelay(
        case.id, "did_not_attend", "电话通知未到", NOW.date() + timedelta(days=20)), deps,
        as_("wang"))
    await catalogue_handlers.withdraw_service_item(catalogue_c.WithdrawServiceItem(
        item.id, "职能调整"), deps, ADMIN)

    async with broker_and_listener(infra.amqp_url, "intake-timing") as (broker, listener):
        events, published = await relay_and_listen(deps.store.cases.versions.current.database,
                                                   broker, listener)
    assert len(events) == published
    of = {e["type"]: e["data"] for e in events}
    # the deadlines service's contracts for the case clock (services/deadlines/clocks/consumers.py)
    assert of["case.suspended"]["suspended_on"] == "2026-09-28"
    assert of["case.resumed"]["resumed_on"] == "2026-09-28"
    assert (of["case.extension_approved"]["extension_days"],
            of["case.extension_approved"]["requested_on"]) == (3, "2026-09-28")
    assert of["extension.requested"]["days"] == 3
    assert of["extension.refused_late"]["requested_on"] == "2026-10-28"
    assert of["case.applicant_delayed"]["kind"] == "did_not_attend"
    assert of["service_item.withdrawn"]["reason"] == "职能调整"


async def test_a_chief_approver_decides_the_items_the_appointment_delegates(deps):
    await _directory(deps)
    await directory_handlers.appoint_chief_approver(directory_c.AppointChiefApprover(
        "civil", "head2", date(2026, 1, 1), date(2027, 12, 31), "审批决定",
        decision_items=["MZ-001"]), deps, ADMIN)
    delegated = await _item(deps, "MZ-001", decision_level="deputy_leader")
    other = await _item(deps, "MZ-002", decision_level="deputy_leader")
    for item, decides in ((delegated, True), (other, False)):
        case = await _accepted(deps, item)
        await opine(deps, case, "wang")
        reviewed = await opine(deps, case, "head")
        assert ("head2" in reviewed.addressed_to) is decides
        if decides:
            decided = await opine(deps, case, "head2")  # a section head, by delegation
            assert decided.status is CaseStatus.DECIDED
            assert decided.review.opinions[-1].staff_id == "head2"
        else:
            with pytest.raises(CaseStateError) as err:
                await opine(deps, case, "head2")
            assert err.value.code == "NO_DECISION_AUTHORITY"
