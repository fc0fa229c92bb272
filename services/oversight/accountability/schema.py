"""GraphQL for accountability: the breach catalogue's types."""

from enum import Enum

import strawberry

from .breaches import BREACH_NAMES, Breach

BreachType = strawberry.enum(Enum("BreachType", {m.name: m.value for m in Breach}),
                             description="The breach catalogue (000 §9-13, 001 §7)")


@strawberry.type(description="One entry of the breach catalogue.")
class BreachEntry:
    type: BreachType
    name: str


@strawberry.type
class AccountabilityQuery:
    @strawberry.field(description="The breach catalogue: what a complaint or finding names.")
    def breach_catalogue(self) -> list[BreachEntry]:
        return [BreachEntry(type=BreachType(b.value), name=BREACH_NAMES[b]) for b in Breach]
