"""Who takes each step of an item's review chain in one department, and whether every step
can be taken at all.

A step is addressed to the holders of its post. Where the directory lacks the post, or
everybody holding it has already given an opinion in the case (the same person never signs
two levels), the next post up takes it (否定报备 §3-5: section head → deputy leader → main
leader); an A who is away is covered by their B (AB岗, 000 岗位责任制 §3), which the work queue
and the opinion's authority apply on the day.

`gaps` walks every path an item's chain can take (each verdict, a disagreement, each kind of
person answering) and names the post that is missing wherever a step would be addressed to
nobody; publishing an item and changing the directory are refused while there is a gap.
Pure.
"""

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from ..catalogue.domain import CaseKind, ItemElements, ReviewChainKind
from ..directory.domain import LADDER, Department, Position, StaffMember, at_least
from .domain import (
    POSITION_NAMES, Awaiting, Opinion, OpinionInput, Review, ReviewError, Reviewer,
    ReviewRole, Verdict,
)

ABOVE_STAFF = LADDER[1:]


@dataclass(frozen=True)
class Roster:
    """What the directory says today of one department for one item: who holds each post,
    and who holds the item's decision authority by delegation (a chief approver in office)."""
    holders: dict[Position, tuple[str, ...]] = field(default_factory=dict)
    decision_level: Position = Position.SECTION_HEAD
    delegated: tuple[str, ...] = ()

    @classmethod
    def of(cls, members: Iterable[StaffMember], department: Department | None,
           item_code: str, decision_level: Position, day: date) -> "Roster":
        holders: dict[Position, tuple[str, ...]] = {}
        for m in members:
            holders[m.position] = (*holders.get(m.position, ()), m.id)
        delegated = tuple(m for ids in holders.values() for m in ids
                          if department and department.delegates_decision(m, item_code, day))
        return cls(holders, decision_level, delegated)

    def with_vacancy(self, level: Position) -> "Roster":
        """The roster with one more (hypothetical) holder of `level`."""
        held = self.holders.get(level, ())
        return replace(self, holders={**self.holders,
                                      level: (*held, f"(vacant {level.value} {len(held)})")})

    def position_of(self, staff_id: str) -> Position | None:
        return next((p for p, ids in self.holders.items() if staff_id in ids), None)

    def decides(self, staff_id: str) -> bool:
        position = self.position_of(staff_id)
        return staff_id in self.delegated or (
            position is not None and at_least(position, self.decision_level))

    def free(self, review: Review, level: Position) -> tuple[str, ...]:
        """Holders of `level` who have not given an opinion in the review."""
        return tuple(i for i in self.holders.get(level, ()) if not review.given_by(i))

    def addressed(self, review: Review) -> tuple[str, ...]:
        """Whose opinion the review awaits: the holders of the step's post, else of the next
        post up; () when nobody in the department can take it."""
        match review.awaiting:
            case Awaiting.HANDLER:
                return (review.handler_id,)
            case Awaiting.NONE:
                return ()
            case Awaiting.REVIEWER:
                return self._first_free(review, ABOVE_STAFF)
            case Awaiting.APPROVER:
                at_level = [i for i in (*self.holders.get(self.decision_level, ()),
                                        *self.delegated) if not review.given_by(i)]
                if at_level:
                    return tuple(dict.fromkeys(at_level))
                above = LADDER[LADDER.index(self.decision_level) + 1:]
                return self._first_free(review, above)
            case Awaiting.ESCALATION:
                return self.free(review, review.level) if review.level else ()
        raise AssertionError(review.awaiting)

    def _first_free(self, review: Review, levels: Iterable[Position]) -> tuple[str, ...]:
        for level in levels:
            if found := self.free(review, level):
                return found
        return ()

    def eligible_levels(self, review: Review) -> frozenset[Position]:
        """The ladder's posts somebody could still take in this review."""
        return frozenset(p for p in LADDER if self.free(review, p))


