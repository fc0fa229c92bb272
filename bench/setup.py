"""What every load benchmark needs first: the department `bench` with its window and staff,
and one published service item (through the gateway, as an administrator would)."""

import httpx

from bench.load import CREATE, post
from deploy.local.demo import ELEMENTS

DEPARTMENT = {"code": "bench", "name": "压测局", "windows": [{"code": "B-1", "name": "一号窗口"}]}
STAFF = {"bench-staff": "STAFF", "bench-handler": "STAFF", "bench-head": "SECTION_HEAD",
         "bench-deputy": "DEPUTY_LEADER"}


async def bench_item(gateway_url: str, admin: str) -> str:
    """The id of the item the load submits to."""
    async with httpx.AsyncClient(timeout=30) as client:
        await post(client, gateway_url, admin, """mutation($i: DefineDepartmentInput!) {
            defineDepartment(input: $i) { __typename } }""", {"i": DEPARTMENT})
        for n, (subject, position) in enumerate(STAFF.items()):
            await post(client, gateway_url, admin, """mutation($i: RegisterStaffInput!) {
                registerStaff(input: $i) { __typename } }""", {"i": {
                "staffId": subject, "name": subject, "department": "bench",
                "rankTitle": position, "rankLevel": 3 + n, "position": position}})
        item = await post(client, gateway_url, admin, CREATE, {"input": {
            "code": "BENCH-1", "name": "压测事项", "department": "bench",
            "statutoryLimit": 20, "committedLimit": 10, "publish": True,
            "decisionLevel": "DEPUTY_LEADER", **ELEMENTS, "materials": [{"name": "身份证"}]}})
    return item["createServiceItem"]["serviceItem"]["id"]
