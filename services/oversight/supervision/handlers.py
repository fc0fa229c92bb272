"""Handlers for electronic supervision: open a case once per trigger, record a warning once,
and the office's verification or dismissal."""

from services.kit.aggregates import AlreadyExists
from services.kit.auth import Principal
from services.kit.clock import centre_date

from ..deps import Deps, require_office
from .domain import Signal, SupervisionCase, Warning


async def open_supervision_case(signal: Signal, deps: Deps) -> bool:
    """False when this trigger opened its case before (a redelivery, or a second event about
    the same breach)."""
    try:
        await deps.store.supervision.save(SupervisionCase.open(signal), "electronic-supervision")
    except AlreadyExists:
        return False
    deps.events_written()
    return True


async def record_warning(warning: Warning, deps: Deps) -> bool:
    try:
        await deps.store.warnings.save(warning, "electronic-supervision")
    except AlreadyExists:
        return False
    return True


async def decide_supervision_case(case_id: str, verify: bool, reasons: str, deps: Deps,
                                  principal: Principal) -> SupervisionCase:
    require_office(principal)
    day = centre_date(deps.clock.now())
    case = await deps.store.supervision.change(
        case_id, "监察案件", lambda c: (c.verify if verify else c.dismiss)(
            principal.subject or "", day, reasons), principal.subject)
    deps.events_written()
    return case
