"""Intake's handlers against the real database and broker: concurrency, and every event."""

import asyncio
import uuid
from datetime import date, timedelta

import pytest

from services.intake.cases import commands as case_c, handlers
from services.intake.cases.domain import CaseStateError, CaseStatus
from services.intake.catalogue import commands as catalogue_c
from services.intake.catalogue import handlers as catalogue_handlers
from services.intake.directory import commands as directory_c
from services.intake.directory import handlers as directory_handlers
from services.intake.inquiries import commands as inquiry_c
from services.intake.inquiries import handlers as inquiry_handlers
from services.kit.aggregates import ConcurrentChange
from services.kit.auth import Principal, Role
from services.kit.domain import InputError
from tests.integration.conftest import NOW
from tests.support import broker_and_listener, relay_and_listen
from tests.unit.test_intake_domain import ELEMENTS

pytestmark = pytest.mark.integration
ADMIN = Principal("admin", frozenset({Role.ADMIN}))
STAFF = Principal("wang", frozenset({Role.WINDOW_STAFF}), "civil")
CHIEF = Principal("zhao", frozenset({Role.CHIEF_APPROVER}), "civil")
BACKUP = Principal("qian", frozenset({Role.WINDOW_STAFF}), "civil")
PERSON = case_c.ApplicantDetails("张三", "resident_id_card", "11010519491231002X", "13800000000")
MATERIALS = [catalogue_c.MaterialDetails("申请书"), catalogue_c.MaterialDetails("平面图", essential=False)]


async def staffed(deps, department: str) -> None:
    """Give a department what every review chain needs, where it lacks it: a handler, a
    section head, a deputy and a main leader (review/staffing.py)."""
    if await deps.store.departments.get(department) is None:
        await directory_handlers.define_department(directory_c.DefineDepartment(
            department, department, [directory_c.WindowDetails("W1", "一号窗口")]), deps, ADMIN)
    held = {m.position.value for m in await deps.store.department_staff(department)}
    for n, position in enumerate(("staff", "section_head", "deputy_leader", "main_leader")):
        if position not in held:
            await directory_handlers.register_staff(directory_c.RegisterStaff(
                f"{department}-{position}", position, department, position, 5 + n,
                position=position), deps, ADMIN)


async def _item(deps, code="MZ-001", **kw):
    for department in ("civil", *kw.get("co_departments", ())):
        await staffed(deps, department)
    details = catalogue_c.ItemDetails("婚姻登记", 20, 10, materials=MATERIALS,
                                      **{**ELEMENTS, **kw})
    return await catalogue_handlers.create_service_item(
        catalogue_c.CreateServiceItem(code, "civil", details, publish=True), deps, ADMIN)


async def _submit(deps, item, *names):
    return await handlers.submit_application(case_c.SubmitApplication(
        item.id, PERSON, [case_c.HandedInMaterial(n) for n in names]), deps, STAFF)


async def test_concurrent_applications_get_distinct_case_numbers(deps):
    numbers = await asyncio.gather(
        *(deps.store.allocate_case_number(date(2026, 9, 28), f"case-{i}", NOW, "civil")
          for i in range(40)))
    assert len(set(numbers)) == 40
    assert all(n.startswith("OW20260928") for n in numbers)


async def test_a_case_is_accepted_once_even_when_two_staff_click_at_once(deps):
    case = await _submit(deps, await _item(deps), "申请书", "平面图")
    results = await asyncio.gather(
        *(handlers.accept_application(case_c.AcceptApplication(case.id), deps, STAFF)
          for _ in range(10)), return_exceptions=True)
    assert len([r for r in results if not isinstance(r, Exception)]) == 1
    assert all(isinstance(r, ConcurrentChange | CaseStateError) for r in results
               if isinstance(r, Exception))
    history = await deps.store.cases.versions.history(case.id)
    assert [[e["type"] for e in ch["outbox"]] for ch in history] == [
        ["application.received"], ["case.accepted"]]
    stored = await deps.store.cases.get(case.id)
    assert stored.notices[-1].committed_completion_on == date(2026, 10, 8)


async def test_item_codes_are_unique_under_concurrency(deps):
    results = await asyncio.gather(*(_item(deps, "DUP-1") for _ in range(10)),
                                   return_exceptions=True)
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(r.code == "DUPLICATE_CODE" for r in results if isinstance(r, InputError))


