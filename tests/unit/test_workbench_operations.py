"""Every operation the workbench sends is within the operation limits (services/kit/limits.json,
counted as the gateway counts them): a screen whose query the gateway refuses fails here, not
in front of a clerk. Found needed: 30 supervision cases with their evidence, a department's
staff with their absences, and an item saved with its whole draft were each refused by the
running gateway (cost or depth) although they compiled."""

from functools import cache
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate
from graphql.language import DocumentNode, FragmentDefinitionNode, OperationDefinitionNode

from services.kit.limits import CLIENT_RULES

WORKBENCH = Path(__file__).resolve().parents[2] / "gateway" / "workbench"
OPERATIONS = sorted((WORKBENCH / "src" / "operations").glob("*.graphql"))


def _documents():
    definitions = [d for f in OPERATIONS for d in parse(f.read_text()).definitions]
    fragments = [d for d in definitions if isinstance(d, FragmentDefinitionNode)]
    for d in definitions:
        if isinstance(d, OperationDefinitionNode):
            yield d.name.value, DocumentNode(definitions=(d, *fragments))


@cache
def _schema():
    return build_schema((WORKBENCH / "schema.graphql").read_text())  # composed at install


def test_the_operations_are_found():
    assert len(OPERATIONS) >= 8 and sum(1 for _ in _documents()) >= 60


@pytest.mark.parametrize("name,document", list(_documents()), ids=lambda v: v if isinstance(v, str) else "")
def test_each_workbench_operation_is_within_the_limits(name, document):
    # only the limit rules: fragments an operation does not use are not its cost
    errors = [e.message for e in validate(_schema(), document, list(CLIENT_RULES))]
    assert errors == [], name
