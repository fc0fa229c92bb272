"""Turn consumed events into commands. Nothing else happens here.

Intake's case lifecycle drives the clocks. Event data (all dates ISO, Asia/Shanghai):
- `application.received`: case_id, case_number, department, service_item_code, received_on,
  received_at, window, received_by: starts the 5-working-day acceptance-decision clock
  (行政许可法 §32, 004); its red card is `clock.deemed_overdue` (reason
  `no_decision_within_limit`), from which intake deems the case accepted on the receipt day
- `case.accepted`, `case.deemed_accepted`: case_id, case_number, department,
  service_item_code, committed_limit, limit_unit, accepted_on, accepted_at, window,
  accepted_by: stop the acceptance-decision clock, start the case's limit clock
  unless `clock_deferred` (a supplement case, 补办件): then the clock starts from
  `case.materials_completed` (completed_on, completed_at, recorded_by, committed_limit,
  limit_unit, clock_deferred) on the day the owed materials are in (000 §6, 001 §8). Both
  carry `committed_completion_on`, the date printed for the applicant: when the count here
  agrees, `clock.started` says so (`committed_in`) and intake need not store it again
- `correction.requested` (requested_on), `application.rejected` (rejected_on),
  `case.withdrawn` (withdrawn_on): case_id; stop the acceptance-decision clock
- `application.resubmitted`: case_id, resubmitted_on: the applicant is back after a correction
  notice; the acceptance-decision clock restarts from that day
- `case.suspended`: case_id, suspended_on (inspection, testing, appraisal, expert review...)
- `case.resumed`: case_id, resumed_on
- `case.extension_approved`: case_id, extension_days, requested_on
- `case.completed`: case_id, completed_on, applicant_delay (bool, 000 §8 / 001 §12)
- `case.cancelled`: case_id, cancelled_on, reason

The other limits' clocks (inquiry replies, joint opinions, hand-over steps, complaints,
petitions, appeals) start and change from the events listed in `limits.py`.
"""

from datetime import date, datetime

from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from ..deps import Deps
from . import commands, handlers, limits
from .domain import ClockKind, ClockRuleViolation, UnsupportedLimit

GROUP = "deadlines"


def _change(event: CloudEvent) -> commands.ClockChange:
    d = event.data
    common = {"subject_id": d["case_id"], "kind": ClockKind.CASE_LIMIT.value, "part": None,
              "cause_event_id": event.id, "cause_at": datetime.fromisoformat(event.time)}
    match event.type:
        case "case.suspended":
            return commands.SuspendClock(**common, suspended_on=date.fromisoformat(d["suspended_on"]))
        case "case.resumed":
            return commands.ResumeClock(**common, resumed_on=date.fromisoformat(d["resumed_on"]))
        case "case.extension_approved":
            return commands.ExtendDeadline(**common, extension_days=int(d["extension_days"]),
                                           requested_on=date.fromisoformat(d["requested_on"]))
        case "case.completed":
            return commands.CompleteClock(**common,
                                          completed_on=date.fromisoformat(d["completed_on"]),
                                          applicant_delay=bool(d.get("applicant_delay", False)))
        case "case.cancelled":
            return commands.CancelClock(**common, cancelled_on=date.fromisoformat(d["cancelled_on"]),
                                        reason=str(d.get("reason", "")))
    raise Rejected(f"deadlines does not handle {event.type}")


def _start(event: CloudEvent) -> commands.StartClock:
    d = event.data
    completed = event.type == "case.materials_completed"
    on, at, staff = (("completed_on", "completed_at", "recorded_by") if completed
                     else ("accepted_on", "accepted_at", "accepted_by"))
    return commands.StartClock(
        subject_id=d["case_id"], case_number=d["case_number"], department=d["department"],
        service_item_code=d["service_item_code"],
        started_on=date.fromisoformat(d[on]), limit=int(d["committed_limit"]),
        unit=d["limit_unit"], cause_event_id=event.id,
        cause_at=datetime.fromisoformat(d[at]),
        window=d.get("window"), staff=d.get(staff),
        committed_due_date=date.fromisoformat(d["committed_completion_on"])
        if d.get("committed_completion_on") else None, committed_in=event.type,
    )


def _start_acceptance_decision(event: CloudEvent, working_days: int) -> commands.StartClock:
    d = event.data
    return commands.StartClock(
        subject_id=d["case_id"], case_number=d["case_number"], department=d["department"],
        service_item_code=d["service_item_code"],
        started_on=date.fromisoformat(d["received_on"]), limit=working_days,
        unit="working_days", cause_event_id=event.id,
        cause_at=datetime.fromisoformat(d["received_at"]),
        window=d.get("window"), staff=d.get("received_by"), kind="acceptance_decision",
    )


