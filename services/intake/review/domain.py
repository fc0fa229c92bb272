"""The review chain (承办 → 审核 → 批准, 000 责任追究 §4) and denial escalation (否定报备 §1-5).

Pure rules over one case's opinions. An accepted case goes to its handler (承办人), then a
reviewer (审核人), then an approver (批准人) who holds decision authority for the item; an item
with only acceptance and approval makes the acceptor the reviewer (000 §4). An immediate item
(即办件) is decided by its handler at the window.

A negative opinion, a disagreement between two steps, or one between the handler and the
applicant starts the climb: section head → deputy leader → main leader (否定报备 §3-5). Each
level gives its opinion; the first that holds decision authority for the item decides. Every
opinion on the way is kept, overruled ones too: oversight allocates responsibility from them
(000 §7).
"""

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from services.kit.domain import InputError
from services.kit.validation import TEXT_MAX, choice, text

from ..case_states import CaseStateError
from ..catalogue.domain import ReviewChainKind
from ..directory.domain import LADDER, Position, at_least

REASONS_MAX = 20


class ReviewRole(enum.StrEnum):
    HANDLER = "handler"  # 承办人: proposes
    REVIEWER = "reviewer"  # 审核人: reviews (and each level of an escalation below the decider)
    APPROVER = "approver"  # 批准人: decides


class Verdict(enum.StrEnum):
    APPROVE = "approve"
    DENY = "deny"


class ReviewError(CaseStateError):
    """Acting out of order or without the authority the step needs; nothing changes."""


@dataclass(frozen=True)
class Reviewer:
    """Who gives an opinion, with what the directory says of their authority today."""
    id: str
    name: str
    department: str
    position: Position
    decides_item: bool  # holds decision authority for the case's item (rank or delegation)
    acting_for: str | None = None  # B giving A's opinion while A is away


@dataclass(frozen=True)
class Opinion:
    role: ReviewRole
    staff_id: str
    staff_name: str
    position: Position
    verdict: Verdict
    reasons: tuple[str, ...]
    legal_basis: str | None
    at: datetime
    on: date
    acting_for: str | None = None
    applicant_disagrees: bool = False  # the handler and the applicant differ (否定报备 §1)
    escalated: bool = False  # given on the way up (否定报备)
    decisive: bool = False


@dataclass(frozen=True)
class OpinionInput:
    verdict: Verdict
    reasons: tuple[str, ...]
    legal_basis: str | None
    applicant_disagrees: bool = False

    @classmethod
    def validate(cls, verdict: str, reasons: list[str], legal_basis: str | None,
                 applicant_disagrees: bool) -> "OpinionInput":
        v = choice("verdict", Verdict, verdict)
        if len(reasons) > REASONS_MAX:
            raise InputError("reasons", "TOO_MANY", f"理由最多 {REASONS_MAX} 条")
        clean = tuple(text(f"reasons[{i}]", r, TEXT_MAX) for i, r in enumerate(reasons))
        basis = text("legalBasis", legal_basis, TEXT_MAX, required=False) or None
        if v is Verdict.DENY and not clean:
            raise InputError("reasons", "REASONS_REQUIRED", "不同意须列明理由")
        if v is Verdict.DENY and not basis:
            raise InputError("legalBasis", "LEGAL_BASIS_REQUIRED", "不同意须列明依据")
        return cls(v, clean, basis, applicant_disagrees)


class Awaiting(enum.StrEnum):
    HANDLER = "handler"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    ESCALATION = "escalation"  # the level in `Review.level`
    NONE = "none"  # decided


class Eligible(Protocol):
    def eligible_levels(self, review: "Review") -> frozenset[Position]: ...


