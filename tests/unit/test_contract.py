"""The event contract (issue 25): gateway/contract/asyncapi.json is what the code's event
definitions and topology generate (services/kit/contract.py), the AsyncAPI project's own parser
(@asyncapi/parser from npm) finds it valid, and it fails a broken one. Every event the
integration and end-to-end tests receive is checked against it (tests.support
`assert_in_contract`)."""

import json
import subprocess
from pathlib import Path

import pytest

from services.kit.contract import asyncapi_document, published_events, rendered
from services.kit.topology import SUBSCRIPTIONS
from tests.support import assert_in_contract

GATEWAY = Path(__file__).resolve().parents[2] / "gateway"
CONTRACT = GATEWAY / "contract" / "asyncapi.json"


def _parse(path: Path) -> tuple[int, dict]:
    done = subprocess.run(["node", str(GATEWAY / "contract" / "validate.mjs"), str(path)],
                          capture_output=True, text=True, cwd=GATEWAY, timeout=120)
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def test_the_contract_file_is_what_the_code_generates():
    assert CONTRACT.read_text() == rendered(), "run deploy/local/onewindow sdl"


def test_the_readable_page_is_what_the_code_generates():
    from services.kit.contract_page import rendered_page

    page = (GATEWAY / "contract" / "events.html").read_text()
    assert page == rendered_page(), "run deploy/local/onewindow sdl"
    assert 'id="case.completed"' in page and 'href="/asyncapi.json"' in page


def test_every_event_type_subscribed_to_is_published_and_in_the_contract():
    published = published_events()
    channels = {c["address"] for c in asyncapi_document()["channels"].values()}
    assert set(published) == channels and len(channels) >= 90
    assert {t for bound in SUBSCRIPTIONS.values() for t in bound} - {"#"} <= channels


def test_the_asyncapi_parser_finds_it_valid():
    code, report = _parse(CONTRACT)
    assert (code, report["valid"], report["errors"]) == (0, True, [])
    assert report["channels"] == report["messages"] == len(published_events())


def test_the_asyncapi_parser_refuses_a_broken_contract(tmp_path):
    broken = asyncapi_document()
    channel = next(iter(broken["channels"].values()))
    channel["messages"] = {"Missing": {"$ref": "#/components/messages/NoSuchMessage"}}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    code, report = _parse(path)
    assert code == 1 and not report["valid"] and report["errors"]


def test_an_event_the_contract_lacks_or_describes_otherwise_is_refused():
    example = asyncapi_document()["components"]["messages"]["ApplicationReceived"]["examples"][0]
    event = {**example["payload"], "id": "e1", "subject": "case-1"}
    assert_in_contract(event)
    with pytest.raises(AssertionError, match="not in the event contract"):
        assert_in_contract({**event, "type": "case.teleported"})
    with pytest.raises(AssertionError, match="differs from the event contract"):
        assert_in_contract({**event, "data": {**event["data"], "received_on": 20261201}})
    with pytest.raises(AssertionError, match="differs from the event contract"):
        assert_in_contract({**event, "data": {k: v for k, v in event["data"].items()
                                              if k != "case_number"}})
