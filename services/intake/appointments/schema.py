"""GraphQL for appointments (预约办理制): free slots (public), booking by the applicant on
their phone or by a clerk for a call or a visit, the centre's contact, cancellation, arrival
(the appointment becomes the case at the window) and no-shows."""

from datetime import date, datetime, timedelta
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, HELPERS, STAFF, AuthError, Role
from services.kit.clock import centre_date
from services.kit.graphql import Connection, InvalidInput, NotFound, connection, decode_cursor, \
    outcome, page_size

from ..cases.schema import ApplicantInput, CaseUpdated, HandedInMaterialInput
from ..cases.types import Case
from ..cases.commands import ApplicantDetails
from ..results import ConcurrentEdit
from ..rosters.schema import DayPart
from . import commands, domain, handlers

Channel = strawberry.enum(Enum("AppointmentChannel", {m.name: m.value for m in domain.Channel}),
                          description="网络预约 / 电话预约 / 现场预约 (003 预约办理制)")
AppointmentStatus = strawberry.enum(Enum("AppointmentStatus",
                                         {m.name: m.value for m in domain.AppointmentStatus}))


@strawberry.type(description="A time that can be booked, with its free seats (staff on duty).")
class AppointmentSlot:
    on: date
    starts_at: str = strawberry.field(description="HH:MM, Asia/Shanghai")
    part: DayPart
    capacity: int
    free: int


@strawberry.type(description="预约: one applicant's appointment for an item.")
class Appointment:
    id: strawberry.ID
    service_item_id: strawberry.ID
    service_item_code: str
    service_item_name: str
    department: str
    window: str
    on: date
    starts_at: str
    part: DayPart
    channel: Channel
    status: AppointmentStatus
    status_name: str
    applicant_name: str
    applicant_contact: str
    note: str | None
    booked_at: datetime
    contacted_at: datetime | None
    contacted_by: str | None
    told: str | None = strawberry.field(description="What the applicant was told at contact: "
                                                    "the materials to bring (一次性告知)")
    case_id: strawberry.ID | None
    cancel_reason: str | None

    @classmethod
    def of(cls, a: domain.Appointment) -> "Appointment":
        arrived = a.status is domain.AppointmentStatus.ARRIVED
        return cls(id=strawberry.ID(a.id), service_item_id=strawberry.ID(a.item_id),
                   service_item_code=a.item_code, service_item_name=a.item_name,
                   department=a.department, window=a.window, on=a.on,
                   starts_at=a.starts_at.strftime("%H:%M"), part=DayPart(a.part.value),
                   channel=Channel(a.channel.value), status=AppointmentStatus(a.status.value),
                   status_name=domain.STATUS_NAMES[a.status], applicant_name=a.applicant.name,
                   applicant_contact=a.applicant.contact, note=a.note, booked_at=a.booked_at,
                   contacted_at=a.contacted_at, contacted_by=a.contacted_by, told=a.told,
                   case_id=strawberry.ID(a.case_id) if arrived and a.case_id else None,
                   cancel_reason=a.cancel_reason)


@strawberry.type(description="A step an appointment's state does not allow now (APPOINTMENT_"
                             "CLOSED, ALREADY_BOOKED, SLOT_FULL, TOO_LATE_TO_CANCEL, NOT_TODAY, "
                             "NOT_YET_LATE, APPOINTMENT_RECEIVING).")
class AppointmentRefused:
    code: str
    message: str


@strawberry.type
class AppointmentSaved:
    appointment: Appointment


AppointmentOutcome = Annotated[AppointmentSaved | InvalidInput | NotFound | AppointmentRefused
                               | ConcurrentEdit, strawberry.union("AppointmentOutcome")]
ReceiveAppointmentOutcome = Annotated[
    CaseUpdated | InvalidInput | NotFound | AppointmentRefused | ConcurrentEdit,
    strawberry.union("ReceiveAppointmentOutcome")]


async def _run(call) -> AppointmentOutcome:
    return await outcome(call, lambda a: AppointmentSaved(appointment=Appointment.of(a)),
                         AppointmentRefused, ConcurrentEdit)


@strawberry.input
class BookAppointmentInput:
    service_item_id: strawberry.ID
    on: date
    starts_at: str = strawberry.field(description="HH:MM, a slot of `appointmentSlots`")
    channel: Channel
    applicant: ApplicantInput
    note: str | None = None


