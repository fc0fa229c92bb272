"""Demo data for a local platform: departments, staff (as tokens) and a few service items.

Loaded through the gateway like any client would; running it again changes nothing (an item
whose code exists is left alone).
"""

from __future__ import annotations

import json
import urllib.request

from services.kit.settings import ServiceSettings
from services.kit.tokens import mint

DEPARTMENTS = {
    "civil-affairs": "民政局",
    "market-regulation": "市场监督管理局",
    "housing": "住房和城乡建设局",
}

STAFF = [
    # label, subject, display name, roles, department
    ("administrator", "admin-01", "系统管理员", ["admin"], None),
    ("window staff, civil affairs", "ca-window-01", "王芳", ["window_staff"], "civil-affairs"),
    ("window staff, market regulation", "mr-window-01", "李强", ["window_staff"],
     "market-regulation"),
    ("chief approver, civil affairs", "ca-chief-01", "赵敏", ["chief_approver"], "civil-affairs"),
    ("centre supervisor", "sup-01", "陈静", ["supervisor"], None),
    ("efficiency officer", "eff-01", "周涛", ["efficiency_officer"], None),
]

ITEMS = [
    {"code": "CA-MARRIAGE-REG", "name": "内地居民婚姻登记", "department": "civil-affairs",
     "statutoryLimit": 1, "committedLimit": 1},
    {"code": "CA-SOCIAL-ORG-REG", "name": "社会团体成立登记", "department": "civil-affairs",
     "statutoryLimit": 60, "committedLimit": 20},
    {"code": "MR-BUSINESS-LICENCE", "name": "企业设立登记", "department": "market-regulation",
     "statutoryLimit": 15, "committedLimit": 3},
    {"code": "MR-FOOD-LICENCE", "name": "食品经营许可", "department": "market-regulation",
     "statutoryLimit": 20, "committedLimit": 10},
    {"code": "HS-CONSTRUCTION-PERMIT", "name": "建筑工程施工许可证核发", "department": "housing",
     "statutoryLimit": 15, "committedLimit": 7},
]

CREATE = """mutation($input: CreateServiceItemInput!) {
  createServiceItem(input: $input) {
    __typename
    ... on InvalidInput { code field message }
  }
}"""


def tokens(secret: str, ttl_seconds: int = 24 * 3600) -> dict[str, str]:
    settings = ServiceSettings(jwt_secret=secret)
    return {
        label: mint(settings, subject, roles, department, name, ttl_seconds)
        for label, subject, name, roles, department in STAFF
    }


def graphql(url: str, token: str, query: str, variables: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def load(gateway_url: str, secret: str) -> str:
    admin = tokens(secret)["administrator"]
    created = existing = 0
    for item in ITEMS:
        result = graphql(gateway_url, admin, CREATE, {"input": {**item, "publish": True}})
        if "errors" in result:
            raise RuntimeError(f"demo item {item['code']}: {result['errors']}")
        outcome = result["data"]["createServiceItem"]
        if outcome["__typename"] == "ServiceItemSaved":
            created += 1
        elif outcome.get("code") == "DUPLICATE_CODE":
            existing += 1
        else:
            raise RuntimeError(f"demo item {item['code']}: {outcome}")
    return f"{created} service items created, {existing} already there"
