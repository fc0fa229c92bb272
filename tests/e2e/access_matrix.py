"""Builds, from the committed subgraph SDL, one minimal operation per root field and mutation
(required arguments filled with harmless values), and classifies how each identity is answered:
refused (UNAUTHENTICATED / FORBIDDEN) or let through (data, or a business error about the
made-up arguments). `python -m tests.e2e.access_matrix <gateway url> <secret>` prints the
matrix of a running stack (to review a new operation's row)."""

from __future__ import annotations

from pathlib import Path

from graphql import parse
from graphql.language import (
    EnumTypeDefinitionNode, InputObjectTypeDefinitionNode, InterfaceTypeDefinitionNode,
    ListTypeNode, NonNullTypeNode, ObjectTypeDefinitionNode, ObjectTypeExtensionNode,
    UnionTypeDefinitionNode,
)

SDL_DIR = Path(__file__).resolve().parents[2] / "gateway" / "subgraphs"
# Harmless values: ids nobody has, and a date outside the calendar's range, so that an operation
# let through changes nothing the other tests count on (a closure day on a real date would).
SCALARS = {"ID": '"x"', "String": '"x"', "Int": "1", "Float": "1.0", "Boolean": "false",
           "Date": '"1999-01-04"', "DateTime": '"1999-01-04T10:00:00+08:00"'}
REFUSED = {"UNAUTHENTICATED", "FORBIDDEN"}
# who asks: token roles and department (None: anonymous)
IDENTITIES = {
    "anonymous": None,
    "admin": (["admin"], None),
    "window": (["window_staff"], "dept-a"),
    "chief": (["chief_approver"], "dept-a"),
    "head": (["department_head"], "dept-a"),
    "supervisor": (["supervisor"], None),
    "officer": (["efficiency_officer"], None),
    "applicant": (["applicant"], None),
    "helper": (["helper"], None),  # the centre's 帮办代办 window
}


def _schema() -> tuple[dict, dict, dict, set]:
    roots: dict[str, dict] = {"Query": {}, "Mutation": {}}
    inputs, enums, composite = {}, {}, set()
    for path in sorted(SDL_DIR.glob("*.graphql")):
        for d in parse(path.read_text()).definitions:
            if isinstance(d, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
                if d.name.value in roots:
                    for f in d.fields:
                        if not f.name.value.startswith("_"):
                            roots[d.name.value][f.name.value] = f
                composite.add(d.name.value)
            elif isinstance(d, UnionTypeDefinitionNode | InterfaceTypeDefinitionNode):
                composite.add(d.name.value)
            elif isinstance(d, InputObjectTypeDefinitionNode):
                inputs[d.name.value] = d
            elif isinstance(d, EnumTypeDefinitionNode):
                enums[d.name.value] = d
    return roots, inputs, enums, composite


def _named(t) -> str:
    while isinstance(t, NonNullTypeNode | ListTypeNode):
        t = t.type
    return t.name.value


def _literal(t, inputs, enums) -> str:
    if isinstance(t, NonNullTypeNode):
        return _literal(t.type, inputs, enums)
    if isinstance(t, ListTypeNode):
        return f"[{_literal(t.type, inputs, enums)}]"
    name = t.name.value
    if name in SCALARS:
        return SCALARS[name]
    if name in enums:
        return enums[name].values[0].name.value
    fields = [f for f in inputs[name].fields
              if isinstance(f.type, NonNullTypeNode) and f.default_value is None]
    return "{" + ", ".join(f"{f.name.value}: {_literal(f.type, inputs, enums)}"
                           for f in fields) + "}"


def operations() -> dict[str, str]:
    """`Query.x` / `Mutation.y` -> a minimal operation for it."""
    roots, inputs, enums, composite = _schema()
    out = {}
    for root, fields in roots.items():
        for name, f in sorted(fields.items()):
            args = [a for a in f.arguments or ()
                    if isinstance(a.type, NonNullTypeNode) and a.default_value is None]
            call = name + ("(" + ", ".join(f"{a.name.value}: {_literal(a.type, inputs, enums)}"
                                           for a in args) + ")" if args else "")
            selection = " { __typename }" if _named(f.type) in composite else ""
            out[f"{root}.{name}"] = f"{root.lower()} {{ {call}{selection} }}"
    return out


def classify(result: dict) -> str:
    codes = {(e.get("extensions") or {}).get("code") for e in result.get("errors") or []}
    return "refused" if codes & REFUSED else "allowed"


def observe(gateway_url: str, mint) -> dict[str, dict[str, str]]:
    """For each operation, each identity's outcome; `mint(roles, department)` gives a token."""
    from tests.support import gql

    tokens = {who: mint(*spec) if spec else None for who, spec in IDENTITIES.items()}
    return {op: {who: classify(gql(gateway_url, query, None, tokens[who]))
                 for who in IDENTITIES}
            for op, query in operations().items()}


if __name__ == "__main__":
    import sys

    from services.kit.settings import ServiceSettings
    from services.kit.tokens import mint as mint_token

    settings = ServiceSettings(jwt_secret=sys.argv[2])
    matrix = observe(sys.argv[1], lambda roles, dept: mint_token(settings, "matrix", roles, dept))
    for op, row in matrix.items():
        print(f'    "{op}": "{" ".join(w for w, o in row.items() if o == "allowed")}",')
