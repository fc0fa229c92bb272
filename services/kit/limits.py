"""The limits every client operation meets, whether it comes through the gateway or straight
to a service: one definition (`limits.json`, read by the gateway too), counted the same way.

The gateway counts with graphql-armor's rules (max depth, max aliases, cost limit); the rules
here are those rules, ported, so a document refused at the gateway is refused at a service's
own port and one let through is let through: aliases and depth counted through fragments
(each named fragment once per operation, as armor does), cost with armor's defaults (object 2,
scalar 1, a factor 1.5 per level, a literal `first`/`last` multiplying its set). A request the
gateway forwards (it proves it with the shared gateway secret) was checked there already: it
meets only the token cap, because the gateway's plan adds entity look-ups of its own.
"""

import json
from pathlib import Path

from graphql import FieldNode, FragmentSpreadNode, GraphQLError, Node, OperationDefinitionNode
from graphql.validation import ValidationRule

LIMITS: dict[str, int] = {k: v for k, v in json.loads(
    Path(__file__).with_name("limits.json").read_text()).items() if not k.startswith("_")}
ALLOWED_ALIASES = ("__typename",)
OBJECT_COST, SCALAR_COST, DEPTH_COST_FACTOR = 2, 1, 1.5
# How a refusal is worded (the gateway's rules say the same; CodedErrors gives the code)
LIMIT_MESSAGES = ("Query depth limit of", "Aliases limit of", "Query Cost limit of",
                  "Token limit of", "tokens. Parsing aborted")


def _selections(node: Node) -> list:
    selection_set = getattr(node, "selection_set", None)
    return list(selection_set.selections) if selection_set else []


class _PerOperation(ValidationRule):
    """A rule measuring each operation with a fragment memo, as graphql-armor's visitors do."""
    limit_key = ""

    def __init__(self, context) -> None:
        super().__init__(context)
        self.visited: dict[str, float] = {}

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args) -> None:
        found = self.measure(node)
        limit = LIMITS[self.limit_key]
        if found > limit:
            self.report_error(GraphQLError(self.message(limit, found), node))

    def measure(self, node: OperationDefinitionNode) -> float:
        raise NotImplementedError

    def message(self, limit: int, found: float) -> str:
        raise NotImplementedError


class MaxDepth(_PerOperation):
    limit_key = "depth"

    def measure(self, node) -> float:
        return self._depth(node, 0)

    def _depth(self, node: Node, parent: int) -> int:
        if isinstance(node, FieldNode) and node.name.value == "__schema":
            return 0
        depth = parent
        children = _selections(node)
        if children:
            for child in children:
                depth = max(depth, self._depth(child, parent + 1))
        elif isinstance(node, FragmentSpreadNode):
            parent += 1
            name = node.name.value
            if name in self.visited:
                return parent + max(int(self.visited[name]), 0)
            self.visited[name] = -1
            fragment = self.context.get_fragment(name)
            if fragment is not None:
                inner = self._depth(fragment, 0)
                depth = max(depth, parent + inner)
                if self.visited[name] == -1:
                    self.visited[name] = inner
        return depth

    def message(self, limit: int, found: float) -> str:
        return f"Syntax Error: Query depth limit of {limit} exceeded, found {int(found)}."


class MaxAliases(_PerOperation):
    limit_key = "aliases"

    def measure(self, node) -> float:
        return self._aliases(node)

    def _aliases(self, node: Node) -> int:
        count = 0
        alias = getattr(node, "alias", None)
        if alias and alias.value not in ALLOWED_ALIASES and node.name.value not in ALLOWED_ALIASES:
            count += 1
        children = _selections(node)
        if children:
            for child in children:
                count += self._aliases(child)
        elif isinstance(node, FragmentSpreadNode):
            name = node.name.value
            if name in self.visited:
                return max(int(self.visited[name]), 0)
            self.visited[name] = -1
            fragment = self.context.get_fragment(name)
            if fragment is not None:
                inner = self._aliases(fragment)
                if self.visited[name] == -1:
                    self.visited[name] = inner
                count += inner
        return count

    def message(self, limit: int, found: float) -> str:
        return f"Syntax Error: Aliases limit of {limit} exceeded, found {int(found)}."


class CostLimit(_PerOperation):
    limit_key = "cost"

    def measure(self, node) -> float:
        return sum(self._cost(child) for child in _selections(node))

    def _cost(self, node: Node) -> float:
        if isinstance(node, FieldNode) and node.name.value == "__schema":
            return 0
        cost: float = SCALAR_COST
        children = _selections(node)
        if children:
            cost = OBJECT_COST
            multiplier = 1
            for argument in getattr(node, "arguments", None) or ():
                if argument.name.value in ("first", "last"):
                    if argument.value.kind == "int_value":
                        multiplier = max(int(argument.value.value), multiplier)
                    break
            for child in children:
                cost += DEPTH_COST_FACTOR * self._cost(child)
            cost *= multiplier
        elif isinstance(node, FragmentSpreadNode):
            name = node.name.value
            if name in self.visited:
                return cost + DEPTH_COST_FACTOR * max(self.visited[name], 0)
            self.visited[name] = -1
            fragment = self.context.get_fragment(name)
            if fragment is not None:
                inner = self._cost(fragment)
                cost += DEPTH_COST_FACTOR * inner
                if self.visited[name] == -1:
                    self.visited[name] = inner
        return cost

    def message(self, limit: int, found: float) -> str:
        shown = int(found) if float(found).is_integer() else found
        return f"Syntax Error: Query Cost limit of {limit} exceeded, found {shown}."


CLIENT_RULES = (MaxDepth, MaxAliases, CostLimit)


def json_depth(value, limit: int) -> bool:
    """Whether a decoded JSON value nests deeper than `limit` (iteratively: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False
