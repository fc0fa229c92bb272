"""What appointments announce (past tense, glossary English). No personal data: the applicant
is their pseudonym (`applicant_ref`). Dates are ISO, Asia/Shanghai."""

from dataclasses import dataclass
from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class AppointmentEvent(DomainEvent):
    subject_field = "appointment_id"
    appointment_id: str
    department: str
    window: str
    service_item_code: str
    on: date  # the appointment's day
    starts_at: str  # HH:MM


@dataclass(frozen=True)
class AppointmentBooked(AppointmentEvent):
    """003 预约办理制: booked by web, phone or on site. The centre contacts the applicant
    within `limit` `unit` of `booked_on` (the contact clock)."""
    event_type = "appointment.booked"
    channel: str
    booked_on: date
    applicant_ref: str
    limit: int
    unit: str


@dataclass(frozen=True)
class AppointmentContacted(AppointmentEvent):
    event_type = "appointment.contacted"
    contacted_on: date
    contacted_by: str


@dataclass(frozen=True)
class AppointmentCancelled(AppointmentEvent):
    event_type = "appointment.cancelled"
    cancelled_on: date
    by_applicant: bool
    reason: str | None


@dataclass(frozen=True)
class AppointmentArrived(AppointmentEvent):
    """The applicant came: the appointment became the case `case_id`."""
    event_type = "appointment.arrived"
    case_id: str
    arrived_on: date
    received_by: str


@dataclass(frozen=True)
class AppointmentNoShowRecorded(AppointmentEvent):
    event_type = "appointment.no_show_recorded"
    recorded_on: date
    recorded_by: str
