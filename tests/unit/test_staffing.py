"""Every open step of a case reaches a person (issue 22, 1): over every case kind × review
chain × decision level × directory shape, either the item cannot be published (the check
names the missing post, and some path of a real case does run out of people there), or every
path of a real case, driven through `Case` with the directory's own authority rules, has each
awaited step addressed to somebody who can take it. Pure."""

import copy
import itertools
from datetime import date, timedelta

import pytest

from deploy.local import demo
from services.intake.catalogue import commands as catalogue_c
from services.intake.catalogue.domain import CataloguePolicy, ReviewChainKind, elements_from
from services.intake.cases.domain import Actor, CaseStateError, CaseStatus
from services.intake.directory.domain import (
    Appointment, Department, Position, StaffMember, decides_item,
)
from services.intake.review.domain import OpinionInput, Reviewer, Verdict
from services.intake.review.staffing import Roster, gaps, item_gaps
from tests.unit.test_intake_domain import NOW, TODAY, handed, receive

S, SH, DL, ML = (Position.STAFF, Position.SECTION_HEAD, Position.DEPUTY_LEADER,
                 Position.MAIN_LEADER)
VERDICTS = (OpinionInput(Verdict.APPROVE, (), None),
            OpinionInput(Verdict.DENY, ("不符合条件",), "《行政许可法》第三十八条"),
            OpinionInput(Verdict.APPROVE, (), None, applicant_disagrees=True))
KINDS = ("immediate", "committed", "joint")
CHAINS = ("full", "accept_and_approve")
LEVELS = ("section_head", "deputy_leader", "main_leader")
# (handlers, section heads, deputies, main leaders, the first section head a chief approver
# with the item's decision delegated)
SHAPES = [shape for shape in itertools.product((0, 1, 2), (0, 1, 2), (0, 1), (0, 1), (False, True))
          if not (shape[4] and shape[1] == 0)]


def directory(shape) -> tuple[list[StaffMember], Department]:
    handlers, heads, deputies, leaders, delegated = shape
    members = [StaffMember(f"{p.value}-{i}", f"{p.value}-{i}", "market", p.value, 3, p)
               for p, n in ((S, handlers), (SH, heads), (DL, deputies), (ML, leaders))
               for i in range(n)]
    chiefs = (Appointment("section_head-0", TODAY, TODAY + timedelta(days=400), "授权",
                          ("MR-FOOD",)),) if delegated else ()
    return members, Department("market", "市场监督管理局", chief_approvers=chiefs)


def walk(case, members, department, roster) -> tuple[int, list[str]]:
    """Drive every path of the case from its state; (states seen, refusals for want of a
    person). Each awaited step must be addressed to somebody who can take it."""
    by_id = {m.id: m for m in members}
    seen, unstaffed = 0, []
    todo = [case]
    while todo:
        case = todo.pop()
        seen += 1
        if case.status is not CaseStatus.ACCEPTED:
            assert case.status is CaseStatus.DECIDED and case.addressed_to, case.status
            continue
        assert case.addressed_to, f"an open step addressed to nobody: {case.review}"
        kinds = {}
        for person in case.addressed_to:
            m = by_id[person]
            kinds.setdefault((m.position, decides_item(m, department, "MR-FOOD",
                                                       case.item.elements.decision_level,
                                                       TODAY)), m)
        for m in kinds.values():
            who = Reviewer(m.id, m.name, "market", m.position,
                           decides_item(m, department, "MR-FOOD",
                                        case.item.elements.decision_level, TODAY))
            case.review.check(who)  # each addressee can take the step
            for opinion in VERDICTS:
                branch = copy.copy(case)
                branch.events = []
                try:
                    branch.record_opinion(who, opinion, NOW, TODAY, roster, Actor(m.id, m.name))
                except CaseStateError as refused:
                    if refused.code == "STEP_UNSTAFFED":
                        unstaffed.append(refused.message)
                    continue
                todo.append(branch)
    return seen, unstaffed


@pytest.mark.parametrize("kind,chain,level", list(itertools.product(KINDS, CHAINS, LEVELS)))
def test_no_open_step_without_a_person(kind, chain, level):
    extra = {"co_departments": ["fire"]} if kind == "joint" else {}
    published = unpublished = 0
    for shape in SHAPES:
        members, department = directory(shape)
        for co_staffed in ((True, False) if kind == "joint" else (True,)):
            case = receive(handed("申请书", "身份证", "场所平面图"), case_kind=kind,
                           review_chain=chain, decision_level=level, **extra)
            elements = case.item.elements
            missing = item_gaps(elements, "MR-FOOD", members, department, TODAY,
                                {"fire": co_staffed})
            roster = Roster.of(members, department, "MR-FOOD", elements.decision_level, TODAY)
            handler = next((m for m in members if m.position is S), None)
            if handler is None:
                assert missing[0] == "承办人（窗口工作人员）"
                continue
            try:
                case.accept(NOW, TODAY, Actor(handler.id, handler.name), TODAY, roster=roster)
            except CaseStateError as refused:
                assert refused.code == "STEP_UNSTAFFED" and missing
                unpublished += 1
                continue
            _, unstaffed = walk(case, members, department, roster)
            chain_missing = [m for m in missing if not m.startswith("协办部门")]
            if chain_missing:
                unpublished += 1
                assert unstaffed, (shape, missing)  # the check names a real gap
            else:
                published += 1
                assert not unstaffed, (shape, unstaffed)
            assert bool(missing) == bool(chain_missing or not co_staffed)
    assert published and unpublished  # both sides of the rule were exercised


