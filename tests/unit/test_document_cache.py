"""Repeated operations are parsed and validated once; invalid or over-limit ones never cached."""

import asyncio

import strawberry
from graphql import parse as real_parse

from services.kit import document_cache
from services.kit.graphql import Schema


@strawberry.type
class Node:
    name: str = "n"

    @strawberry.field
    def child(self) -> "Node":
        return Node()


@strawberry.type
class Query:
    @strawberry.field
    def node(self) -> Node:
        return Node()


def run(schema, query: str):
    return asyncio.run(schema.execute(query))


def test_a_valid_operation_is_parsed_once_and_served_from_the_cache(monkeypatch):
    schema = Schema(query=Query)
    parsed = []
    import strawberry.schema.schema as executing

    def counting_parse(*args, **kwargs):
        parsed.append(args[0])
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(executing, "parse", counting_parse)
    for _ in range(5):
        result = run(schema, "{ node { name child { name } } }")
        assert result.errors is None and result.data["node"]["child"]["name"] == "n"
    assert len(parsed) == 1


def test_invalid_and_too_deep_operations_are_refused_every_time_and_never_cached(monkeypatch):
    schema = Schema(query=Query)
    deep = "{ node " + "{ child " * 14 + "{ name }" + " }" * 14 + " }"
    for _ in range(3):
        assert run(schema, "{ node { nope } }").errors[0].extensions["code"] == \
            "GRAPHQL_VALIDATION_FAILED"
        assert run(schema, deep).errors[0].extensions["code"] == "OPERATION_TOO_COMPLEX"
    # kept by text and by trust: validated for a direct caller ("c:") or the gateway ("g:")
    assert schema.valid_documents.get("c:{ node { nope } }") is None
    assert schema.valid_documents.get("c:" + deep) is None
    run(schema, "{ node { name } }")
    assert schema.valid_documents.get("c:{ node { name } }") is not None


def test_the_cache_is_bounded():
    documents = document_cache.ValidDocuments(size=3)
    for i in range(5):
        documents.put(f"q{i}", real_parse("{ a }"))
    assert [documents.get(f"q{i}") is not None for i in range(5)] == [False, False, True, True,
                                                                       True]
    documents.put("x" * (document_cache.CACHED_TEXT_MAX + 1), real_parse("{ a }"))
    assert documents.get("x" * (document_cache.CACHED_TEXT_MAX + 1)) is None
