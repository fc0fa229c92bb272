"""Intake's storage: one store per concept (catalogue, cases, directory, inquiries, rosters, appointments...), each
in its package, joined here into the one object handlers are given, with every index."""

from .appointments.store import INDEXES as APPOINTMENT_INDEXES, AppointmentStore
from .assistance.store import INDEXES as ASSISTANCE_INDEXES, AssistanceStore
from .attendance.store import INDEXES as ATTENDANCE_INDEXES, AttendanceStore
from .cases.store import INDEXES as CASE_INDEXES, CaseStore
from .catalogue.store import INDEXES as CATALOGUE_INDEXES, CatalogueStore
from .directory.store import INDEXES as DIRECTORY_INDEXES, DirectoryStore
from .inquiries.store import INDEXES as INQUIRY_INDEXES, InquiryStore
from .rosters.store import INDEXES as ROSTER_INDEXES, DayStaffing, RosterStore
from .systems.store import INDEXES as SYSTEM_INDEXES, SystemStore

INDEXES = {**CATALOGUE_INDEXES, **CASE_INDEXES, **DIRECTORY_INDEXES, **INQUIRY_INDEXES,
           **ASSISTANCE_INDEXES, **SYSTEM_INDEXES, **ROSTER_INDEXES, **APPOINTMENT_INDEXES,
           **ATTENDANCE_INDEXES}


class IntakeStore(CatalogueStore, CaseStore, DirectoryStore, InquiryStore, AssistanceStore,
                  SystemStore, RosterStore, AppointmentStore, AttendanceStore):
    def __init__(self, db) -> None:
        CatalogueStore.__init__(self, db)
        CaseStore.__init__(self, db)
        DirectoryStore.__init__(self, db)
        InquiryStore.__init__(self, db)
        AssistanceStore.__init__(self, db)
        SystemStore.__init__(self, db)
        RosterStore.__init__(self, db)
        AppointmentStore.__init__(self, db)
        AttendanceStore.__init__(self, db)
        self.day_staffing = DayStaffing(self.duty_rosters, self.staff)