def missing_post(review: Review, decision_level: Position) -> str:
    """The post a step addressed to nobody lacks, in the directory's words."""
    match review.awaiting:
        case Awaiting.REVIEWER:
            return "审核人（科室负责人或以上，且未在本件中签署过意见）"
        case Awaiting.APPROVER:
            return (f"批准人（{POSITION_NAMES[decision_level]}或以上、或获授权的首席审批员，"
                    "且未在本件中签署过意见）")
        case Awaiting.ESCALATION if review.level is Position.MAIN_LEADER:
            return "主要领导（否定报备逐级上报的最终决定人）"
        case Awaiting.ESCALATION if review.level is not None:
            return f"{POSITION_NAMES[review.level]}（否定报备的上一级）"
    return "承办人"


# -- every path through an item's chain --------------------------------------------------

_AT, _ON = datetime(2000, 1, 3, 9), date(2000, 1, 3)
_APPROVE = OpinionInput(Verdict.APPROVE, (), None)
_DENY = OpinionInput(Verdict.DENY, ("-",), "-")
_DISAGREE = OpinionInput(Verdict.APPROVE, (), None, applicant_disagrees=True)


def gaps(chain: ReviewChainKind, immediate: bool, roster: Roster) -> list[str]:
    """Every post missing for some path of the item's chain in this roster, named at once
    (empty: every step of every path reaches a person). The handler is a member at the staff
    post (the window). Where a step finds nobody, the walk goes on as if its post were filled,
    so that what lies beyond is named too."""
    missing: list[str] = []
    if not roster.holders.get(Position.STAFF):
        missing.append("承办人（窗口工作人员）")
        roster = roster.with_vacancy(Position.STAFF)
    for _ in LADDER:
        gap = _first_gap(chain, immediate, roster)
        if gap is None:
            break
        post, level = gap
        missing.append(post)
        roster = roster.with_vacancy(level)
    return missing


def _first_gap(chain: ReviewChainKind, immediate: bool,
               roster: Roster) -> tuple[str, Position] | None:
    handler = roster.holders[Position.STAFF][0]
    acceptor = Opinion(ReviewRole.HANDLER, handler, handler, Position.STAFF, Verdict.APPROVE,
                       (), None, _AT, _ON)
    seen: set[Review] = set()
    todo = deque([Review.begin(chain, roster.decision_level, immediate, acceptor, handler)])
    while todo:  # breadth first, approvals first: the usual path's posts are named first
        review = todo.popleft()
        if review in seen or review.decided:
            continue
        seen.add(review)
        addressed = roster.addressed(review)
        if not addressed:
            return missing_post(review, roster.decision_level), _vacant_level(review, roster)
        for person in _kinds_of(addressed, roster):
            position = roster.position_of(person) or Position.STAFF
            who = Reviewer(person, person, "", position, roster.decides(person))
            for opinion in (_APPROVE, _DENY, _DISAGREE):
                try:
                    following, _ = review.record(who, opinion, _AT, _ON, roster)
                except ReviewError:
                    continue
                todo.append(following)
    return None


def _vacant_level(review: Review, roster: Roster) -> Position:
    match review.awaiting:
        case Awaiting.REVIEWER:
            return Position.SECTION_HEAD
        case Awaiting.APPROVER:
            return roster.decision_level
    return review.level or Position.MAIN_LEADER


def _kinds_of(addressed: tuple[str, ...], roster: Roster) -> list[str]:
    """One person of each kind (post, decision authority): the rest answer alike, and who
    has signed matters only by their post."""
    kinds: dict[tuple, str] = {}
    for person in addressed:
        kinds.setdefault((roster.position_of(person), roster.decides(person)), person)
    return list(kinds.values())


def item_gaps(elements: ItemElements, item_code: str, members: Iterable[StaffMember],
              department: Department | None, day: date,
              co_departments_staffed: dict[str, bool]) -> list[str]:
    """What the directory lacks for every step of one item's cases in its department (and,
    for a joint item, in each co-department asked for its opinion)."""
    roster = Roster.of(members, department, item_code, elements.decision_level, day)
    missing = gaps(elements.review_chain, elements.case_kind is CaseKind.IMMEDIATE, roster)
    missing += [f"协办部门 {co} 的工作人员（出具联办意见）"
                for co in elements.co_departments if not co_departments_staffed.get(co)]
    return missing
