"""How every oversight mutation turns a handler's outcome into a member of its result union."""

import strawberry

from services.kit.aggregates import ConcurrentChange
from services.kit.domain import RuleBroken
from services.kit.graphql import InputError, NotFound

from .deps import NotFoundError


@strawberry.type(description="The record is not in a state that allows this step.")
class StateConflict:
    code: str
    message: str


async def outcome(call, wrap):
    try:
        value = await call
    except InputError as exc:
        return exc.to_graphql()
    except NotFoundError as exc:
        return NotFound(code="NOT_FOUND", message=str(exc), id=strawberry.ID(exc.id))
    except RuleBroken as exc:  # every concept's rule errors (complaints, supervision, ...)
        return StateConflict(code=exc.code, message=exc.message)
    except ConcurrentChange:
        return StateConflict(code="CONCURRENT_CHANGE", message="记录已被他人修改，请刷新后重试")
    return wrap(value)