@strawberry.type
class AppointmentQuery:
    @strawberry.field(description="The bookable slots of an item's department in a period (at "
                                  "most 14 days; from the centre's today for the next 14 days "
                                  "when not given), each with its free seats. Public.")
    async def appointment_slots(self, info: Info, service_item_id: strawberry.ID,
                                from_: Annotated[date | None, strawberry.argument(
                                    name="from")] = None,
                                to: date | None = None) -> list[AppointmentSlot]:
        info.context.viewer()
        deps = info.context.deps
        first = from_ or centre_date(deps.clock.now())
        last = to or first + timedelta(days=handlers.SLOT_DAYS_MAX - 1)
        found = await handlers.free_slots(deps, service_item_id, first, last)
        return [AppointmentSlot(on=s.on, starts_at=s.starts_at.strftime("%H:%M"),
                                part=DayPart(s.part.value), capacity=s.capacity, free=s.free)
                for s in found]

    @strawberry.field(description="A department's appointments of a day, by time: its staff "
                                  "and the centre's office and helpers.")
    async def appointments(self, info: Info, department: str, on: date, first: int = 50,
                           after: str | None = None) -> Connection[Appointment]:
        viewer = info.context.require(*STAFF, Role.HELPER)
        if not viewer.has_any(*CENTRE_WIDE, Role.HELPER) and viewer.department != department:
            raise AuthError("FORBIDDEN", "只能查看本部门的预约")
        size = page_size(first)
        found = await info.context.deps.store.appointments_on(department, on,
                                                              decode_cursor(after), size + 1)
        return connection([Appointment.of(a) for a in found],
                          [f"{a.starts_at.isoformat()}|{a.id}" for a in found], size)

    @strawberry.field(description="The caller's own appointments, latest first (an applicant).")
    async def my_appointments(self, info: Info, first: int = 20) -> list[Appointment]:
        viewer = info.context.require(Role.APPLICANT)
        found = await info.context.deps.store.appointments_of_applicant(
            viewer.subject or "", page_size(first))
        return [Appointment.of(a) for a in found]


@strawberry.type
class AppointmentMutation:
    @strawberry.mutation(description="Book a slot: an applicant for themselves (WEB), a clerk "
                                     "for a telephone call (PHONE) or a visit (ON_SITE).")
    async def book_appointment(self, info: Info,
                               input: BookAppointmentInput) -> AppointmentOutcome:
        principal = info.context.require(*HELPERS, Role.ADMIN, Role.APPLICANT)
        a = input.applicant
        cmd = commands.BookAppointment(
            input.service_item_id, input.on, input.starts_at, input.channel.value,
            ApplicantDetails(a.name, a.id_type.value, a.id_number, a.contact, a.kind.value,
                             a.legal_representative), input.note)
        return await _run(handlers.book_appointment(cmd, info.context.deps, principal))

    @strawberry.mutation(description="The centre reached the applicant: what they were told "
                                     "(the materials to bring, at once; the time agreed). Stops "
                                     "the contact clock.")
    async def record_appointment_contact(self, info: Info, id: strawberry.ID,
                                         told: str) -> AppointmentOutcome:
        principal = info.context.require(*HELPERS, Role.ADMIN)
        return await _run(handlers.record_appointment_contact(
            commands.RecordAppointmentContact(id, told), info.context.deps, principal))

    @strawberry.mutation(description="Cancel: the applicant their own, before it starts; the "
                                     "hall with reasons.")
    async def cancel_appointment(self, info: Info, id: strawberry.ID,
                                 reason: str | None = None) -> AppointmentOutcome:
        principal = info.context.require(*HELPERS, Role.ADMIN, Role.APPLICANT)
        return await _run(handlers.cancel_appointment(
            commands.CancelAppointment(id, reason), info.context.deps, principal))

    @strawberry.mutation(description="The applicant did not come (after the grace minutes).")
    async def record_appointment_no_show(self, info: Info,
                                         id: strawberry.ID) -> AppointmentOutcome:
        principal = info.context.require(*HELPERS, Role.ADMIN)
        return await _run(handlers.record_no_show(commands.RecordNoShow(id),
                                                  info.context.deps, principal))

    @strawberry.mutation(description="The applicant came: the appointment becomes the case at "
                                     "its window, with the applicant as booked and the "
                                     "materials handed in (a material receipt is issued).")
    async def receive_appointment(self, info: Info, id: strawberry.ID,
                                  materials: list[HandedInMaterialInput] | None = None
                                  ) -> ReceiveAppointmentOutcome:
        principal = info.context.require(Role.WINDOW_STAFF, Role.CHIEF_APPROVER,
                                         Role.DEPARTMENT_HEAD, Role.ADMIN)
        cmd = commands.ReceiveAppointment(id, [m.to_command() for m in materials or []])
        viewer = info.context.viewer()
        return await outcome(handlers.receive_appointment(cmd, info.context.deps, principal),
                             lambda case: CaseUpdated(case=Case.from_domain(case, viewer)),
                             AppointmentRefused, ConcurrentEdit)
