"""Intake's command handlers: load, decide in the domain, store with events, wake the relay."""

from dataclasses import dataclass
from typing import Callable

from services.kit.auth import AuthError, Principal, Role
from services.kit.clock import Clock, centre_date
from services.kit.graphql import InputError

from . import commands
from .domain import Case, ServiceItem, Submission, new_case_id
from .store import DuplicateCode, IntakeStore


@dataclass
class Deps:
    store: IntakeStore
    clock: Clock
    events_written: Callable[[], None]


class NotFoundError(Exception):
    def __init__(self, kind: str, id: str) -> None:
        super().__init__(f"no {kind} with id {id}")
        self.id = id


def _act_for_department(principal: Principal, department: str) -> None:
    """Window staff act only for their own department; administrators for any."""
    if principal.has_any(Role.ADMIN):
        return
    if principal.department != department:
        raise AuthError(
            "FORBIDDEN",
            f"you act for department {principal.department!r}, this belongs to {department!r}",
        )


async def create_service_item(
    cmd: commands.CreateServiceItem, deps: Deps, principal: Principal
) -> ServiceItem:
    item = ServiceItem.create(cmd)
    try:
        await deps.store.add_item(item, principal.subject, deps.clock.now())
    except DuplicateCode:
        raise InputError("code", "DUPLICATE_CODE", f"a service item with code {item.code} exists")
    deps.events_written()
    return item


async def submit_application(
    cmd: commands.SubmitApplication, deps: Deps, principal: Principal
) -> Case:
    item = await deps.store.get_item(cmd.service_item_id)
    if item is None:
        raise NotFoundError("service item", cmd.service_item_id)
    _act_for_department(principal, item.department)
    # Validated before a number is drawn, so that bad input consumes no case number.
    submission = Submission.validate(cmd, item)
    now = deps.clock.now()
    day = centre_date(now)
    case_id = new_case_id()
    number = await deps.store.allocate_case_number(day, case_id)
    case = Case.receive(submission, case_id, number, now, day, principal.subject)
    await deps.store.add_case(case, principal.subject)
    deps.events_written()
    return case


async def accept_application(
    cmd: commands.AcceptApplication, deps: Deps, principal: Principal
) -> Case:
    case = await deps.store.get_case(cmd.case_id)
    if case is None:
        raise NotFoundError("case", cmd.case_id)
    _act_for_department(principal, case.department)
    now = deps.clock.now()
    case.accept(now, centre_date(now), principal.subject)
    await deps.store.save_case(case, principal.subject)
    deps.events_written()
    return case
