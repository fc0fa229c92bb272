"""The result-union member every oversight mutation may return besides its success."""

import strawberry

from services.kit import graphql


@strawberry.type(description="The record is not in a state that allows this step.")
class StateConflict:
    code: str
    message: str


async def outcome(call, wrap):
    """`wrap(result)` on success; the typed error otherwise (`kit.graphql.outcome`): a broken
    rule or a concurrent change is a `StateConflict`."""
    return await graphql.outcome(call, wrap, StateConflict, StateConflict)
