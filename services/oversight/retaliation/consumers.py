"""Events into retaliation checks. Nothing else happens here.

| event | data used | does |
|---|---|---|
| `complaint.received` (complaints) | complaint_id, complaint_number, subject_kind `case`, subject_ref, received_on | the case's applicant complained (by pseudonym, from the ledger) |
| `correction.requested` (intake) | case_id, case_number, department, applicant_ref, requested_by, requested_on, notice_number | a step against the applicant |
| `application.rejected` (intake) | the same, proposed_by, consented_by, rejected_on | a step against the applicant |
| `case.decided` (intake), verdict `denied` | the same, opinions[].staff_id, decided_on, document_number | a step against the applicant |
"""

from datetime import date

from services.kit.events import CloudEvent

from ..deps import Deps
from ..supervision.domain import TRIGGER_BREACH, Evidence, Signal, Trigger
from . import handlers
from .domain import ADVERSE_NAMES, AdverseStep, Shield

EVENT_TYPES = ("complaint.received", "correction.requested", "application.rejected",
               "case.decided")


def adverse_step(event: CloudEvent) -> AdverseStep | None:
    d = event.data
    common = {"case_id": d["case_id"], "case_number": d.get("case_number"),
              "department": d["department"]}
    match event.type:
        case "correction.requested":
            return AdverseStep("correction", **common, staff=(d["requested_by"],),
                               on=date.fromisoformat(d["requested_on"]),
                               reference=d["notice_number"])
        case "application.rejected":
            return AdverseStep("rejection", **common, staff=tuple(dict.fromkeys(
                p for p in (d.get("proposed_by"), d.get("consented_by")) if p)),
                on=date.fromisoformat(d["rejected_on"]), reference=d["notice_number"])
        case "case.decided" if d.get("verdict") == "denied":
            return AdverseStep("denial", **common, staff=tuple(dict.fromkeys(
                o["staff_id"] for o in d.get("opinions") or [] if o.get("verdict") == "deny")),
                on=date.fromisoformat(d["decided_on"]), reference=d["document_number"])
    return None


def make_signal(event: CloudEvent):
    def signal_of(step: AdverseStep, shield: Shield, staff: tuple[str, ...]) -> Signal:
        summary = (f"申请人曾就办件投诉（{shield.complaint_number}，{shield.received_on}），"
                   f"被投诉办件的工作人员此后对其作出{ADVERSE_NAMES[step.kind]}"
                   f"（{step.reference}）")
        return Signal(key=f"retaliation:{shield.complaint_id}:{step.reference}",
                      trigger=Trigger.RETALIATION, breach=TRIGGER_BREACH[Trigger.RETALIATION],
                      department=step.department, subject_type="case",
                      subject_id=step.case_id, case_number=step.case_number, people=staff,
                      on=step.on, evidence=Evidence(event.id, event.type, step.on, summary))
    return signal_of


async def handle(event: CloudEvent, deps: Deps) -> None:
    d = event.data
    if event.type == "complaint.received":
        if d.get("subject_kind") == "case":
            await handlers.record_complaint_about_case(
                d["complaint_id"], d["complaint_number"], d["subject_ref"],
                date.fromisoformat(d["received_on"]), deps)
        return
    step = adverse_step(event)
    if step is not None and d.get("applicant_ref"):
        await handlers.check_adverse_step(d["applicant_ref"], step, make_signal(event), deps)
