"""Events that show a breach, turned into signals (the command that opens a supervision case),
and yellow cards into warnings. Nothing else happens here.

| event | data used | signal |
|---|---|---|
| `clock.red_card` (deadlines) | kind, subject_type, subject_id, part, case_number, department, staff, due_date, issued_on | red card of that clock and due date |
| `clock.yellow_card` (deadlines) | the same, working_days_left | a warning, not a case |
| `case.deemed_accepted` (intake) | case_id, case_number, department, window, accepted_on | deemed acceptance |
| `correction.repeated` (intake) | case_id, notice_number, requested_by, requested_on | repeated correction notice |
| `extension.refused_late` (intake) | case_id, requested_by, requested_on, due_on | late extension request |
| `rating.poor` (intake) | case_id, case_number, department, staff, level, rated_on | a poor rating |
| `application.rejected` (intake) | case_id, proposed_by, consented_by, rejected_on | a rejection without another person's consent |
| `duty_roster.gap_found` (intake) | roster_id, department, window, parts, on, found_at | a window without lunch-time duty that day |
| `attendance.absent_without_leave` (intake) | attendance_id, staff_id, department, window, on, half, window_unstaffed | a member absent without leave (离岗), against them |
| `complaint.repeated` (complaints) | complaint_id, complaint_number, department, first_complaint_number, first_handled_by, received_on, escalated | a repeated or escalated complaint, against the first one's handlers |
"""

from datetime import date

from services.kit.events import CloudEvent

from ..deps import Deps
from . import handlers
from .domain import RED_CARD_BREACH, TRIGGER_BREACH, Evidence, Signal, Trigger, Warning

EVENT_TYPES = ("clock.red_card", "clock.yellow_card", "case.deemed_accepted",
               "correction.repeated", "extension.refused_late", "rating.poor",
               "application.rejected", "complaint.repeated", "duty_roster.gap_found",
               "attendance.absent_without_leave")


def _case_signal(event: CloudEvent, trigger: Trigger, key: str, people: list, on: str,
                 summary: str) -> Signal:
    d = event.data
    day = date.fromisoformat(on)
    return Signal(key=key, trigger=trigger, breach=TRIGGER_BREACH[trigger],
                  department=d["department"], subject_type="case", subject_id=d["case_id"],
                  case_number=d.get("case_number"),
                  people=tuple(dict.fromkeys(p for p in people if p)), on=day,
                  evidence=Evidence(event.id, event.type, day, summary))


