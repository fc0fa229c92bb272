"""Handlers for petitions: registered by the office or the department's staff, extended once
by the department's deputy leader (or the office), answered by the department."""

import uuid
from datetime import datetime

from services.kit.auth import AuthError, Principal, Role
from services.kit.clock import CENTRE_TZ, centre_date

from ..deps import OFFICE, Deps
from . import commands
from .domain import Petition

DEPARTMENT_STAFF = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD)


def _for(principal: Principal, department: str, *roles: Role) -> None:
    """The office for any department; `roles` of the department itself."""
    if principal.has_any(*OFFICE):
        return
    principal.require(*roles)
    if principal.department != department:
        raise AuthError("FORBIDDEN", f"该事项由部门 {department!r} 办理")


def petition_id(at: datetime) -> str:
    """Sortable by registration: newest first in lists."""
    return f"{at.astimezone(CENTRE_TZ):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:12]}"


async def register_petition(cmd: commands.RegisterPetition, deps: Deps,
                            principal: Principal) -> Petition:
    _for(principal, cmd.department, *DEPARTMENT_STAFF)
    now = deps.clock.now()
    petition = Petition.register(cmd, petition_id(now), now, centre_date(now),
                                 principal.subject or "")
    await deps.store.petitions.save(petition, principal.subject)
    deps.events_written()
    return petition


async def _change(petition_id_: str, deps: Deps, principal: Principal, roles, decide) -> Petition:
    day = centre_date(deps.clock.now())

    def checked(p: Petition) -> None:
        _for(principal, p.department, *roles)
        decide(p, day, principal.subject or "")

    petition = await deps.store.petitions.change(petition_id_, "信访事项", checked,
                                                 principal.subject)
    deps.events_written()
    return petition


async def extend_petition(cmd: commands.ExtendPetition, deps: Deps,
                          principal: Principal) -> Petition:
    """经分管领导批准 (004 §7): the department's head, or the office."""
    return await _change(cmd.petition_id, deps, principal, (Role.DEPARTMENT_HEAD,),
                         lambda p, day, by: p.extend(cmd.days, cmd.reason, day, by))


async def answer_petition(cmd: commands.AnswerPetition, deps: Deps,
                          principal: Principal) -> Petition:
    return await _change(cmd.petition_id, deps, principal, DEPARTMENT_STAFF,
                         lambda p, day, by: p.answer_in_writing(cmd.answer, day, by))
