"""deploy/docker-compose.yml (never run on these machines: no Docker engine) is valid against the
Compose specification's JSON schema (from compose-go, the reference implementation's loader,
at a pinned version) and runs MongoDB as a three-member replica set with majority writes."""

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jsonschema
import pytest
import yaml

from deploy.kubernetes.check import module_dir

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "docker-compose.yml"
COMPOSE_GO = ("github.com/compose-spec/compose-go/v2", "v2.16.2")


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((module_dir(*COMPOSE_GO) / "schema" / "compose-spec.json").read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def test_the_compose_file_meets_the_specification(validator):
    errors = sorted(validator.iter_errors(yaml.safe_load(COMPOSE.read_text())), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_schema_refuses_a_broken_file(validator):
    broken = yaml.safe_load(COMPOSE.read_text())
    broken["services"]["intake"]["restart"] = ["always"]
    broken["services"]["mongo2"]["healthcheck"] = {"interval": 5}
    assert len(list(validator.iter_errors(broken))) >= 2


def test_mongodb_is_a_three_member_replica_set_with_majority_writes():
    compose = yaml.safe_load(COMPOSE.read_text())
    members = [n for n in compose["services"] if n.startswith("mongo")]
    assert members == ["mongo1", "mongo2", "mongo3"]
    for name in members:
        assert compose["services"][name]["command"] == [
            "mongod", "--replSet", "rs0", "--bind_ip_all"]
    initiate = " ".join(compose["services"]["mongo1"]["healthcheck"]["test"])
    assert all(f"host: '{n}:27017'" in initiate for n in members)
    for name in ("intake", "deadlines", "oversight"):
        url = urlparse(compose["services"][name]["environment"]["ONEWINDOW_MONGO_URL"])
        assert url.netloc == "mongo1:27017,mongo2:27017,mongo3:27017"
        assert parse_qs(url.query) == {"replicaSet": ["rs0"], "w": ["majority"],
                                       "retryWrites": ["true"]}
        assert compose["services"][name]["depends_on"]["mongo1"] == {
            "condition": "service_healthy"}
