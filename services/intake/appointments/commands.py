"""What applicants and the hall ask of appointments (imperative names). Raw input; the domain
validates it."""

from dataclasses import dataclass, field
from datetime import date

from ..cases.commands import ApplicantDetails, HandedInMaterial


@dataclass(frozen=True)
class BookAppointment:
    service_item_id: str
    on: date
    starts_at: str  # HH:MM
    channel: str  # web | phone | on_site
    applicant: ApplicantDetails
    note: str | None = None


@dataclass(frozen=True)
class RecordAppointmentContact:
    appointment_id: str
    told: str  # what was said: the materials to bring, told at once (一次性告知), the time agreed


@dataclass(frozen=True)
class CancelAppointment:
    appointment_id: str
    reason: str | None = None


@dataclass(frozen=True)
class ReceiveAppointment:
    """The applicant came: the appointment becomes the case at the window, nothing retyped."""
    appointment_id: str
    materials: list[HandedInMaterial] = field(default_factory=list)


@dataclass(frozen=True)
class RecordNoShow:
    appointment_id: str
