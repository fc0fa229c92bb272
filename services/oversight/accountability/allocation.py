"""Allocating responsibility for a breach (000 责任追究制 §4-8; 002 追责办法). Pure.

For a decision (审批), the handler (承办人) is directly responsible and the reviewer (审核人)
and approver (批准人) are the direct supervisors (§4); with only acceptance and approval the
acceptor is the reviewer. §5-8 say who carries a wrong decision; the rule that decided is
named in the result. For conduct that is not a decision (overdue, rude conduct, leaving the
post), 002's chain applies: window staff directly, the chief representative for leadership,
the centre's supervisors for supervision, the efficiency office for failing to oversee, as the
finding names them.
"""

import enum
from dataclasses import dataclass

from services.kit.domain import RuleBroken
from services.kit.domain import InputError


class Fault(enum.StrEnum):
    """What the finding established about how the breach came about."""
    APPLICANT_FALSE_MATERIAL = "applicant_false_material"  # §5: no staff fault
    SITE_INSPECTION = "site_inspection"  # §5: the site inspector did not do the job
    HANDLER_ACTED_ALONE = "handler_acted_alone"  # §6, §7(一)
    NOT_AS_APPROVED = "not_as_approved"  # §7(二)
    HANDLER_FALSIFIED = "handler_falsified"  # §7(三)
    WRONG_OPINIONS = "wrong_opinions"  # §7(四)(五)(九)(十): from the opinions and the right verdict
    REVIEWER_DECIDED_ALONE = "reviewer_decided_alone"  # §7(六)
    REVIEWER_FALSIFIED = "reviewer_falsified"  # §7(七)
    REVIEWER_WRONG_INSTRUCTION = "reviewer_wrong_instruction"  # §7(八)
    COLLECTIVE_DECISION = "collective_decision"  # §8
    CONDUCT = "conduct"  # not a decision: 002's chain


class Role(enum.StrEnum):
    HANDLER = "handler"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    SITE_INSPECTOR = "site_inspector"
    WINDOW_STAFF = "window_staff"  # 002: direct
    CHIEF_REPRESENTATIVE = "chief_representative"  # 002: leadership
    CENTRE_SUPERVISOR = "centre_supervisor"  # 002: supervision
    EFFICIENCY_OFFICE = "efficiency_office"  # 002: failure to oversee


class Responsibility(enum.StrEnum):
    DIRECT = "direct"  # 直接责任
    SUPERVISORY = "supervisory"  # 直接主管 / 领导责任
    SUPERVISION = "supervision"  # 监管责任
    OVERSIGHT = "oversight"  # 失察责任


@dataclass(frozen=True)
class ChainOpinion:
    """One opinion of the case's review chain, as intake's `case.decided` carries it."""
    role: str  # handler | reviewer | approver
    staff_id: str
    verdict: str  # approve | deny


@dataclass(frozen=True)
class Share:
    staff_id: str
    role: Role
    responsibility: Responsibility


@dataclass(frozen=True)
class Allocation:
    rule: str  # the rule that decided, e.g. "000 责任追究制 §7(五)"
    shares: tuple[Share, ...]


class AllocationError(RuleBroken):
    """The chain cannot carry this allocation (a role it lacks, a right decision)."""


def _one(opinions: list[ChainOpinion], role: str) -> list[ChainOpinion]:
    return [o for o in opinions if o.role == role]


def _shares(people: list[ChainOpinion], role: Role,
            responsibility: Responsibility) -> list[Share]:
    return [Share(o.staff_id, role, responsibility) for o in people]


