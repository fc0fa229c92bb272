"""The services' import graph: circles, imports hidden inside functions or behind
TYPE_CHECKING, and imports that point back up the layers (DEVELOPERS.md, "Layers").

    .venv/bin/python -m tests.imports          # figures per service, and each offence

Layers. Within a package a module's kind ranks it: rules and values (domain, events,
commands, ...) < store and other adapters (realm: the identity provider) < deps (the service's dependencies) < handlers, consumers, scheduled
jobs < schema (GraphQL) < app. Between intake's packages, PACKAGE_LAYERS ranks them: what
every case needs (catalogue, directory, the case states) < the case's parts (review,
procedures, delivery, joint, ratings) < cases < what works on cases (assistance, accounts,
audit, ...). An import is back-pointing when it reaches a higher kind, or a higher package.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"store": 1, "storage": 1, "deps": 2, "handlers": 3, "consumers": 3, "scheduled": 3,
         "dispatch": 3, "forecast": 3, "realm": 1, "schema": 4, "types": 4, "results": 4,
         "print_route": 4, "app": 5}
PACKAGE_LAYERS = {
    "services.intake": {
        "catalogue": 1, "directory": 1, "numbering": 1, "case_states": 1, "rosters": 1,
        "attendance": 1,
        "review": 2, "procedures": 2, "delivery": 2, "joint": 2, "ratings": 2,
        "cases": 3,
        "assistance": 4, "accounts": 4, "audit": 4, "inquiries": 4, "systems": 4,
        "appointments": 4,
    },
}


def kind(module: str) -> int:
    last = module.rsplit(".", 1)[-1]
    for suffix in ("_schema", "_handlers"):
        if last.endswith(suffix):
            return KINDS[suffix[1:]]
    return KINDS.get(last, 0)


def package_rank(module: str) -> int | None:
    for service, layers in PACKAGE_LAYERS.items():
        if module.startswith(service + "."):
            return layers.get(module[len(service) + 1:].split(".", 1)[0])
    return None


@dataclass
class Graph:
    modules: dict[str, Path]
    edges: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    hidden: list[tuple[str, str, str]] = field(default_factory=list)  # (from, to, where)

    def circles(self) -> list[list[str]]:
        """Strongly connected groups of more than one module (Tarjan)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on: set[str] = set()
        found: list[list[str]] = []

        def visit(v: str) -> None:
            index[v] = low[v] = len(index)
            stack.append(v)
            on.add(v)
            for w in sorted(self.edges[v]):
                if w not in index:
                    visit(w)
                    low[v] = min(low[v], low[w])
                elif w in on:
                    low[v] = min(low[v], index[w])
            if low[v] == index[v]:
                group = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    group.append(w)
                    if w == v:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

        sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
        for v in sorted(self.modules):
            if v not in index:
                visit(v)
        return found

    def back_pointing(self, service: str) -> list[tuple[str, str]]:
        out = []
        for a in sorted(self.modules):
            if not a.startswith(service + "."):
                continue
            for b in sorted(self.edges[a]):
                if not b.startswith(service + "."):
                    continue
                pa, pb = package_rank(a), package_rank(b)
                same_package = a.rsplit(".", 1)[0] == b.rsplit(".", 1)[0]
                if kind(b) > kind(a) or (not same_package and pa is not None
                                         and pb is not None and pb > pa):
                    out.append((a, b))
        return out

    def imports(self, service: str) -> int:
        return sum(len(v) for k, v in self.edges.items() if k.startswith(service + "."))


def build(root: Path = ROOT) -> Graph:
    modules = {}
    for path in sorted((root / "services").rglob("*.py")):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    graph = Graph(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        _walk(graph, name, package, ast.parse(path.read_text()), "")
    return graph


def _targets(graph: Graph, package: str, node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in graph.modules]
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[:len(parts) - node.level + 1])
        target = f"{base}.{node.module}" if node.module else base
    else:
        target = node.module or ""
    out = []
    for alias in node.names:
        candidate = f"{target}.{alias.name}"
        name = candidate if candidate in graph.modules else target
        if name in graph.modules:
            out.append(name)
    return out


def _walk(graph: Graph, name: str, package: str, node: ast.AST, where: str) -> None:
    for child in ast.iter_child_nodes(node):
        inner = where
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = "function"
        elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            inner = where or "TYPE_CHECKING"
        if isinstance(child, ast.Import | ast.ImportFrom):
            for target in _targets(graph, package, child):
                if target != name:
                    graph.edges[name].add(target)
                    if where:
                        graph.hidden.append((name, target, where))
        _walk(graph, name, package, child, inner)


def figures(graph: Graph) -> dict:
    services = sorted({m.split(".")[1] for m in graph.modules if m.count(".") >= 2})
    circles = graph.circles()
    return {s: {"modules": sum(1 for m in graph.modules if m.startswith(f"services.{s}.")),
                "imports": graph.imports(f"services.{s}"),
                "circles": [c for c in circles if c[0].startswith(f"services.{s}.")],
                "hidden": [h for h in graph.hidden if h[0].startswith(f"services.{s}.")],
                "back_pointing": graph.back_pointing(f"services.{s}")}
            for s in services}


def main() -> None:
    for service, f in figures(build()).items():
        print(f"{service}: {f['modules']} modules, {f['imports']} imports inside the service "
              f"and the kit, {len(f['circles'])} circles "
              f"({sum(len(c) for c in f['circles'])} modules), {len(f['hidden'])} hidden "
              f"imports, {len(f['back_pointing'])} back-pointing")
        for c in f["circles"]:
            print("  circle:", " ".join(c))
        for a, b, where in f["hidden"]:
            print(f"  hidden ({where}): {a} -> {b}")
        for a, b in f["back_pointing"]:
            print(f"  back: {a} -> {b}")


if __name__ == "__main__":
    main()