def test_the_missing_post_is_named():
    members, department = directory((1, 1, 0, 0, False))
    roster = Roster.of(members, department, "MR-FOOD", SH, TODAY)
    # a section head reviews; nobody else can approve: the approver is missing
    assert gaps(ReviewChainKind("full"), False, roster) == [
        "批准人（科室负责人或以上、或获授权的首席审批员，且未在本件中签署过意见）"]
    members, department = directory((1, 0, 0, 0, False))
    roster = Roster.of(members, department, "MR-FOOD", SH, TODAY)
    assert any(m.startswith("审核人") for m in gaps(ReviewChainKind("full"), False, roster))


def test_the_next_post_up_takes_a_step_whose_post_is_vacant_or_already_signed():
    members, department = directory((1, 1, 1, 0, False))
    roster = Roster.of(members, department, "MR-FOOD", SH, TODAY)
    case = receive(handed("申请书", "身份证", "场所平面图"))
    case.accept(NOW, TODAY, Actor("staff-0", "h"), TODAY, roster=roster)
    approve = VERDICTS[0]
    case.record_opinion(Reviewer("staff-0", "h", "market", S, False), approve, NOW, TODAY,
                        roster, Actor("staff-0", "h"))
    assert case.addressed_to == ("section_head-0",)
    case.record_opinion(Reviewer("section_head-0", "sh", "market", SH, True), approve, NOW,
                        TODAY, roster, Actor("section_head-0", "sh"))
    assert case.addressed_to == ("deputy_leader-0",)  # 批准人: the next post up
    vacant = Roster.of([m for m in members if m.position is not SH], department, "MR-FOOD",
                       SH, TODAY)
    other = receive(handed("申请书", "身份证", "场所平面图"))
    other.accept(NOW, TODAY, Actor("staff-0", "h"), TODAY, roster=vacant)
    other.record_opinion(Reviewer("staff-0", "h", "market", S, False), approve, NOW, TODAY,
                         vacant, Actor("staff-0", "h"))
    assert other.addressed_to == ("deputy_leader-0",)  # 审核人: no section head at all


def test_a_step_nobody_can_take_is_refused_and_nothing_changes():
    members, department = directory((1, 1, 0, 0, False))
    roster = Roster.of(members, department, "MR-FOOD", SH, TODAY)
    case = receive(handed("申请书", "身份证", "场所平面图"))
    case.accept(NOW, TODAY, Actor("staff-0", "h"), TODAY, roster=roster)
    case.record_opinion(Reviewer("staff-0", "h", "market", S, False), VERDICTS[0], NOW, TODAY,
                        roster, Actor("staff-0", "h"))
    before = (case.review, case.addressed_to, len(case.events))
    with pytest.raises(CaseStateError) as refused:
        case.record_opinion(Reviewer("section_head-0", "sh", "market", SH, True), VERDICTS[0],
                            NOW, TODAY, roster, Actor("section_head-0", "sh"))
    assert refused.value.code == "STEP_UNSTAFFED" and "批准人" in refused.value.message
    assert (case.review, case.addressed_to, len(case.events)) == before


def test_a_decided_case_is_the_acceptors_to_deliver_and_a_received_one_the_receivers():
    members, department = directory((1, 1, 1, 1, False))
    roster = Roster.of(members, department, "MR-FOOD", SH, TODAY)
    case = receive(handed("申请书", "身份证", "场所平面图"), case_kind="immediate")
    assert case.addressed_to == ("s-1",)  # the receiver decides on acceptance
    case.accept(NOW, TODAY, Actor("staff-0", "h"), TODAY, True, roster=roster)
    assert case.status is CaseStatus.COMPLETED and case.addressed_to == ()


def test_the_demo_directory_staffs_every_chain_of_every_demo_item():
    departments = {}
    for subject, department, title, level, window, backup, position in demo.DIRECTORY:
        departments.setdefault(department, []).append(
            StaffMember(subject, subject, department, title, level, Position(position.lower())))
    chiefs = {d: Department(d, d, chief_approvers=(Appointment(
        staff, date(2026, 1, 1), date(2027, 12, 31), authority, tuple(items)),))
        for d, staff, authority, items in demo.CHIEF_APPROVERS}
    for raw in demo.ITEMS:
        details = catalogue_c.ItemDetails(
            name=raw["name"], statutory_limit=raw["statutoryLimit"],
            committed_limit=raw["committedLimit"], case_kind=raw.get("caseKind", "COMMITTED").lower(),
            decision_level=raw.get("decisionLevel", "SECTION_HEAD").lower(),
            review_chain=raw.get("reviewChain", "FULL").lower())
        elements = elements_from(details, raw["department"], CataloguePolicy())
        assert item_gaps(elements, raw["code"], departments[raw["department"]],
                         chiefs.get(raw["department"]), date(2026, 12, 5), {}) == [], raw["code"]

