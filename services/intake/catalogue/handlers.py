"""Handlers for the service-item catalogue: create, revise the draft, publish a version."""

from services.kit.auth import Principal
from services.kit.domain import InputError

from ..deps import Deps, act_for_department
from ..directory.handlers import item_gaps_now
from . import commands
from .domain import ServiceItem
from .store import DuplicateCode


async def create_service_item(cmd: commands.CreateServiceItem, deps: Deps,
                              principal: Principal) -> ServiceItem:
    item = ServiceItem.create(cmd, deps.policy)
    if cmd.publish:
        item.publish(deps.clock.now(), await _unstaffed(item, deps))
    try:
        await deps.store.add_item(item, principal.subject, deps.clock.now())
    except DuplicateCode:
        raise InputError("code", "DUPLICATE_CODE", f"事项编码 {item.code} 已存在") from None
    deps.events_written()
    return item


async def _change_item(item_id: str, deps: Deps, principal: Principal, decide) -> ServiceItem:
    def checked(item: ServiceItem) -> None:
        act_for_department(principal, item.department)
        decide(item)

    item = await deps.store.items.change(item_id, "事项", checked, principal.subject)
    deps.events_written()
    return item


async def revise_service_item(cmd: commands.ReviseServiceItem, deps: Deps,
                              principal: Principal) -> ServiceItem:
    return await _change_item(cmd.service_item_id, deps, principal,
                              lambda item: item.revise(cmd.details, deps.policy))


async def withdraw_service_item(cmd: commands.WithdrawServiceItem, deps: Deps,
                                principal: Principal) -> ServiceItem:
    return await _change_item(cmd.service_item_id, deps, principal,
                              lambda item: item.withdraw(cmd.reason, deps.clock.now()))


async def _unstaffed(item: ServiceItem, deps: Deps) -> list[str]:
    return await item_gaps_now(item.draft, item.code, item.department, deps)


async def publish_service_item(cmd: commands.PublishServiceItem, deps: Deps,
                               principal: Principal) -> ServiceItem:
    current = await deps.store.items.get(cmd.service_item_id)
    gaps = await _unstaffed(current, deps) if current else []
    return await _change_item(cmd.service_item_id, deps, principal,
                              lambda item: item.publish(deps.clock.now(), gaps))
