"""`deploy/local/onewindow test --mongo-url URL`: the integration and end-to-end suites, on the
operator's MongoDB, with the rest of the command line passed to pytest."""

import argparse

import pytest

from deploy.local import cli
from deploy.local.cli import _without_password, pytest_command


def _args(*argv: str) -> argparse.Namespace:
    """`deploy/local/onewindow test <argv>` as `main` parses it (nothing run)."""
    parsed = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(cli.__dict__, "test", lambda args: parsed.setdefault("args", args) and 0)
        cli.main(["test", *argv])
    return parsed["args"]


def test_the_whole_suite_on_the_servers_it_starts(monkeypatch):
    monkeypatch.delenv("ONEWINDOW_TEST_MONGO_URL", raising=False)
    cmd, env = pytest_command(_args())
    assert cmd[-2:] == ["-m", "pytest"] and "ONEWINDOW_TEST_MONGO_URL" not in env


def test_mongo_url_runs_the_integration_and_end_to_end_suites_on_it():
    url = "mongodb://u:secret@m1:27017,m2:27017,m3:27017/?replicaSet=rs0&w=majority"
    cmd, env = pytest_command(_args("--mongo-url", url, "-x", "-q"))
    assert cmd[-4:] == ["tests/integration", "tests/e2e", "-x", "-q"]
    assert env["ONEWINDOW_TEST_MONGO_URL"] == url
    cmd, _ = pytest_command(_args("--mongo-url", url, "tests/e2e/test_traces.py"))
    assert cmd[-1] == "tests/e2e/test_traces.py" and "tests/integration" not in cmd
    assert "secret" not in _without_password(url) and "m3:27017" in _without_password(url)
