"""Yellow and red cards from an advanced injected clock, read through the gateway."""

import uuid

import pytest

from tests.support import create_item, eventually, gql, set_clock, submit_and_accept, token

pytestmark = pytest.mark.e2e

CLOCK = """query($id: ID!) { case(id: $id) { clock { dueDate card timeline { what } } } }"""


def test_yellow_then_red_card_as_the_clock_advances(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2026-11-02T09:00:00+08:00")  # Monday
    case_id = submit_and_accept(stack, create_item(stack, department, committed=3))
    staff = token(stack, "window_staff", department=department)

    def clock():
        return gql(stack.gateway_url, CLOCK, {"id": case_id}, staff)["data"]["case"]["clock"]

    assert eventually(clock, 30, what="the clock")["dueDate"] == "2026-11-05"
    assert clock()["card"] == "NONE"
    set_clock(stack, "2026-11-04T00:01:00+08:00")  # one working day before the due date
    eventually(lambda: clock()["card"] == "YELLOW", 30, what="the yellow card")
    set_clock(stack, "2026-11-06T00:01:00+08:00")  # the first day after the due date
    eventually(lambda: clock()["card"] == "RED", 30, what="the red card")
    assert [t["what"] for t in clock()["timeline"]] == ["started", "yellow_card", "red_card"]
