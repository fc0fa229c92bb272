"""Every event oversight consumes, published to RabbitMQ as its producer does, each delivered
twice and some out of order: the case ledger ends right and counts each once."""

import asyncio
import uuid
from collections import Counter

import pytest

from services.kit.events import CloudEvent
from tests.support import database, eventually, log_records, publish

pytestmark = pytest.mark.integration


def case_event(event_type: str, case_id: str, department: str, **data) -> CloudEvent:
    return CloudEvent(type=event_type, source="onewindow/intake", subject=case_id, data={
        "case_id": case_id, "case_number": f"OW20260928{case_id[:5]}", "department": department,
        "service_item_id": "i1", "service_item_code": "T-1", "window": None, **data})


ACCEPTED = {"accepted_at": "2026-09-28T10:00:00+08:00", "accepted_on": "2026-09-28",
            "committed_limit": 10, "limit_unit": "working_days", "accepted_by": "s1"}


async def test_the_ledger_opens_and_closes_cases_from_every_event_once(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    completed, withdrawn, cancelled, deemed, still_open = (
        str(uuid.uuid4()) for _ in range(5))
    events = [
        # completed before its acceptance arrives (events of two queues may cross)
        case_event("case.completed", completed, department, completed_on="2026-09-28",
                   completed_by="s1", applicant_delay=False),
        case_event("case.accepted", completed, department, **ACCEPTED),
        case_event("case.accepted", withdrawn, department, **ACCEPTED),
        case_event("case.withdrawn", withdrawn, department, withdrawn_on="2026-09-29",
                   reason="不办了", recorded_by="s1", status_before="accepted"),
        case_event("case.accepted", cancelled, department, **ACCEPTED),
        case_event("case.cancelled", cancelled, department, cancelled_on="2026-09-29",
                   reason="withdrawn_by_applicant"),
        case_event("case.deemed_accepted", deemed, department, **ACCEPTED),
        case_event("case.accepted", still_open, department, **ACCEPTED),
    ]
    await publish(stack, *events, times=2)
    ledger = database(stack, "oversight")["case_ledger"]

    def statuses() -> dict:
        return {d["_id"]: d["status"] for d in ledger.find({"department": department})}

    expected = {completed: "closed", withdrawn: "closed", cancelled: "closed",
                deemed: "open", still_open: "open"}
    await asyncio.to_thread(eventually, lambda: statuses() == expected, 30,
                            what="ledger statuses")
    changes = database(stack, "oversight")["case_ledger_changes"]
    for case_id in expected:  # each delivered event applied once, one change each
        def latest(case_id=case_id) -> dict:
            return max(changes.find({"aggregate_id": case_id}), key=lambda c: c["version"])

        ours = {e.id for e in events if e.data["case_id"] == case_id}
        # statuses can be right before every event is in (a closing event first): wait for
        # all of ours; deadlines' clock.started may still come, so compare the newest change
        # with itself
        change = await asyncio.to_thread(
            eventually, lambda: (c := latest()) and ours <= set(c["state"]["seen_events"])
            and c, 30, what="every event of the case applied")
        seen = change["state"]["seen_events"]
        assert ours <= set(seen) and len(seen) == len(set(seen))
        assert change["version"] == len(seen)  # the redeliveries changed nothing
    # the open-cases gauge: each opening and closing counted once, whatever the order
    buckets = database(stack, "oversight")["dashboard_buckets"]
    await asyncio.to_thread(eventually, lambda: (buckets.find_one({"_id": "G|open_cases"}) or {
        "counts": {}})["counts"].get(department) == 2, 30, what="two open cases counted")


async def test_every_supervision_trigger_opens_one_case_however_often_delivered(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    case_id = str(uuid.uuid4())
    clock = {"subject_type": "case", "subject_id": case_id, "case_id": case_id, "part": None,
             "case_number": "OW2026092800001", "department": department,
             "service_item_code": "T-1", "window": None, "staff": "wang", "kind": "case_limit",
             "started_on": "2026-09-28", "due_date": "2026-10-16"}
    deadlines = lambda t, **d: CloudEvent(type=t, source="onewindow/deadlines",  # noqa: E731
                                          subject=case_id, data={**clock, **d})
    events = [
        deadlines("clock.red_card", issued_on="2026-10-17", working_days_overdue=1),
        deadlines("clock.yellow_card", issued_on="2026-10-15", working_days_left=1),
        case_event("case.deemed_accepted", case_id, department, **ACCEPTED),
        case_event("correction.repeated", case_id, department, notice_number="N-BZ2",
                   round=2, repeated_materials=["申请书"], justification="",
                   requested_on="2026-09-29", requested_by="wang"),
        case_event("extension.refused_late", case_id, department, days=3,
                   requested_on="2026-10-19", requested_by="wang", due_on="2026-10-16"),
        case_event("rating.poor", case_id, department, level="very_dissatisfied", poor=True,
                   rated_on="2026-10-20", staff=["wang"], real_name=True),
        case_event("application.rejected", case_id, department, proposed_by="zhao",
                   consented_by="zhao", rejected_on="2026-09-29", reasons=[], legal_basis="",
                   referral=None, acting_for=None, rejected_at="2026-09-29T10:00:00+08:00",
                   notice_number="N-BY1"),
        CloudEvent(type="complaint.repeated", source="onewindow/oversight", subject="k2", data={
            "complaint_id": f"k2-{case_id}", "complaint_number": "TS2026092800002",
            "department": department, "subject_kind": "case", "subject_ref": case_id,
            "category": "overdue", "first_complaint_id": "k1",
            "first_complaint_number": "TS2026092800001", "first_handled_by": ["eff"],
            "received_on": "2026-10-20", "channel": "superior_referral", "escalated": True}),
    ]
    await publish(stack, *events, times=2)
    cases = database(stack, "oversight")["supervision_cases"]

    def triggers() -> list:
        return sorted(d["trigger"] for d in cases.find({"department": department}))

    expected = sorted(["red_card", "deemed_acceptance", "repeated_correction",
                       "late_extension_request", "poor_rating", "rejection_without_consent",
                       "escalated_complaint"])
    await asyncio.to_thread(eventually, lambda: triggers() == expected, 30,
                            what="one supervision case per trigger")
    warnings = database(stack, "oversight")["warnings"]
    assert warnings.count_documents({"department": department}) == 1
    ids = {e.id for e in events}

    def handled_twice() -> bool:
        counts = Counter(r.get("event_id") for r in log_records(stack, "oversight")
                         if r.get("message") == "event handled" and r.get("event_id") in ids
                         and r.get("group") == "oversight")
        return all(counts[i] == 2 for i in ids)

    await asyncio.to_thread(eventually, handled_twice, 30, what="both deliveries handled")
    assert triggers() == expected  # the second deliveries opened nothing more
    follow_ups = database(stack, "oversight")["rating_follow_ups"]
    assert follow_ups.count_documents({"department": department}) == 1  # the poor rating


async def test_the_dashboard_counts_each_event_once_in_any_order(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    ids = {"complaint_id": "c-x", "complaint_number": "TS1", "department": department,
           "subject_kind": "staff", "subject_ref": "w", "category": "rude_conduct"}
    oversight = lambda t, **d: CloudEvent(type=t, source="onewindow/oversight",  # noqa: E731
                                          subject="c-x", data={**ids, **d})
    concluded = oversight("complaint.concluded", conclusion="substantiated",
                          concluded_on="2026-11-30", concluded_by="eff", satisfied=False,
                          rounds=2)
    received = oversight("complaint.received", channel="phone", received_on="2026-11-23",
                         received_at="2026-11-23T09:00:00+08:00", limit=15,
                         unit="working_days", anonymous=False, repeat_of=None)
    await publish(stack, concluded, received, times=2)  # the closing one first
    buckets = database(stack, "oversight")["dashboard_buckets"]

    def counts(bucket: str) -> dict:
        found = buckets.find_one({"_id": bucket})
        return found["counts"] if found else {}

    month = f"M2026-11|department|{department}"
    await asyncio.to_thread(eventually, lambda: counts(month) == {
        "complaints_received": 1, "complaints_concluded": 1, "complaints_substantiated": 1},
        30, what="month counted once each")
    await asyncio.to_thread(eventually, lambda: counts(f"G|department|{department}") == {
        "complaints_open": 0}, 30, what="the open gauge back to zero")
    both = {concluded.id, received.id}

    def handled_twice() -> bool:
        n = Counter(r.get("event_id") for r in log_records(stack, "oversight")
                    if r.get("message") == "event handled" and r.get("event_id") in both
                    and r.get("group") == "oversight-dashboard")
        return all(n[i] == 2 for i in both)

    await asyncio.to_thread(eventually, handled_twice, 30, what="both deliveries handled")
    assert counts(month) == {"complaints_received": 1, "complaints_concluded": 1,
                             "complaints_substantiated": 1}


async def test_a_complainant_is_recognised_and_a_later_step_against_them_supervised_once(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    complained_about, later = str(uuid.uuid4()), str(uuid.uuid4())
    ref = uuid.uuid4().hex
    db = database(stack, "oversight")
    await publish(stack, case_event("case.accepted", complained_about, department,
                                    **ACCEPTED, applicant_ref=ref), times=2)
    await asyncio.to_thread(eventually, lambda: (db["case_ledger"].find_one(
        {"_id": complained_about}) or {}).get("applicant_ref") == ref, 30, what="ledger")
    complaint_id = str(uuid.uuid4())
    await publish(stack, CloudEvent(
        type="complaint.received", source="onewindow/oversight", subject=complaint_id, data={
            "complaint_id": complaint_id, "complaint_number": "TS2026100800001",
            "department": department, "subject_kind": "case", "subject_ref": complained_about,
            "category": "pushing_off", "channel": "phone", "received_on": "2026-10-08",
            "received_at": "2026-10-08T10:00:00+08:00", "limit": 15, "unit": "working_days",
            "anonymous": False, "repeat_of": None}), times=2)
    await asyncio.to_thread(eventually, lambda: [s["complaint_id"] for s in (db[
        "complainants"].find_one({"_id": ref}) or {}).get("shields", [])] == [complaint_id],
        30, what="the complainant recognised once")
    steps = [
        case_event("correction.requested", later, department, applicant_ref=ref,
                   notice_number="N-BZ1", round=1, materials=[], received_on="2026-10-09",
                   requested_on="2026-10-09", requested_at="2026-10-09T10:00:00+08:00",
                   requested_by="s1"),
        # by someone the complaint's case does not name: nothing
        case_event("correction.requested", later, department, applicant_ref=ref,
                   notice_number="N-BZ2", round=2, materials=[], received_on="2026-10-09",
                   requested_on="2026-10-12", requested_at="2026-10-12T10:00:00+08:00",
                   requested_by="s2"),
    ]
    await publish(stack, *steps, times=2)
    cases = db["supervision_cases"]
    await asyncio.to_thread(eventually, lambda: cases.count_documents(
        {"department": department, "trigger": "retaliation"}) == 1, 30,
        what="one retaliation case")
    ids = {e.id for e in steps}
    await asyncio.to_thread(eventually, lambda: Counter(
        r.get("event_id") for r in log_records(stack, "oversight")
        if r.get("message") == "event handled" and r.get("event_id") in ids
        and r.get("group") == "oversight") == Counter({i: 2 for i in ids}), 30,
        what="both deliveries handled")
    found = cases.find_one({"department": department, "trigger": "retaliation"})
    assert (found["people"], found["subject_id"]) == (["s1"], later)


async def test_the_staff_roll_keeps_each_members_newest_announcement(stack):
    """`staff.registered` delivered twice, the newer published before the older, and one of a
    version before the post was announced: the roll ends with each member's newest department
    and post, each announcement kept at most once."""
    promoted, old_style = f"roll-{uuid.uuid4().hex[:6]}", f"roll-{uuid.uuid4().hex[:6]}"

    def announced(staff_id: str, at: str, department: str, position: str | None) -> CloudEvent:
        data = {"staff_id": staff_id, "name": "测试", "department": department,
                "rank_title": "科员", "rank_level": 3, "backup_id": None, "roles": []}
        if position:
            data["position"] = position
        return CloudEvent(type="staff.registered", source="onewindow/intake", subject=staff_id,
                          time=at, data=data)

    newer = announced(promoted, "2026-12-07T09:00:00.250000+00:00", "centre", "deputy_leader")
    older = announced(promoted, "2026-12-01T09:00:00+00:00", "civil", "staff")
    await publish(stack, newer, older, announced(old_style, "2026-12-01T09:00:00+00:00",
                                                 "housing", None), times=2)
    roll = database(stack, "oversight")["staff_roll"]

    def kept() -> dict:
        return {d["_id"]: (d["department"], d["position"])
                for d in roll.find({"_id": {"$in": [promoted, old_style]}})}

    await asyncio.to_thread(eventually, lambda: kept() == {
        promoted: ("centre", "deputy_leader"), old_style: ("housing", "staff")}, 30,
        what="the roll's members")
    # each announcement kept at most once (the newer may be consumed first or second)
    changes = database(stack, "oversight")["staff_roll_changes"]
    assert 1 <= changes.count_documents({"aggregate_id": promoted}) <= 2