@dataclass(frozen=True)
class Review:
    chain: ReviewChainKind
    decision_level: Position
    immediate: bool
    handler_id: str  # assigned handler (首办负责: the acceptor until a hand-over)
    awaiting: Awaiting = Awaiting.HANDLER
    level: Position | None = None  # the escalation level addressed
    opinions: tuple[Opinion, ...] = ()

    @classmethod
    def begin(cls, chain: ReviewChainKind, decision_level: Position, immediate: bool,
              acceptor: Opinion | None, handler_id: str) -> "Review":
        """At acceptance. With only acceptance and approval, the acceptor's acceptance is the
        handler's and reviewer's opinion (000 §4), and the approver is next."""
        if chain is ReviewChainKind.ACCEPT_AND_APPROVE and not immediate and acceptor:
            return cls(chain, decision_level, immediate, handler_id, Awaiting.APPROVER,
                       opinions=(acceptor,))
        return cls(chain, decision_level, immediate, handler_id)

    @property
    def decided(self) -> bool:
        return self.awaiting is Awaiting.NONE

    def decision(self) -> Opinion | None:
        return next((o for o in reversed(self.opinions) if o.decisive), None)

    def given_by(self, staff_id: str) -> bool:
        return any(o.staff_id == staff_id or o.acting_for == staff_id for o in self.opinions)

    # -- who may act -------------------------------------------------------------------
    def check(self, who: Reviewer) -> ReviewRole:
        """The role `who` would act in now, or ReviewError (nothing changes)."""
        match self.awaiting:
            case Awaiting.NONE:
                raise ReviewError("ALREADY_DECIDED", "该办件已作出决定")
            case Awaiting.HANDLER:
                if who.id != self.handler_id and who.acting_for != self.handler_id:
                    raise ReviewError("NOT_HANDLER", "只有承办人（或其 B 岗）可以提出承办意见")
                return ReviewRole.HANDLER
            case Awaiting.REVIEWER:
                if not at_least(who.position, Position.SECTION_HEAD):
                    raise ReviewError("NOT_REVIEWER", "审核须由科室负责人或以上人员进行")
                self._not_twice(who)
                return ReviewRole.REVIEWER
            case Awaiting.APPROVER:
                if not who.decides_item:
                    raise ReviewError("NO_DECISION_AUTHORITY", "您对该事项没有审批决定权")
                self._not_twice(who)
                return ReviewRole.APPROVER
            case Awaiting.ESCALATION:
                assert self.level is not None
                if who.position is not self.level:
                    raise ReviewError("NOT_ESCALATION_LEVEL",
                                      f"否定报备已报至{POSITION_NAMES[self.level]}，须由其签署意见")
                self._not_twice(who)
                return ReviewRole.APPROVER if self._decides(who) else ReviewRole.REVIEWER
        raise AssertionError(self.awaiting)

    def _not_twice(self, who: Reviewer) -> None:
        if self.given_by(who.id) or (who.acting_for and self.given_by(who.acting_for)):
            raise ReviewError("SAME_PERSON", "同一人不能在本办件中签署两级意见")

    def _decides(self, who: Reviewer) -> bool:
        return who.decides_item or who.position is Position.MAIN_LEADER

    # -- the step ----------------------------------------------------------------------
    def record(self, who: Reviewer, opinion: OpinionInput, at: datetime, day: date,
               roster: "Eligible | None" = None) -> tuple["Review", "Step"]:
        """Record `who`'s opinion. `roster` (review/staffing.py) says which ladder levels
        somebody who has not signed yet holds in the department today; a climb passes over a
        level nobody could take (the main leader when none could)."""
        role = self.check(who)
        previous = self.opinions[-1] if self.opinions else None
        disagreement = (previous is not None and previous.verdict is not opinion.verdict) \
            or (role is ReviewRole.HANDLER and opinion.applicant_disagrees)
        negative = opinion.verdict is Verdict.DENY
        escalating = self.awaiting is Awaiting.ESCALATION
        decides = (role is ReviewRole.APPROVER
                   or (self.immediate and role is ReviewRole.HANDLER and not negative
                       and not disagreement)
                   or (escalating and self._decides(who))
                   or (role is ReviewRole.REVIEWER and (negative or disagreement)
                       and who.decides_item))
        given = Opinion(
            role=ReviewRole.APPROVER if decides else role, staff_id=who.id,
            staff_name=who.name, position=who.position, verdict=opinion.verdict,
            reasons=opinion.reasons, legal_basis=opinion.legal_basis, at=at, on=day,
            acting_for=who.acting_for, applicant_disagrees=opinion.applicant_disagrees,
            escalated=escalating, decisive=decides)
        opinions = (*self.opinions, given)
        if decides:
            return replace(self, awaiting=Awaiting.NONE, level=None, opinions=opinions), \
                Step(given, decided=True)
        if negative or disagreement or escalating:
            signed = replace(self, opinions=opinions)
            staffed = roster.eligible_levels(signed) if roster else frozenset(LADDER)
            level = self._next_level(who.position, staffed)
            why = ("deny" if negative else "applicant_disagreement"
                   if role is ReviewRole.HANDLER and opinion.applicant_disagrees
                   else "disagreement" if disagreement else "climbing")
            return replace(self, awaiting=Awaiting.ESCALATION, level=level,
                           opinions=opinions), Step(given, escalated_to=level, because=why)
        following = {ReviewRole.HANDLER: Awaiting.REVIEWER if self.chain is
                     ReviewChainKind.FULL else Awaiting.APPROVER,
                     ReviewRole.REVIEWER: Awaiting.APPROVER}[role]
        return replace(self, awaiting=following, opinions=opinions), Step(given)

    def _next_level(self, giver: Position, staffed: frozenset[Position]) -> Position:
        floor = max(LADDER.index(giver), LADDER.index(self.level) if self.level else 0)
        for level in LADDER[floor + 1:]:
            if level in staffed:
                return level
        return Position.MAIN_LEADER

    def addressed_levels(self) -> tuple[Position, ...] | None:
        """Which positions the awaited opinion is for (None: the assigned handler; the
        approver step: whoever holds decision authority)."""
        match self.awaiting:
            case Awaiting.REVIEWER:
                return (Position.SECTION_HEAD,)
            case Awaiting.APPROVER:
                return (self.decision_level,)
            case Awaiting.ESCALATION:
                return (self.level,) if self.level else ()
        return None

    def handed_over(self, handler_id: str) -> "Review":
        if self.awaiting is not Awaiting.HANDLER:
            raise ReviewError("NOT_AT_HANDLER_STEP", "承办意见已提出，不能再移交承办")
        return replace(self, handler_id=handler_id)


@dataclass(frozen=True)
class Step:
    opinion: Opinion
    decided: bool = False
    escalated_to: Position | None = None
    because: str | None = None


POSITION_NAMES = {Position.STAFF: "工作人员", Position.SECTION_HEAD: "科室负责人",
                  Position.DEPUTY_LEADER: "分管领导", Position.MAIN_LEADER: "主要领导"}
