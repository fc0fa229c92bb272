"""Intake's domain without I/O: catalogue, material check, outcomes, one-time notification,
rejection authority, A/B posts and the first-inquiry owner."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.intake.cases import commands as case_c
from services.intake.catalogue import commands as catalogue_c
from services.intake.catalogue.domain import CataloguePolicy, ItemStatus, ServiceItem
from services.intake.directory import commands as directory_c
from services.intake.directory.domain import (
    Department, StaffMember, addressees, authority_of, first_inquiry_owner, one_year_after,
)
from services.intake.cases.domain import (
    AcceptanceKind, Actor, Case, CaseStateError, CaseStatus, NoticeKind, Submission, case_number,
)
from services.intake.cases.events import (
    ApplicationRejected, CaseAccepted, CaseDeemedAccepted, CaseMaterialsCompleted,
    CorrectionRepeated, CorrectionRequested,
)
from services.intake.inquiries import commands as inquiry_c
from services.intake.inquiries.domain import Inquiry
from services.intake.cases.materials import MaterialState, check_materials
from services.kit.codec import dump, load
from services.kit.domain import InputError

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 9, 28, 10, 0, tzinfo=TZ)
TODAY = NOW.date()
STAFF = Actor("s-1", "王芳")
# the standard elements an item must state before it is published (000 限时办结 §5)
ELEMENTS = {"legal_basis": "《食品经营许可管理办法》", "conditions": "有与经营食品相适应的场所",
            "responsible_post": "食品经营许可岗", "place": "政务服务中心二楼", "process_steps": ["受理", "审查", "决定"]}
MATERIALS = [catalogue_c.MaterialDetails("申请书"), catalogue_c.MaterialDetails("身份证", form="copy"),
             catalogue_c.MaterialDetails("场所平面图", essential=False)]


def details(**kw) -> catalogue_c.ItemDetails:
    return catalogue_c.ItemDetails(**{"name": "食品经营许可", "statutory_limit": 20, "committed_limit": 10,
                            "materials": MATERIALS, **ELEMENTS, **kw})


def item(policy=CataloguePolicy(), publish=True, **kw) -> ServiceItem:
    created = ServiceItem.create(catalogue_c.CreateServiceItem("MR-FOOD", "market", details(**kw)), policy)
    if publish:
        created.publish(NOW)
    return created


def handed(*names, **states) -> list[case_c.HandedInMaterial]:
    """handed("申请书", 身份证=("defective", "复印不清"))"""
    return [case_c.HandedInMaterial(n) for n in names] + [
        case_c.HandedInMaterial(n, s, r) for n, (s, r) in states.items()]


def receive(materials, **item_kw) -> Case:
    cmd = case_c.SubmitApplication("item", case_c.ApplicantDetails(
        "张三", "resident_id_card", "11010519491231002X", "13800000000"), materials)
    sub = Submission.validate(cmd, item(**item_kw))
    return Case.receive(sub, "case-1", case_number(TODAY, 1), NOW, TODAY, STAFF, "市场监管局")


# -- catalogue ------------------------------------------------------------------------------
def test_committed_limit_may_not_exceed_statutory():
    with pytest.raises(InputError) as err:
        item(committed_limit=21)
    assert (err.value.field, err.value.code) == ("committedLimit", "COMMITTED_EXCEEDS_STATUTORY")


def test_a_centre_may_require_the_committed_limit_strictly_shorter():
    item(committed_limit=20)  # allowed by default
    with pytest.raises(InputError) as err:
        item(CataloguePolicy(committed_strictly_shorter=True), committed_limit=20)
    assert err.value.code == "COMMITTED_NOT_SHORTER"


@pytest.mark.parametrize("kw,field,code", [
    ({"name": "  "}, "name", "REQUIRED"),
    ({"statutory_limit": 0, "committed_limit": 0}, "statutoryLimit", "OUT_OF_RANGE"),
    ({"case_kind": "joint"}, "coDepartments", "JOINT_NEEDS_CO_DEPARTMENTS"),
    ({"co_departments": ["tax"]}, "coDepartments", "ONLY_JOINT_HAS_CO_DEPARTMENTS"),
    ({"fee_free": False, "fee_amount": "10元"}, "feeBasis", "FEE_NEEDS_BASIS"),
    ({"materials": [catalogue_c.MaterialDetails("表"), catalogue_c.MaterialDetails("表")]}, "materials[1].name",
     "DUPLICATE_MATERIAL"),
    ({"service_objects": ["citizen"]}, "serviceObjects", "INVALID_VALUE"),
    ({"intermediary_services": ["审图"] * 11}, "intermediaryServices", "TOO_MANY"),
    ({"intermediary_services": ["审\u202e图"]}, "intermediaryServices[0]", "INVALID_CHARACTERS"),
])
def test_item_elements_are_validated(kw, field, code):
    with pytest.raises(InputError) as err:
        item(**kw)
    assert (err.value.field, err.value.code) == (field, code)


def test_service_objects_and_intermediary_services_are_elements_of_a_version():
    published = item(service_objects=["legal_person", "natural_person", "legal_person"],
                     intermediary_services=["施工图设计文件审查"])
    elements = published.published
    assert [o.value for o in elements.service_objects] == ["legal_person", "natural_person"]
    assert elements.intermediary_services == ("施工图设计文件审查",)
    assert load(type(elements), dump(elements)) == elements
    assert item().published.intermediary_services == ()  # none: the page says 无


def test_items_are_drafts_until_published_and_versions_do_not_touch_cases():
    draft = item(publish=False)
    assert draft.status is ItemStatus.DRAFT and draft.published is None
    draft.publish(NOW)
    assert (draft.status, draft.published_version) == (ItemStatus.PUBLISHED, 1)
    case = Case.receive(Submission.validate(case_c.SubmitApplication("i", case_c.ApplicantDetails(
        "张三", "resident_id_card", "11010519491231002X", "1"), handed("申请书", "身份证")), draft),
        "c", "OW1", NOW, TODAY, STAFF, "d")
    draft.revise(details(committed_limit=5), CataloguePolicy())
    assert draft.published.committed_limit == 10 and draft.draft_changed
    draft.publish(NOW)
    assert draft.published_version == 2 and draft.published.committed_limit == 5
    assert case.item.item_version == 1 and case.item.elements.committed_limit == 10
    with pytest.raises(InputError) as err:
        draft.publish(NOW)
    assert err.value.code == "NOTHING_TO_PUBLISH"


def test_state_round_trips_through_the_codec():
    case = receive(handed("申请书"))
    case.request_correction(NOW, TODAY, STAFF, [], None)
    assert load(Case, dump(case)) == case
    published = item()
    assert load(ServiceItem, dump(published)) == published


# -- material check -------------------------------------------------------------------------
def test_materials_not_handed_in_are_missing_and_unknown_ones_refused():
    check = check_materials(item().published, handed("申请书"))
    assert [(r.name, r.state) for r in check.wanting()] == [
        ("身份证", MaterialState.MISSING), ("场所平面图", MaterialState.MISSING)]
    assert [r.name for r in check.blocking()] == ["身份证"]
    assert [r.name for r in check.owed()] == ["场所平面图"]
    with pytest.raises(InputError) as err:
        check_materials(item().published, handed("营业执照"))
    assert err.value.code == "MATERIAL_NOT_ON_LIST"


def test_a_defective_material_needs_a_reason():
    with pytest.raises(InputError) as err:
        check_materials(item().published, [case_c.HandedInMaterial("申请书", "defective")])
    assert (err.value.field, err.value.code) == ("materials[0].reason", "REQUIRED")


# -- the four outcomes ----------------------------------------------------------------------
def test_complete_materials_are_accepted_with_the_committed_date():
    case = receive(handed("申请书", "身份证", "场所平面图"))
    case.accept(NOW, TODAY, STAFF, date(2026, 10, 19))
    accepted = case.events[-1]
    assert isinstance(accepted, CaseAccepted) and not accepted.clock_deferred
    notice = case.notices[-1]
    assert notice.kind is NoticeKind.ACCEPTANCE_NOTICE
    assert notice.committed_completion_on == date(2026, 10, 19)
    assert [n.kind for n in case.notices] == [NoticeKind.MATERIAL_RECEIPT,
                                              NoticeKind.ACCEPTANCE_NOTICE]


def test_essential_material_missing_cannot_be_accepted():
    case = receive(handed("申请书"))
    for attempt in (lambda: case.accept(NOW, TODAY, STAFF, None),
                    lambda: case.accept_with_materials_owed(NOW, TODAY, STAFF, TODAY)):
        with pytest.raises(CaseStateError) as err:
            attempt()
        assert err.value.code == "MATERIALS_INCOMPLETE"
    assert case.status is CaseStatus.RECEIVED


def test_the_correction_notice_lists_everything_at_once_and_staff_can_only_add():
    case = receive(handed("申请书"))
    notice = case.request_correction(NOW, TODAY, STAFF, [], None)
    assert [r.name for r in notice.materials] == ["身份证", "场所平面图"]
    event = case.events[-1]
    assert isinstance(event, CorrectionRequested) and event.round == 1

    other = receive(handed("申请书", "身份证"))
    notice = other.request_correction(
        NOW, TODAY, STAFF, handed(申请书=("defective", "未签字")), None)
    assert {(r.name, r.state) for r in notice.materials} == {
        ("申请书", MaterialState.DEFECTIVE), ("场所平面图", MaterialState.MISSING)}


def test_nothing_to_correct_is_refused():
    case = receive(handed("申请书", "身份证", "场所平面图"))
    with pytest.raises(CaseStateError) as err:
        case.request_correction(NOW, TODAY, STAFF, [], None)
    assert err.value.code == "NOTHING_TO_CORRECT"


def test_correction_round_trip_then_acceptance():
    case = receive(handed("申请书"))
    case.request_correction(NOW, TODAY, STAFF, [], None)
    with pytest.raises(CaseStateError):
        case.accept(NOW, TODAY, STAFF, None)  # must be checked again first
    later = NOW + timedelta(days=2)
    case.resubmit(handed("身份证", "场所平面图"), later, later.date(), STAFF)
    assert case.check.round == 2 and not case.check.wanting()
    case.accept(later, later.date(), STAFF, None)
    assert case.status is CaseStatus.ACCEPTED and case.accepted_on == later.date()


def test_asking_again_for_what_was_wrong_at_the_first_check_is_a_breach():
    case = receive(handed("申请书"))
    case.request_correction(NOW, TODAY, STAFF, [], None)
    case.resubmit(handed("身份证"), NOW, TODAY, STAFF)  # 场所平面图 still missing: legit
    # 申请书 was handed in at the first check and not again: its defect was there then.
    with pytest.raises(CaseStateError) as err:
        case.request_correction(NOW, TODAY, STAFF, handed(申请书=("defective", "未盖章")), None)
    assert err.value.code == "REPEATED_CORRECTION" and "申请书" in err.value.message
    assert case.status is CaseStatus.RECEIVED and len(case.notices) == 2  # nothing changed

    case.request_correction(NOW, TODAY, STAFF, handed(申请书=("defective", "未盖章")),
                            "首次收件时漏看公章")
    repeated = [e for e in case.events if isinstance(e, CorrectionRepeated)]
    assert [e.repeated_materials for e in repeated] == [["申请书"]]
    assert case.notices[-1].justification == "首次收件时漏看公章"


def test_asking_again_for_what_is_still_missing_or_newly_handed_in_is_no_breach():
    case = receive(handed("申请书"))
    case.request_correction(NOW, TODAY, STAFF, [], None)
    # 身份证 brought now but defective: new information, not a breach.
    case.resubmit(handed(身份证=("defective", "过期")), NOW, TODAY, STAFF)
    case.request_correction(NOW, TODAY, STAFF, [], None)
    assert not [e for e in case.events if isinstance(e, CorrectionRepeated)]
    assert [r.name for r in case.notices[-1].materials] == ["身份证", "场所平面图"]


def test_only_non_essential_missing_is_a_supplement_case_with_a_deferred_clock():
    case = receive(handed("申请书", "身份证"))
    with pytest.raises(CaseStateError) as err:
        case.accept(NOW, TODAY, STAFF, None)
    assert err.value.code == "MATERIALS_OWED"
    case.accept_with_materials_owed(NOW, TODAY, STAFF, TODAY + timedelta(days=5))
    accepted = case.events[-1]
    assert accepted.supplement and accepted.clock_deferred
    assert accepted.owed_materials == ("场所平面图",) and case.acceptance is AcceptanceKind.SUPPLEMENT
    done_on, due = TODAY + timedelta(days=3), TODAY + timedelta(days=17)
    case.record_owed_materials(["场所平面图"], NOW, done_on, STAFF, due)
    completed = case.events[-1]
    assert isinstance(completed, CaseMaterialsCompleted)
    assert completed.completed_on == done_on and completed.clock_deferred
    # the applicant is told in writing that the limit runs now, and until when (issue 22, 6)
    notice = case.notices[-1]
    assert (notice.kind, notice.committed_completion_on, notice.number[-3:]) == (
        NoticeKind.MATERIALS_COMPLETED_NOTICE, due, "BQ1")
    assert (completed.notice_number, completed.committed_completion_on) == (notice.number, due)
    assert case.due_on == due


def test_an_item_may_start_a_supplement_case_clock_at_acceptance():
    case = receive(handed("申请书", "身份证"), clock_starts_at_acceptance_when_owed=True)
    case.accept_with_materials_owed(NOW, TODAY, STAFF, TODAY)
    assert not case.events[-1].clock_deferred


def test_immediate_items_are_accepted_and_decided_in_one_step():
    case = receive(handed("申请书", "身份证", "场所平面图"), case_kind="immediate")
    case.accept(NOW, TODAY, STAFF, TODAY, decide_now=True)
    assert case.status is CaseStatus.COMPLETED
    assert [e.event_type for e in case.events][-5:] == [
        "case.accepted", "opinion.recorded", "case.decided", "case.delivered", "case.completed"]
    assert [n.kind for n in case.notices][-1] is NoticeKind.RESULT
    committed = receive(handed("申请书", "身份证", "场所平面图"))
    with pytest.raises(CaseStateError) as err:
        committed.accept(NOW, TODAY, STAFF, None, decide_now=True)
    assert err.value.code == "NOT_IMMEDIATE"


def test_rejection_needs_reasons_and_takes_effect_on_consent():
    case = receive(handed("申请书"))
    with pytest.raises(InputError) as err:
        case.propose_rejection(case_c.ProposeRejection("case-1", [], "《行政许可法》第三十二条"),
                               NOW, TODAY, STAFF, ["chief"], [])
    assert err.value.code == "REASONS_REQUIRED"
    referral = directory_c.Referral("outside", where="县税务局办税服务厅")
    case.propose_rejection(case_c.ProposeRejection("case-1", ["不属于本部门职权"], "《行政许可法》第三十二条",
                                              referral), NOW, TODAY, STAFF, ["chief"], [])
    assert case.status is CaseStatus.REJECTION_PENDING
    with pytest.raises(CaseStateError):
        case.accept(NOW, TODAY, STAFF, None)
    for who, acting_for in ((STAFF, None), (Actor("deputy", "钱亮"), STAFF.id)):
        with pytest.raises(CaseStateError) as err:  # nobody consents to their own proposal
            case.consent_to_rejection(NOW, TODAY, who, acting_for)
        assert err.value.code == "SELF_CONSENT"
    case.consent_to_rejection(NOW, TODAY, Actor("chief", "赵敏"), None)
    rejected = case.events[-1]
    assert isinstance(rejected, ApplicationRejected) and rejected.consented_by == "chief"
    assert rejected.referral == {"kind": "outside", "target": None, "where": "县税务局办税服务厅",
                                "on_behalf_of": None, "target_name": None}
    assert case.notices[-1].kind is NoticeKind.REJECTION_NOTICE


def test_a_declined_rejection_goes_back_to_where_it_was():
    case = receive(handed("申请书"))
    case.request_correction(NOW, TODAY, STAFF, [], None)
    case.propose_rejection(case_c.ProposeRejection("case-1", ["逾期未补正"], "依据"), NOW, TODAY, STAFF,
                           ["chief"], [])
    case.decline_rejection("请继续等待补正", TODAY, Actor("chief", "赵敏"), None)
    assert case.status is CaseStatus.CORRECTION_REQUESTED and case.proposal is None


def test_deemed_acceptance_counts_from_the_receipt_day_unless_decided_in_time():
    case = receive(handed("申请书"))
    later = NOW + timedelta(days=8)
    assert case.deem_accepted(later, later.date(), date(2026, 10, 12))
    deemed = case.events[-1]
    assert isinstance(deemed, CaseDeemedAccepted) and deemed.accepted_on == TODAY
    assert case.acceptance is AcceptanceKind.DEEMED

    in_time = receive(handed("申请书"))
    in_time.request_correction(NOW, TODAY, STAFF, [], None)
    assert not in_time.deem_accepted(later, later.date(), date(2026, 10, 12))
    late = receive(handed("申请书"))
    late.request_correction(later, later.date(), STAFF, [], None)  # after the limit
    assert late.deem_accepted(later, later.date(), date(2026, 10, 2))


def test_undecided_after_a_resubmission_is_accepted_from_the_resubmission_day():
    case = receive(handed("申请书"))
    case.request_correction(NOW, TODAY, STAFF, [], None)
    back = NOW + timedelta(days=3)
    case.resubmit(list(handed("申请书")), back, back.date(), STAFF)
    later = back + timedelta(days=9)
    # The deadlines service's restarted clock ran from the resubmission day.
    assert case.deem_accepted(later, later.date(), date(2026, 10, 16), back.date())
    assert case.events[-1].accepted_on == back.date()


# -- directory ------------------------------------------------------------------------------
def _member(staff_id, rank=5, backup=None) -> StaffMember:
    return StaffMember(staff_id, staff_id, "market", "科员", rank, backup_id=backup)


def test_chief_approver_terms_are_at_least_one_year():
    department = Department("market", "市场监管局")
    with pytest.raises(InputError) as err:
        department.appoint(directory_c.AppointChiefApprover("market", "a", date(2026, 1, 1),
                                                  date(2026, 12, 30), "不予受理决定"), _member("a"))
    assert err.value.code == "TERM_TOO_SHORT"
    department.appoint(directory_c.AppointChiefApprover("market", "a", date(2026, 1, 1),
                                              one_year_after(date(2026, 1, 1)), "不予受理决定"),
                       _member("a"))
    assert department.chief_approvers_on(date(2026, 12, 31)) == ["a"]
    assert department.chief_approvers_on(date(2027, 1, 1)) == []


def test_work_for_an_absent_a_goes_to_b_who_acts_with_a_authority():
    a = _member("a", backup="b")
    assert addressees([a], TODAY) == (["a"], [])
    a.record_absence(directory_c.RecordAbsence("a", "training", TODAY, TODAY + timedelta(days=2)), "head", NOW)
    assert addressees([a], TODAY) == (["b"], ["a"])
    assert authority_of("b", [a], TODAY) == ("a", "a")
    assert authority_of("c", [a], TODAY) is None
    assert authority_of("a", [a], TODAY + timedelta(days=3)) == ("a", None)
    assert authority_of("b", [a], TODAY + timedelta(days=3)) is None
    a.end_absence(TODAY + timedelta(days=1), "head")
    assert authority_of("b", [a], TODAY + timedelta(days=1)) is None
    assert a.events[-2].event_type == "staff.absence_recorded"


def test_an_absence_needs_a_backup():
    with pytest.raises(InputError) as err:
        _member("a").record_absence(directory_c.RecordAbsence("a", "leave", TODAY, TODAY), "head", NOW)
    assert err.value.code == "NO_BACKUP"


# -- first-inquiry ledger -------------------------------------------------------------------
def test_the_highest_ranked_responder_owns_the_inquiry_and_a_pending_one_is_due():
    junior, senior = _member("j", rank=3), _member("s", rank=8)
    assert first_inquiry_owner([junior, senior]) is senior
    inquiry = Inquiry.log(inquiry_c.LogInquiry("phone", "李四", "能否异地办理？", "pending_reply",
                                       ["j", "s"]), [junior, senior], NOW, TODAY,
                          date(2026, 9, 29))
    assert inquiry.owner_id == "s" and inquiry.open
    assert [e.event_type for e in inquiry.events] == ["inquiry.logged", "inquiry.reply_due"]
    assert inquiry.events[1].reply_due_on == date(2026, 9, 29)
    inquiry.reply("可以", "s", NOW, TODAY)
    assert not inquiry.open and inquiry.events[-1].event_type == "inquiry.answered"


def test_an_answered_inquiry_needs_its_answer_and_a_referral_its_target():
    member = _member("j")
    with pytest.raises(InputError) as err:
        Inquiry.log(inquiry_c.LogInquiry("on_site", "李四", "事项", "answered", ["j"]), [member], NOW,
                    TODAY, None)
    assert err.value.code == "REQUIRED"
    with pytest.raises(InputError) as err:
        Inquiry.log(inquiry_c.LogInquiry("on_site", "李四", "事项", "referred", ["j"],
                                 referral=directory_c.Referral("outside")), [member], NOW, TODAY, None)
    assert err.value.field == "referral.where"


def test_an_inquiry_referred_to_an_absent_member_goes_to_their_backup():
    a = _member("a", backup="b")
    a.record_absence(directory_c.RecordAbsence("a", "leave", TODAY, TODAY), "head", NOW)
    inquiry = Inquiry.log(inquiry_c.LogInquiry("on_site", "李四", "事项", "referred", ["j"],
                                       referral=directory_c.Referral("staff", "a")),
                          [_member("j")], NOW, TODAY, None, referred_staff=a)
    assert (inquiry.referral.target, inquiry.referral.on_behalf_of) == ("b", "a")
    assert inquiry.events[0].referral["target"] == "b"