def _restart_acceptance_decision(event: CloudEvent, working_days: int) -> commands.RestartClock:
    d = event.data
    return commands.RestartClock(
        subject_id=d["case_id"], kind=ClockKind.ACCEPTANCE_DECISION.value, part=None,
        cause_event_id=event.id, cause_at=datetime.fromisoformat(event.time),
        restarted_on=date.fromisoformat(d["resubmitted_on"]), limit=working_days)


DECISIONS = {"case.accepted": "accepted", "case.deemed_accepted": "deemed_accepted",
             "correction.requested": "correction_requested",
             "application.rejected": "rejected", "case.withdrawn": "withdrawn"}


def _decided(event: CloudEvent) -> commands.CloseAcceptanceDecision:
    d = event.data
    on = d.get("accepted_on") or d.get("requested_on") or d.get("rejected_on") \
        or d.get("withdrawn_on") or event.time[:10]
    return commands.CloseAcceptanceDecision(
        case_id=d["case_id"], decided_on=date.fromisoformat(on[:10]),
        decision=DECISIONS[event.type], cause_event_id=event.id,
        cause_at=datetime.fromisoformat(event.time))


def _part(d: dict, field: str | None) -> str | None:
    if field is None:
        return None
    value = str(d[field]).strip()
    if not value:
        raise ValueError(field)
    return value


def _start_limit(event: CloudEvent, spec: limits.Starts) -> commands.StartClock:
    d = event.data
    return commands.StartClock(
        subject_id=str(d[spec.subject]), case_number=d.get("case_number") or "",
        department=d.get("department") or "", service_item_code=d.get("service_item_code") or "",
        started_on=date.fromisoformat(d[spec.on]), limit=int(d.get("limit") or spec.limit),
        unit=d.get("unit") or spec.unit.value, cause_event_id=event.id,
        cause_at=datetime.fromisoformat(event.time), window=d.get("window"),
        staff=d.get(spec.staff), kind=spec.kind.value, part=_part(d, spec.part),
    )


def _change_limit(event: CloudEvent, spec: limits.Changes) -> commands.ClockChange:
    d = event.data
    common = {"subject_id": str(d[spec.subject]), "kind": spec.kind.value,
              "part": _part(d, spec.part), "cause_event_id": event.id,
              "cause_at": datetime.fromisoformat(event.time)}
    on = date.fromisoformat(d[spec.on])
    if spec.does == "extend":
        return commands.ExtendDeadline(**common, extension_days=int(d["extension_days"]),
                                       requested_on=on)
    return commands.CompleteClock(**common, completed_on=on, applicant_delay=False)


def make_handler(deps: Deps, acceptance_decision_working_days: int = 5):
    async def handle(event: CloudEvent) -> None:
        try:
            if event.type in limits.CHANGES or event.type in limits.STARTS:
                if event.type in limits.CHANGES:
                    await handlers.change_clock(_change_limit(event, limits.CHANGES[event.type]),
                                                deps)
                if event.type in limits.STARTS:
                    await handlers.start_clock(_start_limit(event, limits.STARTS[event.type]),
                                               deps)
            elif event.type == "application.received":
                d = event.data
                await deps.store.names.record(d["case_id"], d["case_number"],
                                              d.get("department"))
                await handlers.start_clock(
                    _start_acceptance_decision(event, acceptance_decision_working_days), deps)
            elif event.type in DECISIONS:
                await handlers.close_acceptance_decision(_decided(event), deps)
                deferred = event.data.get("clock_deferred", False)
                if event.type in ("case.accepted", "case.deemed_accepted") and not deferred:
                    await handlers.start_clock(_start(event), deps)
            elif event.type == "application.resubmitted":
                await handlers.change_clock(_restart_acceptance_decision(
                    event, acceptance_decision_working_days), deps)
            elif event.type == "case.materials_completed":
                if event.data.get("clock_deferred", True):
                    await handlers.start_clock(_start(event), deps)
            else:
                await handlers.change_clock(_change(event), deps)
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(f"{event.type} without a usable {exc}") from None
        except (UnsupportedLimit, ClockRuleViolation) as exc:
            raise Rejected(str(exc)) from None
        # ClockMissing is transient: the acceptance may still be on its way; retried.

    return handle