async def test_a_refused_step_stores_nothing(deps):
    case = await _submit(deps, await _item(deps), "平面图")
    with pytest.raises(CaseStateError):
        await handlers.accept_application(case_c.AcceptApplication(case.id), deps, STAFF)
    with pytest.raises(InputError):
        await handlers.submit_application(case_c.SubmitApplication(
            case.item.id, PERSON, [case_c.HandedInMaterial("户口本")]), deps, STAFF)
    assert len(await deps.store.cases.versions.history(case.id)) == 1
    assert await deps.store.cases.versions.current.count_documents({}) == 1


async def _directory(deps):
    await directory_handlers.define_department(directory_c.DefineDepartment(
        "civil", "民政局", [directory_c.WindowDetails("W1", "一号窗口")]), deps, ADMIN)
    for staff_id, name, rank, backup in (("qian", "钱亮", 4, None), ("zhao", "赵敏", 9, "qian"),
                                         ("wang", "王芳", 3, None)):
        await directory_handlers.register_staff(directory_c.RegisterStaff(
            staff_id, name, "civil", "科员", rank, backup_id=backup), deps, ADMIN)
    await directory_handlers.appoint_chief_approver(directory_c.AppointChiefApprover(
        "civil", "zhao", date(2026, 1, 1), date(2027, 12, 31), "不予受理决定"), deps, ADMIN)


async def test_every_intake_event_reaches_the_broker(deps, infra):
    """One scenario through the handlers on FerretDB; the relay publishes every event type to
    RabbitMQ, each with the data a consumer needs."""
    async with broker_and_listener(infra.amqp_url, "intake-test") as (broker, listener):
        events, published = await _every_step(deps, broker, listener)
    assert len(events) == published
    _check_events(events)


async def _every_step(deps, broker, listener) -> tuple[list[dict], int]:
    await _directory(deps)
    item = await _item(deps)
    await catalogue_handlers.revise_service_item(catalogue_c.ReviseServiceItem(
        item.id, catalogue_c.ItemDetails("婚姻登记", 20, 8, materials=MATERIALS, **ELEMENTS)),
        deps, ADMIN)
    await catalogue_handlers.publish_service_item(catalogue_c.PublishServiceItem(item.id), deps, ADMIN)
    # Correction round trip, a repeated correction with a justification, supplement case.
    case = await _submit(deps, item, "申请书")
    await handlers.request_correction(case_c.RequestCorrection(case.id), deps, STAFF)
    await handlers.resubmit_materials(case_c.ResubmitMaterials(case.id, []), deps, STAFF)
    await handlers.request_correction(case_c.RequestCorrection(
        case.id, [case_c.HandedInMaterial("申请书", "defective", "未签字")], "首次漏看签字"), deps, STAFF)
    await handlers.resubmit_materials(case_c.ResubmitMaterials(
        case.id, [case_c.HandedInMaterial("申请书")]), deps, STAFF)
    await handlers.accept_with_materials_owed(case_c.AcceptWithMaterialsOwed(
        case.id, date(2026, 10, 5)), deps, STAFF)
    await handlers.record_owed_materials(case_c.RecordOwedMaterials(case.id, ["平面图"]), deps, STAFF)
    # Rejection: proposed, declined, proposed again and consented by B for an absent A.
    other = await _submit(deps, item, "申请书")
    reject = case_c.ProposeRejection(other.id, ["不符合法定条件"], "《婚姻登记条例》第六条")
    await handlers.propose_rejection(reject, deps, STAFF)
    await handlers.decline_rejection(case_c.DeclineRejection(other.id, "理由不足"), deps, CHIEF)
    await directory_handlers.record_absence(directory_c.RecordAbsence(
        "zhao", "training", NOW.date(), NOW.date() + timedelta(days=3)), deps, ADMIN)
    await handlers.propose_rejection(reject, deps, STAFF)
    rejected = await handlers.consent_to_rejection(case_c.ConsentToRejection(other.id), deps, BACKUP)
    assert (rejected.status, rejected.acting_for) == (CaseStatus.REJECTED, "zhao")
    await directory_handlers.end_absence(directory_c.EndAbsence("zhao"), deps, ADMIN)
    # Deemed acceptance, an immediate case, the inquiry ledger.
    silent = await _submit(deps, item, "申请书", "平面图")
    await handlers.deem_accepted(case_c.DeemAccepted(silent.id), date(2026, 10, 9), deps)
    immediate = await _item(deps, "MZ-002", case_kind="immediate")
    quick = await _submit(deps, immediate, "申请书", "平面图")
    await handlers.accept_application(case_c.AcceptApplication(quick.id, decide_now=True), deps, STAFF)
    inquiry = await inquiry_handlers.log_inquiry(inquiry_c.LogInquiry(
        "phone", "李四", "能否代办？", "pending_reply", ["wang", "zhao"]), deps, STAFF)
    assert inquiry.owner_id == "zhao"  # the higher-ranked responder
    await inquiry_handlers.reply_to_inquiry(inquiry_c.ReplyToInquiry(inquiry.id, "可以"), deps, STAFF)

    return await relay_and_listen(deps.store.cases.versions.current.database, broker, listener)


