"""Handlers for ratings: the applicant's own rating and follow-up rating of their case, and the
daily default for cases left unrated."""

from datetime import timedelta

from services.kit.auth import AuthError, Principal, Role
from services.kit.clock import centre_date

from ..cases.domain import Case
from ..cases.handlers import unattended_change, change_case
from ..deps import Deps
from . import commands


def _the_applicant(principal: Principal, case: Case) -> None:
    if not (principal.has_any(Role.APPLICANT) and principal.subject == case.applicant.id_number):
        raise AuthError("FORBIDDEN", "只有申请人本人可以评价自己的办件")


async def rate_case(cmd: commands.RateCase, deps: Deps, principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        _the_applicant(principal, case)
        case.rate(cmd.level, cmd.comment, now, day)

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


async def rate_follow_up(cmd: commands.RateFollowUp, deps: Deps, principal: Principal) -> Case:
    async def decide(case: Case, now, day, actor) -> None:
        _the_applicant(principal, case)
        case.rate_follow_up(cmd.level, cmd.comment, now, day)

    return await change_case(cmd.case_id, deps, principal, decide, own_department=False)


async def give_default_ratings(deps: Deps) -> int:
    """Every completed case unrated for the policy's days receives the default, once."""
    now = deps.clock.now()
    today = centre_date(now)
    policy = deps.rating_policy
    given = 0
    for found in await deps.store.unrated_before(today - timedelta(days=policy.default_after_days)):
        given += await unattended_change(
            found.id, deps, lambda case: case.give_default_rating(policy, now, today), "system")
    if given:
        deps.events_written()
    return given
