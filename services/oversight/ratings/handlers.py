"""Handlers for the follow-up of poor ratings: opened once per poor rating (`rating.poor`),
worked through by the office, appealed by the rated staff, decided by a supervisor."""

from datetime import date

from services.kit.aggregates import AlreadyExists
from services.kit.auth import Principal, Role
from services.kit.clock import centre_date

from ..deps import Deps, require_office
from .domain import FollowUp


async def open_follow_up(case_id: str, case_number: str | None, department: str,
                         staff: list[str], level: str, real_name: bool, rated_on: date,
                         days: int, deps: Deps) -> bool:
    try:
        await deps.store.follow_ups.save(FollowUp.open(case_id, case_number, department, staff,
                                                       level, real_name, rated_on, days),
                                         "ratings")
    except AlreadyExists:
        return False
    deps.events_written()
    return True


async def change_follow_up(case_id: str, deps: Deps, principal: Principal, decide) -> FollowUp:
    day = centre_date(deps.clock.now())
    f = await deps.store.follow_ups.change(
        case_id, "差评回访", lambda f: decide(f, day, principal.subject or ""),
        principal.subject)
    deps.events_written()
    return f


async def work_follow_up(case_id: str, step: str, deps: Deps, principal: Principal,
                         **given) -> FollowUp:
    """The office's steps: contact (verification, notes), rectification (measures), close
    (rectification rating), unreachable (reason)."""
    require_office(principal)
    steps = {
        "contact": lambda f, day, by: f.record_contact(given["verification"], given["notes"],
                                                       day),
        "rectify": lambda f, day, by: f.record_rectification(given["measures"], day),
        "close": lambda f, day, by: f.close(given.get("rectification_rating"), day, by),
        "unreachable": lambda f, day, by: f.close_unreachable(given["reason"], day, by),
    }
    return await change_follow_up(case_id, deps, principal, steps[step])


async def appeal_rating(case_id: str, kind: str, reasons: str, deps: Deps,
                        principal: Principal) -> FollowUp:
    principal.require()
    return await change_follow_up(case_id, deps, principal, lambda f, day, by:
                                  f.appeal(by, kind, reasons, day))


async def decide_rating_appeal(case_id: str, upheld: bool, deps: Deps,
                               principal: Principal) -> FollowUp:
    principal.require(Role.SUPERVISOR)
    return await change_follow_up(case_id, deps, principal, lambda f, day, by:
                                  f.decide_appeal(upheld, day, by))