def _check_events(events: list[dict]) -> None:
    types = {e["type"] for e in events}
    assert types == {
        "department.defined", "staff.registered", "chief_approver.appointed",
        "staff.absence_recorded", "staff.absence_ended", "service_item.revised",
        "service_item.published", "application.received", "correction.requested",
        "correction.repeated", "application.resubmitted", "case.accepted",
        "case.materials_completed", "rejection.proposed", "rejection.declined",
        "application.rejected", "case.deemed_accepted", "opinion.recorded", "case.decided",
        "case.delivered", "case.completed", "inquiry.logged", "inquiry.reply_due",
        "inquiry.answered"}
    by_type = {e["type"]: e for e in events}
    assert by_type["correction.repeated"]["data"]["repeated_materials"] == ["申请书"]
    assert by_type["application.rejected"]["data"]["acting_for"] == "zhao"
    proposals = [e["data"] for e in events if e["type"] == "rejection.proposed"]
    assert [(p["addressed_to"], p["on_behalf_of"]) for p in proposals] == [
        (["zhao"], []), (["qian"], ["zhao"])]
    assert by_type["case.deemed_accepted"]["data"]["accepted_on"] == "2026-09-28"
    assert by_type["inquiry.reply_due"]["data"]["reply_due_on"] == "2026-09-29"
    accepted = [e["data"] for e in events if e["type"] == "case.accepted"]
    assert any(a["clock_deferred"] and a["owed_materials"] == ["平面图"] for a in accepted)


async def test_a_wrong_code_and_an_unknown_number_cost_the_same_database_commands(infra):
    """Issue 22: a stored number with a wrong code took twice as long as an unknown number
    (the case was loaded to compare its code). The claim carries the code's hash now: both
    do the same commands on the same collections, and only a right code loads the case."""
    from pymongo import AsyncMongoClient, monitoring

    from services.kit.clock import FixedClock
    from services.kit.lookups import AttemptLimits
    from tests.integration.conftest import forecast

    class Commands(monitoring.CommandListener):
        def __init__(self):
            self.seen = []

        def started(self, event):
            if event.command_name in ("find", "insert", "update", "delete"):
                self.seen.append((event.command_name, event.command.get(event.command_name)))

        def succeeded(self, event):
            pass

        def failed(self, event):
            pass

    listener = Commands()
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True, event_listeners=[listener])
    db = client[f"intake_test_{uuid.uuid4().hex[:8]}"]
    from services.intake.deps import Deps
    from services.intake.store import IntakeStore
    deps = Deps(IntakeStore(db), FixedClock(NOW), lambda: None, forecast,
                lookups=AttemptLimits(db["lookup_attempts"], 5, 20, 900))
    try:
        case = await _submit(deps, await _item(deps), "申请书", "平面图")
        stored = await deps.store.cases.get(case.id)
        listener.seen.clear()
        assert await handlers.case_progress(case.case_number, "WRONG234", deps, "a") is None
        wrong = sorted(listener.seen)
        listener.seen.clear()
        assert await handlers.case_progress("OW2099010100001", "WRONG234", deps, "b") is None
        unknown = sorted(listener.seen)
        assert wrong == unknown and ("find", "cases") not in wrong, (wrong, unknown)
        listener.seen.clear()
        found = await handlers.case_progress(case.case_number, stored.query_code, deps, "c")
        assert found.id == case.id and ("find", "cases") in listener.seen
    finally:
        await client.drop_database(db.name)
        await client.close()
