"""The result-union members every intake mutation may return besides its success."""

import strawberry

from services.kit import graphql


@strawberry.type(description="The record changed meanwhile; reload it and try again.")
class ConcurrentEdit:
    code: str
    message: str


@strawberry.type(description="The case is not in a state that allows this step.")
class CaseStateConflict:
    code: str
    message: str


async def outcome(call, wrap, conflict=ConcurrentEdit):
    """`wrap(result)` on success; the typed error otherwise (`kit.graphql.outcome`). A
    concurrent change of a case is reported as `CaseStateConflict` (pass it as `conflict`)."""
    return await graphql.outcome(call, wrap, CaseStateConflict, conflict)
