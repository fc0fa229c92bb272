"""Accountability (责任追究: 000 §1-16, 001 責任追究 §1-10): a breach finding, the allocation of
responsibility, hearing the person (001 §10), the sanction from the ladder with heavier and
lighter circumstances (000 §14-15, 001 §8-9), and the appeal (000 §16: within 15 days,
answered within a month). Pure.
"""

import enum
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from services.kit.codec import dump, transient
from services.kit.domain import DomainEvent, RuleBroken
from services.kit.domain import InputError
from services.kit.validation import TEXT_MAX, choice, text

from .allocation import Allocation, ChainOpinion, Fault, Role, allocate
from .breaches import Breach
from .events import (
    AppealAnswered, AppealFiled, FindingOpened, HearingRecorded, ResponsibilityAllocated,
    SanctionDecided,
)

APPEAL_DAYS = 15  # 000 §16: natural days from notification
HEAVIER_WINDOW = timedelta(days=365)  # 000 §15, 001 §8: a second finding within one year
NAMED_CHECKED = (Role.WINDOW_STAFF, Role.HANDLER, Role.REVIEWER)


class Sanction(enum.StrEnum):
    """The ladder (001 首問 §6, 004 首问 §6, 001 責任追究 §7), lightest first."""
    TALK = "talk"  # 谈话教育
    ORAL_ADMONITION = "oral_admonition"  # 口头告诫
    WRITTEN_ADMONITION = "written_admonition"  # 书面告诫
    PUBLIC_CRITICISM = "public_criticism"  # 通报批评
    LOSS_OF_AWARD_ELIGIBILITY = "loss_of_award_eligibility"  # 取消年度评优评先资格
    OFF_POST_TRAINING = "off_post_training"  # 离岗培训
    TRANSFER = "transfer"  # 调离岗位
    REMOVAL = "removal"  # 免职
    DISMISSAL = "dismissal"  # 辞退
    DISCIPLINE_REFERRAL = "discipline_referral"  # 移送纪检监察机关


class Lighter(enum.StrEnum):
    APOLOGY_ACCEPTED = "apology_accepted"  # 主动赔礼道歉，申请人已谅解
    LOSS_PREVENTED = "loss_prevented"  # 有效阻止不良后果
    SELF_CORRECTED = "self_corrected"  # 主动纠正或挽回损失
    COOPERATED = "cooperated"  # 积极配合调查，主动承担责任


class Heavier(enum.StrEnum):
    REPEAT_WITHIN_A_YEAR = "repeat_within_a_year"  # 一年内再次应予追究
    RETALIATION = "retaliation"  # 打击报复投诉人 (000 §15(三), 001 §8(一)): a verified finding


class AppealOutcome(enum.StrEnum):
    UPHELD = "upheld"
    CHANGED = "changed"
    WITHDRAWN = "withdrawn"


class FindingError(RuleBroken):
    """A finding's step out of order, naming someone it may not, or by the wrong person."""


@dataclass(frozen=True)
class Circumstance:
    kind: Lighter
    evidence: str


@dataclass(frozen=True)
class Hearing:
    staff_id: str
    statement: str
    defence: str
    on: date
    recorded_by: str


@dataclass(frozen=True)
class SanctionDecision:
    id: str
    staff_id: str
    level: Sanction
    reasons: str
    heavier: tuple[Heavier, ...]
    lighter: tuple[Circumstance, ...]
    decided_on: date
    decided_by: str


@dataclass(frozen=True)
class Appeal:
    id: str
    sanction_id: str
    staff_id: str
    statement: str
    filed_on: date
    outcome: AppealOutcome | None = None
    answer: str | None = None
    answered_on: date | None = None
    answered_by: str | None = None


