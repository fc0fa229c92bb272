"""Joint cases, ratings and assisted handling through the handlers on FerretDB and RabbitMQ:
each of their events reaches the broker with the contract its consumers read (the deadlines
service's joint_opinion clock, the monitoring office's ratings), nothing personal in them."""

import json
from datetime import timedelta

import pytest

from services.intake.assistance import commands as assist_c
from services.intake.assistance import handlers as assist_handlers
from services.intake.cases import commands as case_c
from services.intake.cases import handlers
from services.intake.joint import commands as joint_c
from services.intake.cases import step_handlers as joint_handlers
from services.intake.ratings import commands as rating_c
from services.intake.cases import step_handlers as rating_handlers
from services.kit.auth import Principal, Role
from services.kit.clock import FixedClock
from tests.integration.test_intake_store import NOW, PERSON, STAFF, _item, _submit
from tests.support import broker_and_listener, relay_and_listen

pytestmark = pytest.mark.integration
APPLICANT = Principal(PERSON.id_number, frozenset({Role.APPLICANT}))


async def relayed(deps, infra) -> list[dict]:
    async with broker_and_listener(infra.amqp_url, "intake-issue10") as (broker, listener):
        events, published = await relay_and_listen(deps.store.cases.versions.current.database,
                                                   broker, listener)
    assert len(events) == published
    return events


async def completed(deps, code: str):
    item = await _item(deps, code=code, case_kind="immediate")
    case = await _submit(deps, item, "申请书", "平面图")
    return await handlers.accept_application(case_c.AcceptApplication(case.id, decide_now=True),
                                             deps, STAFF)


async def test_joint_rating_and_assistance_events_reach_the_broker(deps, infra):
    # a joint case: fire answers, planning stays silent and agrees at the meeting
    joint_item = await _item(deps, code="MZ-JOINT", case_kind="joint",
                             co_departments=["fire", "planning"])
    case = await _submit(deps, joint_item, "申请书", "平面图")
    case = await handlers.accept_application(case_c.AcceptApplication(case.id), deps, STAFF)
    fire = Principal("f-1", frozenset({Role.WINDOW_STAFF}), "fire")
    await joint_handlers.give_joint_opinion(joint_c.GiveJointOpinion(case.id, True, "同意"),
                                            deps, fire)
    await joint_handlers.record_joint_meeting(joint_c.RecordJointMeeting(
        case.id, NOW.date(), "联审通过", ["civil", "fire"]), deps, STAFF)
    # a case rated poor by its applicant; another left unrated gets the default
    rated = await completed(deps, "MZ-RATED")
    await rating_handlers.rate_case(rating_c.RateCase(rated.id, "very_dissatisfied", "太慢"),
                                    deps, APPLICANT)
    unrated = await completed(deps, "MZ-UNRATED")
    deps.clock = FixedClock(NOW + timedelta(days=7))
    assert await rating_handlers.give_default_ratings(deps) == 1
    assert await rating_handlers.give_default_ratings(deps) == 0  # once
    # a full proxy, taken, linked, completed
    help_ = await assist_handlers.request_assistance(assist_c.RequestAssistance(
        rated.item.id, "full_proxy", "张三", PERSON.id_number, "13800000000", "代办"), deps,
        STAFF)
    helper = Principal("helper-1", frozenset({Role.HELPER}))  # the centre's 帮办代办 window
    await assist_handlers.take_assistance(assist_c.TakeAssistance(help_.id), deps, helper)
    await assist_handlers.link_assisted_case(assist_c.LinkAssistedCase(help_.id, rated.id),
                                             deps, helper)
    await assist_handlers.complete_assistance(assist_c.CompleteAssistance(help_.id, "办结"),
                                              deps, helper)

    events = await relayed(deps, infra)
    of = lambda t: [e["data"] for e in events if e["type"] == t]  # noqa: E731
    requested = {d["department"]: d for d in of("joint.opinion_requested")}
    assert {d: (r["case_id"], r["notified_on"], r["limit"], r["lead_department"])
            for d, r in requested.items()} == {
        "fire": (case.id, "2026-09-28", 5, "civil"), "planning": (case.id, "2026-09-28", 5,
                                                                 "civil")}
    given = {d["department"]: (d["agrees"], d["deemed"], d["given_on"])
             for d in of("joint.opinion_given")}
    assert given == {"fire": (True, False, "2026-09-28"), "planning": (True, True, "2026-09-28")}
    assert of("joint.meeting_recorded")[0]["deemed_agreeing"] == ["planning"]
    (poor_given,), (poor,) = of("rating.given"), of("rating.poor")
    assert poor_given == poor
    assert {k: poor[k] for k in ("case_id", "level", "poor", "real_name", "defaulted",
                                 "staff", "department")} == {
        "case_id": rated.id, "level": "very_dissatisfied", "poor": True, "real_name": True,
        "defaulted": False, "staff": ["wang"], "department": "civil"}
    (defaulted,) = of("rating.defaulted")
    assert (defaulted["case_id"], defaulted["level"], defaulted["defaulted"],
            defaulted["rated_on"]) == (unrated.id, "basically_satisfied", True, "2026-10-05")
    assert [d["assistance_id"] for d in of("assist.requested")] == [help_.id]
    assert of("assist.completed")[0]["case_id"] == rated.id
    assert [(d["case_id"], d["helper"], d["assistance_id"]) for d in
            of("case.helper_appointed")] == [(rated.id, "helper-1", help_.id)]
    everything = json.dumps(events, ensure_ascii=False)
    assert "张三" not in everything and "太慢" not in everything and PERSON.id_number not in \
        everything