def allocate(fault: Fault, opinions: list[ChainOpinion], right_verdict: str | None = None,
             named: dict[Role, str] | None = None) -> Allocation:
    """`opinions`: the case's chain in order; `right_verdict`: what the decision should have
    been (WRONG_OPINIONS); `named`: people the finding names for roles the chain does not hold
    (the site inspector; 002's chief representative, supervisor, efficiency office)."""
    named = named or {}
    handlers = _one(opinions, "handler")
    reviewers = _one(opinions, "reviewer")
    approvers = _one(opinions, "approver")
    direct, sup = Responsibility.DIRECT, Responsibility.SUPERVISORY
    match fault:
        case Fault.APPLICANT_FALSE_MATERIAL:
            return Allocation("000 责任追究制 §5（申请人提供虚假材料，工作人员无过错）", ())
        case Fault.SITE_INSPECTION:
            inspector = named.get(Role.SITE_INSPECTOR)
            if not inspector:
                raise InputError("named.siteInspector", "REQUIRED", "须写明现场勘查人员")
            return Allocation("000 责任追究制 §5（现场勘查人员未正确履行职责）",
                              (Share(inspector, Role.SITE_INSPECTOR, direct),))
        case Fault.HANDLER_ACTED_ALONE | Fault.NOT_AS_APPROVED | Fault.HANDLER_FALSIFIED:
            rule = {Fault.HANDLER_ACTED_ALONE: "§6、§7（一）（承办人未经审核、批准直接作出）",
                    Fault.NOT_AS_APPROVED: "§7（二）（承办人未按审核、批准的内容实施）",
                    Fault.HANDLER_FALSIFIED: "§7（三）（承办人弄虚作假、徇私舞弊）"}[fault]
            return Allocation(f"000 责任追究制 {rule}",
                              tuple(_shares(_need(handlers, "承办人"), Role.HANDLER, direct)))
        case Fault.REVIEWER_DECIDED_ALONE | Fault.REVIEWER_FALSIFIED:
            rule = {Fault.REVIEWER_DECIDED_ALONE: "§7（六）（审核人未报请批准直接决定）",
                    Fault.REVIEWER_FALSIFIED: "§7（七）（审核人弄虚作假）"}[fault]
            return Allocation(f"000 责任追究制 {rule}",
                              tuple(_shares(_need(reviewers, "审核人"), Role.REVIEWER, sup)))
        case Fault.REVIEWER_WRONG_INSTRUCTION:
            return Allocation("000 责任追究制 §7（八）（审核人错误指令经批准人同意）", tuple(
                _shares(_need(reviewers, "审核人"), Role.REVIEWER, sup)
                + _shares(_need(approvers, "批准人"), Role.APPROVER, sup)))
        case Fault.COLLECTIVE_DECISION:
            leaders = [named[r] for r in (Role.REVIEWER, Role.APPROVER) if named.get(r)]
            if not leaders:
                raise InputError("named", "REQUIRED", "集体决策须写明参与决定的分管领导、主要领导")
            return Allocation("000 责任追究制 §8（领导集体决策，分管、主要领导视为审核人和批准人）",
                              tuple(Share(p, r, sup) for r in (Role.REVIEWER, Role.APPROVER)
                                    if (p := named.get(r))))
        case Fault.CONDUCT:
            chain = [(Role.WINDOW_STAFF, direct), (Role.HANDLER, direct), (Role.REVIEWER, sup),
                     (Role.CHIEF_REPRESENTATIVE, sup),
                     (Role.CENTRE_SUPERVISOR, Responsibility.SUPERVISION),
                     (Role.EFFICIENCY_OFFICE, Responsibility.OVERSIGHT)]
            shares = tuple(Share(named[r], r, resp) for r, resp in chain if named.get(r))
            if not shares:
                raise InputError("named.windowStaff", "REQUIRED", "须写明直接责任人")
            return Allocation("002 追责办法（窗口经办人直接责任，依次追究首席代表、监管、失察责任）",
                              shares)
        case Fault.WRONG_OPINIONS:
            return _wrong_opinions(handlers, reviewers, approvers, right_verdict)
    raise AssertionError(fault)


def _need(people: list[ChainOpinion], who: str) -> list[ChainOpinion]:
    if not people:
        raise AllocationError("ROLE_NOT_IN_CHAIN", f"该办件的审批链中没有{who}")
    return people


def _wrong_opinions(handlers, reviewers, approvers, right: str | None) -> Allocation:
    if right not in ("approve", "deny"):
        raise InputError("rightVerdict", "REQUIRED", "须写明正确的审批结论")
    if not approvers:
        raise AllocationError("NOT_DECIDED", "该办件尚未作出决定")
    if approvers[-1].verdict == right:
        raise AllocationError("DECISION_RIGHT", "审批决定正确，不适用审批责任划分")
    direct, sup = Responsibility.DIRECT, Responsibility.SUPERVISORY
    if not handlers and not reviewers:  # (十)
        return Allocation("000 责任追究制 §7（十）（未经承办人拟办、审核人审核，批准人直接决定）",
                          tuple(_shares(approvers, Role.APPROVER, sup)))
    handler_right = any(o.verdict == right for o in handlers)
    wrong_reviewers = [o for o in reviewers if o.verdict != right]
    right_reviewers = [o for o in reviewers if o.verdict == right]
    if handler_right and wrong_reviewers:  # (五): the reviewer changed the right proposal
        return Allocation("000 责任追究制 §7（五）（审核人改变承办人正确意见，经批准人批准）", tuple(
            _shares(wrong_reviewers, Role.REVIEWER, sup)
            + _shares(approvers, Role.APPROVER, sup)))
    if handler_right or right_reviewers:  # (九): the approver overruled a right opinion
        return Allocation("000 责任追究制 §7（九）（批准人不采纳或改变承办人、审核人正确意见）",
                          tuple(_shares(approvers, Role.APPROVER, sup)))
    # (四): a wrong proposal nobody above corrected; each by the part they played
    return Allocation("000 责任追究制 §7（四）（承办人意见错误，审核人、批准人应当发现而未发现）", tuple(
        _shares(handlers, Role.HANDLER, direct) + _shares(reviewers, Role.REVIEWER, sup)
        + _shares(approvers, Role.APPROVER, sup)))
