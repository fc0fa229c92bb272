"""How every intake mutation turns a handler's outcome into a member of its result union."""

import strawberry

from services.kit.aggregates import ConcurrentChange
from services.kit.graphql import InputError, NotFound

from .cases.domain import CaseStateError
from .deps import NotFoundError

CONCURRENT = "CONCURRENT_CHANGE"
CONCURRENT_MESSAGE = "记录已被他人修改，请刷新后重试"


@strawberry.type(description="The record changed meanwhile; reload it and try again.")
class ConcurrentEdit:
    code: str
    message: str


@strawberry.type(description="The case is not in a state that allows this step.")
class CaseStateConflict:
    code: str
    message: str


def not_found(exc: NotFoundError) -> NotFound:
    return NotFound(code="NOT_FOUND", message=str(exc), id=strawberry.ID(exc.id))


async def outcome(call, wrap, conflict=ConcurrentEdit):
    """`wrap(result)` on success; the typed error otherwise. A concurrent change of a case is
    reported as `CaseStateConflict` (pass `conflict=CaseStateConflict`)."""
    try:
        value = await call
    except InputError as exc:
        return exc.to_graphql()
    except NotFoundError as exc:
        return not_found(exc)
    except CaseStateError as exc:
        return CaseStateConflict(code=exc.code, message=exc.message)
    except ConcurrentChange:
        return conflict(code=CONCURRENT, message=CONCURRENT_MESSAGE)
    return wrap(value)