@dataclass
class Finding:
    id: str
    breach: Breach
    department: str
    case_id: str | None
    case_number: str | None
    source: str  # the supervision case or complaint it came from; "office" when typed in
    people: tuple[str, ...]  # those involved: the only ones it may name
    chain: tuple[ChainOpinion, ...]  # the case's review chain, as intake announced it
    opened_on: date
    opened_by: str
    allocation: Allocation | None = None
    hearings: tuple[Hearing, ...] = ()
    sanctions: tuple[SanctionDecision, ...] = ()
    appeals: tuple[Appeal, ...] = ()
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    def _ids(self) -> dict:
        return {"finding_id": self.id, "breach": self.breach.value,
                "department": self.department, "case_id": self.case_id,
                "case_number": self.case_number}

    @classmethod
    def open(cls, finding_id: str, breach: str, department: str, case_id: str | None,
             case_number: str | None, source: str, people: list[str],
             chain: list[ChainOpinion], day: date, by: str) -> "Finding":
        involved = tuple(dict.fromkeys([*people, *(o.staff_id for o in chain)]))
        if not involved:
            raise InputError("people", "REQUIRED", "须写明涉及的工作人员")
        if by in involved:
            raise FindingError("OWN_CASE", "不能认定涉及本人的违规")
        finding = cls(finding_id, choice("breach", Breach, breach), department, case_id,
                      case_number, source, involved, tuple(chain), day, by)
        finding.events.append(FindingOpened(**finding._ids(), source=source,
                                            people=list(involved), opened_on=day))
        return finding

    # -- allocation -------------------------------------------------------------------
    def allocate(self, fault: str, right_verdict: str | None, named: dict[str, str],
                 day: date) -> Allocation:
        if self.sanctions:
            raise FindingError("ALREADY_SANCTIONED", "已作出处理决定，不能重新划分责任")
        roles = {choice("named", Role, r): p for r, p in named.items() if p}
        for role, person in roles.items():
            if role in NAMED_CHECKED and person not in self.people:
                raise FindingError("NOT_INVOLVED", f"{person} 不是本案涉及的工作人员")
        allocation = allocate(choice("fault", Fault, fault), list(self.chain), right_verdict,
                              roles)
        self.allocation = allocation
        self.events.append(ResponsibilityAllocated(
            **self._ids(), rule=allocation.rule, shares=dump(list(allocation.shares)),
            allocated_on=day))
        return allocation

    def responsible(self) -> set[str]:
        return {s.staff_id for s in self.allocation.shares} if self.allocation else set()

    # -- hearing and sanction -------------------------------------------------------------
    def record_hearing(self, staff_id: str, statement: str, defence: str, day: date,
                       by: str) -> None:
        if staff_id not in self.responsible():
            raise FindingError("NOT_RESPONSIBLE", "只听取被追究责任人员的陈述和申辩")
        self.hearings = (*self.hearings, Hearing(staff_id, text("statement", statement, TEXT_MAX),
                                                 text("defence", defence, TEXT_MAX,
                                                      required=False), day, by))
        self.events.append(HearingRecorded(**self._ids(), staff=staff_id, heard_on=day))

    def decide_sanction(self, staff_id: str, level: str, reasons: str,
                        lighter: list[tuple[str, str]], earlier_sanctions: list[date],
                        day: date, by: str,
                        retaliations: list[date] = ()) -> SanctionDecision:
        """`earlier_sanctions`: the days of this person's earlier sanctions (any finding);
        `retaliations`: the days of retaliation findings that hold them responsible."""
        if staff_id not in self.responsible():
            raise FindingError("NOT_RESPONSIBLE", "该人员未被划分责任")
        if by == staff_id:
            raise FindingError("SAME_PERSON", "不能处理本人")
        if not any(h.staff_id == staff_id for h in self.hearings):
            raise FindingError("HEARING_REQUIRED", "作出处理决定前应当听取其陈述和申辩（001 §10）")
        if any(s.staff_id == staff_id for s in self.sanctions):
            raise FindingError("ALREADY_SANCTIONED", "已对该人员作出处理决定")
        circumstances = tuple(Circumstance(choice(f"lighter[{i}].kind", Lighter, k),
                                           text(f"lighter[{i}].evidence", e, TEXT_MAX))
                              for i, (k, e) in enumerate(lighter))
        heavier = tuple(h for h, found in (
            (Heavier.REPEAT_WITHIN_A_YEAR, any(day - d <= HEAVIER_WINDOW
                                               for d in earlier_sanctions)),
            (Heavier.RETALIATION, self.breach is Breach.RETALIATION or any(
                day - d <= HEAVIER_WINDOW for d in retaliations))) if found)
        decision = SanctionDecision(str(uuid.uuid4()), staff_id, choice("level", Sanction, level),
                                    text("reasons", reasons, TEXT_MAX), heavier, circumstances,
                                    day, by)
        self.sanctions = (*self.sanctions, decision)
        self.events.append(SanctionDecided(
            **self._ids(), decision_id=decision.id, staff=staff_id, level=decision.level.value,
            heavier=[h.value for h in heavier], lighter=[c.kind.value for c in circumstances],
            notified_on=day, decided_by=by))
        return decision

    # -- appeal -------------------------------------------------------------------------
    def file_appeal(self, sanction_id: str, statement: str, day: date, by: str) -> Appeal:
        sanction = next((s for s in self.sanctions if s.id == sanction_id), None)
        if sanction is None:
            raise FindingError("NO_SUCH_SANCTION", "没有该处理决定")
        if by != sanction.staff_id:
            raise FindingError("NOT_YOUR_SANCTION", "只有被处理人本人可以申诉")
        if day > sanction.decided_on + timedelta(days=APPEAL_DAYS):
            raise FindingError("APPEAL_TOO_LATE", f"申诉须在处理决定作出之日起 {APPEAL_DAYS} 日内提出")
        if any(a.sanction_id == sanction_id for a in self.appeals):
            raise FindingError("ALREADY_APPEALED", "已就该处理决定提出申诉")
        appeal = Appeal(str(uuid.uuid4()), sanction_id, by, text("statement", statement, TEXT_MAX),
                        day)
        self.appeals = (*self.appeals, appeal)
        self.events.append(AppealFiled(**self._ids(), appeal_id=appeal.id,
                                       decision_id=sanction_id, staff=by, filed_on=day))
        return appeal

    def answer_appeal(self, appeal_id: str, outcome: str, answer: str, day: date,
                      by: str) -> None:
        appeal = next((a for a in self.appeals if a.id == appeal_id), None)
        if appeal is None:
            raise FindingError("NO_SUCH_APPEAL", "没有该申诉")
        if appeal.outcome is not None:
            raise FindingError("ALREADY_ANSWERED", "该申诉已答复")
        if by == appeal.staff_id:
            raise FindingError("SAME_PERSON", "不能答复本人的申诉")
        done = Appeal(appeal.id, appeal.sanction_id, appeal.staff_id, appeal.statement,
                      appeal.filed_on, choice("outcome", AppealOutcome, outcome),
                      text("answer", answer, TEXT_MAX), day, by)
        self.appeals = tuple(done if a.id == appeal_id else a for a in self.appeals)
        self.events.append(AppealAnswered(**self._ids(), appeal_id=appeal_id,
                                          decision_id=appeal.sanction_id, staff=appeal.staff_id,
                                          outcome=done.outcome.value, answered_on=day))
