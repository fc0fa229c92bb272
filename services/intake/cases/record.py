"""A case's record: every field `Case` holds, the values it keeps (notices, the proposal to
reject, hand-overs) and the few helpers each step uses (its ids for events, the state check,
issuing a numbered notice). Pure.

The steps are split by what they do, each a class over this record in cases/: receipt,
acceptance and rejection (domain.py), processing after acceptance (processing.py), special
procedures, extensions and delays (timing.py), joint opinions (joint_steps.py), ratings
(rating_steps.py). The rules they apply live in the parts (review/, procedures/, delivery/,
joint/, ratings/), which import nothing from cases/.
"""

from dataclasses import dataclass
from datetime import date, datetime

from services.kit.codec import transient
from services.kit.domain import DomainEvent

from ..case_states import NOTICE_PREFIX, STATUS_NAMES, AcceptanceKind, CaseStateError, CaseStatus, NoticeKind
from ..catalogue.domain import ItemSnapshot
from ..delivery.domain import Delivery
from ..directory.referrals import Referral
from ..joint.domain import JointReview
from ..procedures.domain import ApplicantDelay, Extension, SpecialProcedure
from ..ratings.domain import Rating
from ..review.domain import Review, Verdict
from .applicants import Applicant
from .events import CaseHelperAppointed
from .materials import MaterialCheck, MaterialRecord

SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who acts, as the notices print them."""
    id: str
    name: str


@dataclass(frozen=True)
class Notice:
    number: str
    kind: NoticeKind
    issued_at: datetime
    issued_on: date
    staff_id: str
    staff_name: str
    round: int = 1
    materials: tuple[MaterialRecord, ...] = ()
    committed_completion_on: date | None = None
    # the date reaches into a year whose holiday arrangement is not published (预计)
    committed_completion_provisional: bool = False
    previous_completion_on: date | None = None  # a completion-date change notice: the old date
    reasons: tuple[str, ...] = ()
    legal_basis: str | None = None
    referral: Referral | None = None
    owed: tuple[str, ...] = ()
    promised_on: date | None = None
    justification: str | None = None
    expected_days: int | None = None  # a special procedure's expected duration
    procedure: str | None = None
    extension_days: int | None = None


@dataclass(frozen=True)
class Proposal:
    reasons: tuple[str, ...]
    legal_basis: str
    referral: Referral | None
    proposed_by: str
    proposed_at: datetime
    addressed_to: tuple[str, ...]
    on_behalf_of: tuple[str, ...]
    status_before: CaseStatus


@dataclass(frozen=True)
class HandOver:
    number: int
    from_staff: str
    to_staff: str
    to_department: str
    at: datetime
    on: date
    limit: int
    note: str | None = None

    @property
    def step(self) -> str:
        return f"handover-{self.number}"


@dataclass
class CaseRecord:
    """The fields of a case (办件); `Case` (cases/domain.py) adds the steps."""
    id: str
    case_number: str
    item: ItemSnapshot
    applicant: Applicant
    department_name: str
    status: CaseStatus
    received_at: datetime
    received_on: date
    received_by: str
    window: str | None
    check: MaterialCheck
    first_check: MaterialCheck
    notices: tuple[Notice, ...] = ()
    acceptance: AcceptanceKind | None = None
    accepted_at: datetime | None = None
    accepted_on: date | None = None
    accepted_by: str | None = None
    owed: tuple[str, ...] = ()
    promised_on: date | None = None
    clock_deferred: bool = False
    materials_completed_on: date | None = None
    promise_lapsed_on: date | None = None
    proposal: Proposal | None = None
    rejected_on: date | None = None
    consented_by: str | None = None
    acting_for: str | None = None
    completed_on: date | None = None
    window_name: str | None = None  # as printed on notices
    due_on: date | None = None  # the committed completion date as last known
    due_as_of: str | None = None  # the time of the deadlines event it came from
    # after acceptance (cases/processing.py)
    review: Review | None = None
    addressed_to: tuple[str, ...] = ()  # whose opinion or step is awaited (A posts)
    handovers: tuple[HandOver, ...] = ()
    decided_on: date | None = None
    delivery: Delivery | None = None
    procedures: tuple[SpecialProcedure, ...] = ()
    extensions: tuple[Extension, ...] = ()
    applicant_delays: tuple[ApplicantDelay, ...] = ()
    withdrawn_on: date | None = None
    withdrawn_at: datetime | None = None
    applicant_ref: str = ""  # the applicant's pseudonym in events (kit.pseudonyms)
    query_code: str = ""  # printed on the acceptance notice: the public progress look-up
    joint: JointReview | None = None  # 联办件 (joint/domain.py)
    joint_awaiting: tuple[str, ...] = ()  # departments whose opinion is awaited (work queues)
    helpers: tuple[str, ...] = ()  # 帮办代办员 acting for the applicant (assistance/)
    rating: Rating | None = None  # 好差评 (ratings/domain.py)
    follow_up_rating: Rating | None = None
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @property
    def department(self) -> str:
        return self.item.department

    @property
    def acceptor(self) -> str:
        """Who accepted the case at the window (whoever received it, if deemed accepted)."""
        return self.received_by if self.accepted_by in (None, SYSTEM) else self.accepted_by

    def _ids(self) -> dict:
        return {"case_id": self.id, "case_number": self.case_number,
                "department": self.department, "service_item_id": self.item.id,
                "service_item_code": self.item.code, "window": self.window,
                "applicant_ref": self.applicant_ref}

    def _require(self, *statuses: CaseStatus) -> None:
        if self.status not in statuses:
            raise CaseStateError("CASE_WRONG_STATE",
                                 f"办件 {self.case_number} 当前状态为“{STATUS_NAMES[self.status]}”，不能办理此步骤")

    def _notice(self, kind: NoticeKind, at: datetime, day: date, actor: Actor, **kw) -> Notice:
        n = sum(1 for x in self.notices if x.kind is kind) + 1
        notice = Notice(f"{self.case_number}-{NOTICE_PREFIX[kind]}{n}", kind, at, day,
                        actor.id, actor.name, round=self.check.round, **kw)
        self.notices = (*self.notices, notice)
        return notice

    def notice(self, number: str) -> Notice | None:
        return next((n for n in self.notices if n.number == number), None)

    @property
    def approved(self) -> bool | None:
        decision = self.review.decision() if self.review else None
        return None if decision is None else decision.verdict is Verdict.APPROVE

    # -- helpers who act for the applicant (帮办代办, appointed by linking an assistance) --
    def appoint_helper(self, helper: str, assistance_id: str) -> bool:
        if not helper or helper in self.helpers:
            return False
        self.helpers = (*self.helpers, helper)
        self.events.append(CaseHelperAppointed(self.id, self.case_number, self.department,
                                               assistance_id, helper))
        return True

    def acts_for_applicant(self, subject: str | None) -> bool:
        return bool(subject) and subject in self.helpers
