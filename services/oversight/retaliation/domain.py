"""Retaliation against a complainant (打击报复投诉人: 000 §15(三), 001 §8(一)), detected from the
data where the data allows. Pure.

An applicant who complained about a case is known by the pseudonym intake's events carry
(`applicant_ref`), and the staff of that case by oversight's ledger (the acceptor and the
review chain). Within a year of the complaint, a correction notice, a rejection or a denial
against the same applicant by one of those staff is a possible retaliation: electronic
supervision opens a case for a supervisor to verify (it is not presumed). A verified one is a
breach finding of its own, and it makes any sanction of that person within the year heavier.

What the data cannot show is not guessed: a complaint about a staff member or a window names no
case, so its complainant cannot be recognised among applicants.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from services.kit.codec import transient
from services.kit.domain import DomainEvent

RETALIATION_WINDOW = timedelta(days=365)
SHIELDS_MAX = 100  # complaints kept per complainant (the oldest beyond a year go first)


@dataclass(frozen=True)
class Shield:
    """A complaint this applicant made about a case, and the staff that case names."""
    complaint_id: str
    complaint_number: str
    case_id: str
    received_on: date
    staff: tuple[str, ...]


@dataclass(frozen=True)
class AdverseStep:
    """A step against an applicant: a correction notice, a rejection, a denial."""
    kind: str  # correction | rejection | denial
    case_id: str
    case_number: str | None
    department: str
    staff: tuple[str, ...]
    on: date
    reference: str  # the notice or document number


ADVERSE_NAMES = {"correction": "补正告知", "rejection": "不予受理", "denial": "不予许可"}


@dataclass
class Complainant:
    """Keyed by the applicant's pseudonym (`id`): the complaints they made about cases."""
    id: str
    shields: tuple[Shield, ...] = ()
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    def record(self, shield: Shield) -> bool:
        """False when this complaint was recorded before (a redelivery)."""
        if any(s.complaint_id == shield.complaint_id for s in self.shields):
            return False
        kept = sorted((*self.shields, shield), key=lambda s: s.received_on)
        self.shields = tuple(kept[-SHIELDS_MAX:])
        return True

    def retaliation(self, step: AdverseStep) -> list[tuple[Shield, tuple[str, ...]]]:
        """The complaints this step may retaliate for, with the staff in both."""
        found = []
        for shield in self.shields:
            if not shield.received_on <= step.on <= shield.received_on + RETALIATION_WINDOW:
                continue
            both = tuple(p for p in step.staff if p in shield.staff)
            if both:
                found.append((shield, both))
        return found
