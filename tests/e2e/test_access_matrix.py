"""The access matrix: every root field and mutation of the composed schema × every role (and
anonymous), each identity's expected answer declared here, one row per operation. A new
operation without a row fails the suite; so does a row the platform no longer honours. The
outcome is about access only: refused (UNAUTHENTICATED / FORBIDDEN) or let through (data, or a
business error about the made-up arguments). Record-level rules (another department's case,
another applicant's) are covered by test_access.py and the features' own tests."""

import pytest

from tests.e2e.access_matrix import IDENTITIES, observe, operations
from tests.support import token

pytestmark = pytest.mark.e2e
EVERYONE = " ".join(IDENTITIES)
SIGNED_IN = "admin window chief head supervisor officer applicant helper"
STAFF = "admin window chief head supervisor officer"
HELPERS = "window chief head helper"  # 帮办代办: a department's staff, the centre's helpers
CENTRE = "admin supervisor officer"
OFFICE = "supervisor officer"
# operation -> the identities let through (the rest are refused)
EXPECTED: dict[str, str] = {
    "Query.assistanceLedger": f"{STAFF} helper",
    # other departments' systems (issue 25): webhook subscribers by administrators and a
    # department's head (its own), read by the office too; department systems by administrators
    "Query.webhookSubscribers": "admin head supervisor officer",
    "Query.webhookDeliveries": "admin head supervisor officer",
    "Mutation.registerWebhookSubscriber": "admin head",
    "Mutation.rotateWebhookSecret": "admin head",
    "Mutation.pauseWebhookSubscriber": "admin head",
    "Mutation.resumeWebhookSubscriber": "admin head",
    "Mutation.deleteWebhookSubscriber": "admin head",
    "Mutation.replayWebhookDelivery": "admin head",
    "Mutation.replayWebhookDeliveries": "admin head",
    "Query.departmentSystems": "admin head",
    "Mutation.registerDepartmentSystem": "admin",
    "Mutation.rotateDepartmentSystemSecret": "admin",
    "Mutation.retireDepartmentSystem": "admin",
    "Query.assistanceLedgerCsv": f"{STAFF} helper",
    "Query.auditTrail": CENTRE,
    "Query.oversightAuditTrail": CENTRE,
    "Query.deadlinesAuditTrail": CENTRE,
    "Query.breachCatalogue": EVERYONE,
    "Query.calendarDay": EVERYONE,
    "Query.calendarYear": EVERYONE,
    "Query.cardsByDepartment": "admin head supervisor officer",
    "Query.case": SIGNED_IN,
    "Query.caseClock": STAFF,
    "Query.caseProgress": EVERYONE,
    "Query.cases": STAFF,
    "Query.casesAtMyWindow": STAFF,
    "Query.clock": STAFF,
    "Query.clockWorkList": STAFF,
    "Query.clocksDueSoon": STAFF,
    "Query.closureDays": EVERYONE,
    "Query.complaint": "admin head supervisor officer",
    "Query.complaintChallenge": EVERYONE,
    "Query.registrationChallenge": EVERYONE,
    "Mutation.registerApplicant": EVERYONE,
    "Query.complaintProgress": EVERYONE,
    "Query.complaints": "admin head supervisor officer",
    "Query.complaintsByCategory": "admin head supervisor officer",
    "Query.deadlineForecast": EVERYONE,
    "Query.deadlineStatistics": CENTRE,
    "Query.department": STAFF,
    "Query.departments": EVERYONE,
    "Query.draftServiceItems": STAFF,
    "Query.finding": SIGNED_IN,
    "Query.findings": "admin head supervisor officer",
    "Query.findingsByBreach": "admin head supervisor officer",
    "Query.inquiries": STAFF,
    "Query.mostOverdue": "admin head supervisor officer",
    "Query.myApplications": "applicant",
    "Query.myAssistance": "applicant",
    "Query.myOpenInquiries": STAFF,
    "Query.myWorkQueue": STAFF,
    "Query.petition": STAFF,
    "Query.petitions": STAFF,
    "Query.onTimeRates": "admin head supervisor officer",
    "Query.openCasesByDepartment": "admin head supervisor officer",
    "Query.overdueClocks": STAFF,
    "Query.oversightFigures": "admin head supervisor officer",
    "Query.voidedCaseNumbers": "admin head supervisor officer",
    "Query.voidedComplaintNumbers": "admin head supervisor officer",
    "Query.pendingRejections": STAFF,
    "Query.ratingFollowUps": "admin head supervisor officer",
    "Query.scorecard": "admin head supervisor officer",
    "Query.serviceItem": EVERYONE,
    "Query.serviceItems": EVERYONE,
    "Query.staff": STAFF,
    "Query.centreStaff": STAFF,
    "Query.staffMember": STAFF,
    "Query.staffMonth": CENTRE,
    "Query.supervisionByTrigger": "admin head supervisor officer",
    "Query.supervisionCases": "admin head supervisor officer",
    "Query.warnings": "admin head supervisor officer",
    # hall operations (issue 28): free slots are public; a day's appointments and rosters are
    # the department's (the matrix's "x" is not dept-a's) and the centre's office's
    "Query.appointmentSlots": f"anonymous {STAFF} applicant helper",
    "Query.appointments": "admin supervisor officer helper",
    "Query.myAppointments": "applicant",
    "Query.dutyRosters": "admin supervisor officer",
    "Query.dutyDirectors": STAFF,
    # attendance and leave (issue 28): staff read what is theirs (filtered); a month is the
    # department head's (of their own) and the office's
    "Query.leaveRequests": STAFF,
    "Query.leaveAwaitingDecision": STAFF,
    "Query.monthlyAttendance": "admin supervisor officer",
    "Query.publishedAttendance": "admin supervisor officer",  # and the department's own staff
    "Query.inspectionWeek": "admin head supervisor officer",  # a head: their windows' findings
    "Mutation.acceptApplication": "admin window chief",
    "Mutation.acceptWithMaterialsOwed": "admin window chief",
    "Mutation.addClosureDay": "admin",
    "Mutation.allocateResponsibility": OFFICE,
    "Mutation.answerAppeal": OFFICE,
    "Mutation.appealRating": SIGNED_IN,
    "Mutation.appointChiefApprover": "admin",
    "Mutation.approveExtension": "admin window chief head",
    "Mutation.closeRatingFollowUp": OFFICE,
    "Mutation.closeRatingFollowUpUnreachable": OFFICE,
    "Mutation.completeAssistance": HELPERS,
    "Mutation.concludeComplaint": OFFICE,
    "Mutation.consentToRejection": STAFF,
    "Mutation.createServiceItem": "admin",
    "Mutation.decideComplaint": OFFICE,
    "Mutation.decideRatingAppeal": "supervisor",
    "Mutation.decideSanction": OFFICE,
    "Mutation.decideSupervisionCase": OFFICE,
    "Mutation.declineRejection": STAFF,
    "Mutation.defineDepartment": "admin",
    "Mutation.deliverResult": "admin window chief",
    "Mutation.endAbsence": "admin head",
    "Mutation.extendComplaint": OFFICE,
    "Mutation.fileAppeal": SIGNED_IN,
    "Mutation.finishSpecialProcedure": "admin window chief head",
    "Mutation.giveJointOpinion": "window chief head",
    "Mutation.handOverCase": "admin window chief head",
    "Mutation.linkAssistedCase": HELPERS,
    "Mutation.loadCalendarYear": "admin",
    "Mutation.loadCalendarYearFromIcs": "admin",
    "Mutation.logInquiry": "admin window chief head",
    "Mutation.openFinding": OFFICE,
    "Mutation.orderInvestigation": OFFICE,
    "Mutation.proposeRejection": "admin window chief",
    "Mutation.publishServiceItem": "admin head",
    "Mutation.rateAssistance": "applicant",
    "Mutation.rateCase": "applicant",
    "Mutation.rateFollowUp": "applicant",
    "Mutation.recordAbsence": "admin head",
    "Mutation.recordApplicantDelay": "admin window chief head",
    "Mutation.recordComplaintReport": "head supervisor officer",
    "Mutation.recordComplaintVerdict": OFFICE,
    "Mutation.recordDelivery": "admin window chief",
    "Mutation.recordHearing": OFFICE,
    "Mutation.recordJointMeeting": STAFF,
    "Mutation.recordOpinion": "admin window chief head",
    # a department's staff register for their own department (the matrix's "x" is not theirs)
    "Mutation.registerPetition": OFFICE,
    "Mutation.extendPetition": "admin window chief head supervisor officer",
    "Mutation.answerPetition": "admin window chief head supervisor officer",
    "Mutation.recordOwedMaterials": "admin window chief",
    "Mutation.recordRatingContact": OFFICE,
    "Mutation.recordRatingRectification": OFFICE,
    "Mutation.registerComplaint": STAFF,
    "Mutation.registerStaff": "admin",
    "Mutation.removeClosureDay": "admin",
    "Mutation.replyToComplainant": OFFICE,
    "Mutation.replyToInquiry": STAFF,
    "Mutation.requestAssistance": "window chief head applicant helper",  # applicant: for themselves
    "Mutation.bookAppointment": "admin window chief head applicant helper",  # applicant: their own
    "Mutation.cancelAppointment": "admin window chief head applicant helper",
    "Mutation.recordAppointmentContact": "admin window chief head helper",
    "Mutation.recordAppointmentNoShow": "admin window chief head helper",
    "Mutation.receiveAppointment": "admin window chief head",
    "Mutation.setDutyRoster": "admin",  # a head sets their own department's only
    "Mutation.nameDutyDirector": "admin supervisor",
    "Mutation.requestLeave": STAFF,  # for oneself (the matrix's subject is in no directory)
    "Mutation.decideLeave": STAFF,  # by the level the rule names (checked on the request)
    "Mutation.endLeave": STAFF,
    "Mutation.publishMonthlyAttendance": "admin supervisor officer",
    "Mutation.signIn": "admin supervisor officer",  # oneself, a device's feed, the duty staff
    "Mutation.openInspectionWeek": OFFICE,  # 值周: the office (督查科 records)
    "Mutation.recordInspectionCheck": OFFICE,
    "Mutation.handOverInspectionWeek": OFFICE,
    "Mutation.requestCorrection": "admin window chief",
    "Mutation.requestExtension": "admin window chief head",
    "Mutation.resubmitMaterials": "admin window chief",
    "Mutation.reviseServiceItem": "admin head",
    "Mutation.startSpecialProcedure": "admin window chief head",
    "Mutation.submitApplication": "admin window chief",
    "Mutation.takeAssistance": HELPERS,
    "Mutation.withdrawApplication": "admin window chief applicant helper",
    "Mutation.withdrawServiceItem": "admin head",
}


def test_every_operation_has_a_row():
    missing = sorted(set(operations()) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(operations()))
    assert not missing and not stale, (missing, stale)


def test_each_identity_is_let_through_or_refused_as_declared(stack):
    observed = observe(stack.gateway_url,
                       lambda roles, dept: token(stack, *roles, department=dept,
                                                 subject="matrix"))
    wrong = {op: " ".join(w for w, o in row.items() if o == "allowed")
             for op, row in observed.items()
             if " ".join(w for w, o in row.items() if o == "allowed") != EXPECTED.get(op)}
    assert not wrong, "\n".join(f'    "{op}": "{allowed}",' for op, allowed in wrong.items())