def signal_of(event: CloudEvent) -> Signal | Warning | None:
    d = event.data
    match event.type:
        case "clock.red_card" | "clock.yellow_card":
            key = f"{d['kind']}:{d['subject_id']}:{d.get('part') or '-'}:{d['due_date']}"
            if event.type == "clock.yellow_card":
                return Warning(key, d["kind"], d["department"], d["subject_type"],
                               d["subject_id"], d.get("case_number") or None,
                               date.fromisoformat(d["due_date"]),
                               date.fromisoformat(d["issued_on"]), int(d["working_days_left"]))
            if d["kind"] not in RED_CARD_BREACH:
                return None
            day = date.fromisoformat(d["issued_on"])
            return Signal(key=f"red_card:{key}", trigger=Trigger.RED_CARD,
                          breach=RED_CARD_BREACH[d["kind"]], department=d["department"],
                          subject_type=d["subject_type"], subject_id=d["subject_id"],
                          case_number=d.get("case_number") or None,
                          people=tuple(p for p in [d.get("staff")] if p), on=day,
                          evidence=Evidence(event.id, event.type, day,
                                            f"{d['kind']} 逾期，应于 {d['due_date']} 前完成"))
        case "case.deemed_accepted":
            return _case_signal(event, Trigger.DEEMED_ACCEPTANCE,
                                f"deemed_acceptance:{d['case_id']}", [], d["accepted_on"],
                                "收件后 5 个工作日内未作出受理决定，视为受理")
        case "correction.repeated":
            return _case_signal(event, Trigger.REPEATED_CORRECTION,
                                f"repeated_correction:{d['case_id']}:{d['notice_number']}",
                                [d.get("requested_by")], d["requested_on"],
                                "再次补正要求首次收件时已有问题的材料：" + "、".join(
                                    d.get("repeated_materials") or []))
        case "extension.refused_late":
            return _case_signal(event, Trigger.LATE_EXTENSION_REQUEST,
                                f"late_extension:{d['case_id']}:{d['requested_on']}",
                                [d.get("requested_by")], d["requested_on"],
                                f"承诺办结日期 {d.get('due_on')} 之后才申请延期")
        case "rating.poor":
            return _case_signal(event, Trigger.POOR_RATING, f"poor_rating:{d['case_id']}",
                                list(d.get("staff") or []), d["rated_on"],
                                f"差评：{d.get('level')}")
        case "application.rejected":
            consented = d.get("consented_by")
            if consented and consented != d.get("proposed_by"):
                return None
            return _case_signal(event, Trigger.REJECTION_WITHOUT_CONSENT,
                                f"rejection_without_consent:{d['case_id']}",
                                [d.get("proposed_by")], d["rejected_on"],
                                "不予受理未经另一名首席审批员同意")
        case "duty_roster.gap_found":
            day = date.fromisoformat(d["on"])
            half = "、".join("第一组" if p == "lunch_first" else "第二组" for p in d["parts"])
            why = {"no_roster": "未排午休值班", "nobody_rostered": "值班表未安排该窗口",
                   "all_absent": "值班人员均已请假"}.get(d.get("found_at"), "")
            return Signal(key=f"lunch_duty_gap:{d['department']}:{d['window']}:{d['on']}",
                          trigger=Trigger.LUNCH_DUTY_GAP, breach=TRIGGER_BREACH[
                              Trigger.LUNCH_DUTY_GAP], department=d["department"],
                          subject_type="duty_roster", subject_id=d["roster_id"],
                          case_number=None, people=(), on=day,
                          evidence=Evidence(event.id, event.type, day,
                                            f"窗口 {d['window']} 午休{half}无人值班（{why}）"))
        case "attendance.absent_without_leave":
            day = date.fromisoformat(d["on"])
            half = "上午" if d["half"] == "morning" else "下午"
            where = f"窗口 {d['window']}" if d.get("window") else "岗位"
            return Signal(key=f"absent_without_leave:{d['attendance_id']}:{d['half']}",
                          trigger=Trigger.ABSENT_WITHOUT_LEAVE,
                          breach=TRIGGER_BREACH[Trigger.ABSENT_WITHOUT_LEAVE],
                          department=d["department"], subject_type="attendance",
                          subject_id=d["attendance_id"], case_number=None,
                          people=(d["staff_id"],), on=day,
                          evidence=Evidence(event.id, event.type, day, (
                              f"{half}未签到且无批准的请假（{where}"
                              + ("无人在岗）" if d.get("window_unstaffed") else "）"))))
        case "complaint.repeated":
            escalated = bool(d.get("escalated"))
            day = date.fromisoformat(d["received_on"])
            first = d.get("first_complaint_number") or d["first_complaint_id"]
            trigger = Trigger.ESCALATED_COMPLAINT if escalated else Trigger.REPEATED_COMPLAINT
            return Signal(key=f"{trigger.value}:{d['complaint_id']}", trigger=trigger,
                          breach=TRIGGER_BREACH[trigger], department=d["department"],
                          subject_type="complaint", subject_id=d["first_complaint_id"],
                          case_number=None,
                          people=tuple(dict.fromkeys(p for p in d["first_handled_by"] if p)),
                          on=day, evidence=Evidence(event.id, event.type, day, (
                              f"投诉 {first} 处理后，投诉人经上级机关再次反映（越级上访）：{d['complaint_number']}"
                              if escalated else
                              f"投诉 {first} 处理后，同一投诉人就同一事项再次投诉：{d['complaint_number']}")))
    return None


async def handle(event: CloudEvent, deps: Deps) -> None:
    found = signal_of(event)
    if isinstance(found, Warning):
        await handlers.record_warning(found, deps)
    elif found is not None:
        await handlers.open_supervision_case(found, deps)
