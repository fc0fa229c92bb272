"""What is asked of petitions, hotline and referred matters."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RegisterPetition:
    kind: str  # report | appeal | help | criticism | suggestion
    source: str  # letter | hotline | leader_referral | visit | web
    department: str
    matter: str
    petitioner_name: str | None = None
    petitioner_contact: str | None = None
    source_ref: str | None = None
    limit: int | None = None  # a limit the source set; none: 15 working days (004 §7)
    assigned_to: str | None = None


@dataclass(frozen=True)
class ExtendPetition:
    petition_id: str
    days: int
    reason: str


@dataclass(frozen=True)
class AnswerPetition:
    petition_id: str
    answer: str
