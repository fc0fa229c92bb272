"""Demo data for a local platform: departments, staff (as tokens) and a few service items.

Loaded through the gateway like any client would; running it again changes nothing (an item
whose code exists is left alone).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
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
    ("deputy (B post of the chief approver), civil affairs", "ca-deputy-01", "钱亮",
     ["window_staff"], "civil-affairs"),
    ("department head, civil affairs", "ca-head-01", "孙伟", ["department_head"], "civil-affairs"),
    ("deputy leader, civil affairs", "ca-leader-02", "吴刚", ["department_head"], "civil-affairs"),
    ("chief approver (section head), market regulation", "mr-chief-01", "刘洋",
     ["chief_approver"], "market-regulation"),
    ("deputy leader, market regulation", "mr-leader-01", "郑华", ["department_head"],
     "market-regulation"),
    ("window staff, housing", "hs-window-01", "黄丽", ["window_staff"], "housing"),
    ("chief approver (section head), housing", "hs-chief-01", "林峰", ["chief_approver"],
     "housing"),
    ("deputy leader, housing", "hs-leader-01", "何军", ["department_head"], "housing"),
    ("centre supervisor", "sup-01", "陈静", ["supervisor"], None),
    ("centre director (中心主任: approves leave of two days or more)", "centre-director", "李明",
     ["supervisor"], None),
    ("centre deputy director, the duty director (值班主任: approves leave of a day or less)",
     "centre-deputy", "张丽", ["supervisor"], None),
    ("helper at the centre's 帮办代办 window", "helper-01", "马丽", ["helper"], None),
    ("efficiency officer", "eff-01", "周涛", ["efficiency_officer"], None),
    # an applicant's token: the subject is their ID number (they read and rate their cases)
    ("applicant 张三 (his demo case: see \"demo data\" above)", "11010519491231002X", "张三", ["applicant"], None),
]
APPLICANT = {"name": "张三", "idType": "RESIDENT_ID_CARD", "idNumber": "11010519491231002X",
             "contact": "13800000000"}

ITEMS = [
    {"code": "CA-MARRIAGE-REG", "name": "内地居民婚姻登记", "department": "civil-affairs",
     "statutoryLimit": 1, "committedLimit": 1, "caseKind": "IMMEDIATE",
     "serviceObjects": ["NATURAL_PERSON"]},
    {"code": "CA-SOCIAL-ORG-REG", "name": "社会团体成立登记", "department": "civil-affairs",
     "statutoryLimit": 60, "committedLimit": 20, "decisionLevel": "DEPUTY_LEADER",
     "serviceObjects": ["OTHER_ORGANISATION"]},
    {"code": "MR-BUSINESS-LICENCE", "name": "企业设立登记", "department": "market-regulation",
     "statutoryLimit": 15, "committedLimit": 3,
     "serviceObjects": ["NATURAL_PERSON", "LEGAL_PERSON", "OTHER_ORGANISATION"]},
    {"code": "MR-FOOD-LICENCE", "name": "食品经营许可", "department": "market-regulation",
     "statutoryLimit": 20, "committedLimit": 10,
     "serviceObjects": ["NATURAL_PERSON", "LEGAL_PERSON"]},
    {"code": "HS-CONSTRUCTION-PERMIT", "name": "建筑工程施工许可证核发", "department": "housing",
     "statutoryLimit": 15, "committedLimit": 7, "serviceObjects": ["LEGAL_PERSON"],
     "intermediaryServices": ["施工图设计文件审查"]},
]

# Directory: (subject, department, rank title, rank level, window, backup, position)
DIRECTORY = [
    ("ca-deputy-01", "civil-affairs", "副科长", 6, "CA-1", None, "STAFF"),
    ("ca-chief-01", "civil-affairs", "科长（首席审批员）", 8, None, "ca-deputy-01", "SECTION_HEAD"),
    ("ca-leader-02", "civil-affairs", "副局长", 9, None, None, "DEPUTY_LEADER"),
    ("ca-head-01", "civil-affairs", "局长", 10, None, None, "MAIN_LEADER"),
    ("ca-window-01", "civil-affairs", "科员", 3, "CA-1", "ca-deputy-01", "STAFF"),
    ("mr-window-01", "market-regulation", "科员", 3, "MR-1", None, "STAFF"),
    ("mr-chief-01", "market-regulation", "科长（首席审批员）", 8, None, None, "SECTION_HEAD"),
    ("mr-leader-01", "market-regulation", "副局长", 9, None, None, "DEPUTY_LEADER"),
    ("hs-window-01", "housing", "科员", 3, "H-1", None, "STAFF"),
    ("hs-chief-01", "housing", "科长（首席审批员）", 8, None, None, "SECTION_HEAD"),
    ("hs-leader-01", "housing", "副局长", 9, None, None, "DEPUTY_LEADER"),
    ("centre-director", "centre", "中心主任", 14, None, None, "MAIN_LEADER"),
    ("centre-deputy", "centre", "中心副主任", 12, None, None, "DEPUTY_LEADER"),
]
CENTRE = ("centre", "政务服务中心")  # the centre's own staff (duty directors); no window
# The hall's duty rosters (003 延时服务制), per window: the morning and afternoon clerk, the
# second lunch-time group (the first is the clerk), for the next two weeks; Saturday mornings
# open for appointments (预约办理制).
HALL = {"civil-affairs": ("CA-1", "ca-window-01", "ca-deputy-01"),
        "market-regulation": ("MR-1", "mr-window-01", "mr-chief-01"),
        "housing": ("H-1", "hs-window-01", "hs-chief-01")}
HALL_DAYS = 14
# Chief approvers (首席审批员): (department, staff, authority, items whose decision is delegated)
CHIEF_APPROVERS = [
    ("civil-affairs", "ca-chief-01", "不予受理决定的同意（否定报备）；社会团体成立登记的审批决定",
     ["CA-SOCIAL-ORG-REG"]),
    ("market-regulation", "mr-chief-01", "不予受理决定的同意（否定报备）", []),
    ("housing", "hs-chief-01", "不予受理决定的同意（否定报备）", []),
]
# The standard elements each item states (000 限时办结 §5, 003 三级九统).
ELEMENTS = {"legalBasis": "《中华人民共和国行政许可法》及本事项的设定依据",
            "conditions": "申请人符合本事项规定的条件，材料齐全、符合法定形式",
            "responsiblePost": "综合受理窗口", "place": "政务服务中心一楼",
            "processSteps": ["受理", "审查", "决定", "送达"], "supervisionPhone": "12345"}
MATERIALS = [{"name": "申请表"}, {"name": "申请人身份证明", "form": "ORIGINAL_AND_COPY"},
             {"name": "其他补充材料", "essential": False}]
DIRECTORY_MUTATIONS = {
    "department": "mutation($i: DefineDepartmentInput!) { defineDepartment(input: $i) { __typename } }",
    "staff": "mutation($i: RegisterStaffInput!) { registerStaff(input: $i) { __typename } }",
    "chief": "mutation($i: AppointChiefApproverInput!) { appointChiefApprover(input: $i) { __typename } }",
}

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


def logins(keycloak, password: str) -> None:
    """One login per demo person in the identity provider's realm (user name: the staff id,
    or the applicant's ID number), with this installation's demo password."""
    from deploy.local.keycloak import realm_user

    for _, subject, name, roles, department in STAFF:
        realm_user(keycloak, subject, password, name, roles, department)


def graphql(url: str, token: str, query: str, variables: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _directory(gateway_url: str, admin: str) -> None:
    """Departments with windows, staff with ranks and A/B posts, a chief approver in each, so
    that every step of every demo item reaches a person; running it again rewrites the same
    records."""
    names = {subject: name for _, subject, name, _, _ in STAFF}
    roles = {subject: r for _, subject, _, r, _ in STAFF}
    steps = [("department", {"code": CENTRE[0], "name": CENTRE[1], "windows": []})]
    steps += [("department", {"code": code, "name": name,
                             "windows": [{"code": f"{''.join(w[0] for w in code.split('-')).upper()}-1",
                                          "name": f"{name}一号窗口"}]})
             for code, name in DEPARTMENTS.items()]
    steps += [("staff", {"staffId": subject, "name": names[subject], "department": department,
                         "rankTitle": title, "rankLevel": level, "roles": roles[subject],
                         "window": window, "backupId": backup, "position": position})
              for subject, department, title, level, window, backup, position in DIRECTORY]
    steps += [("chief", {"department": department, "staffId": staff,
                         "termStart": "2026-01-01", "termEnd": "2027-12-31",
                         "authority": authority, "decisionItems": items})
              for department, staff, authority, items in CHIEF_APPROVERS]
    for kind, variables in steps:
        result = graphql(gateway_url, admin, DIRECTORY_MUTATIONS[kind], {"i": variables})
        if "errors" in result or "Saved" not in json.dumps(result["data"]):
            raise RuntimeError(f"demo {kind} {variables}: {result}")


def load(gateway_url: str, secret: str) -> str:
    demo_tokens = tokens(secret)
    admin = demo_tokens["administrator"]
    _directory(gateway_url, admin)
    created = existing = 0
    for item in ITEMS:
        details = {**item, "publish": True, "materials": MATERIALS, **ELEMENTS}
        result = graphql(gateway_url, admin, CREATE, {"input": details})
        if "errors" in result:
            raise RuntimeError(f"demo item {item['code']}: {result['errors']}")
        outcome = result["data"]["createServiceItem"]
        if outcome["__typename"] == "ServiceItemSaved":
            created += 1
        elif outcome.get("code") == "DUPLICATE_CODE":
            existing += 1
        else:
            raise RuntimeError(f"demo item {item['code']}: {outcome}")
    case = _demo_case(gateway_url, demo_tokens)
    activity = _demo_activity(gateway_url, demo_tokens)
    hall = _hall(gateway_url, admin)
    return (f"{len(DEPARTMENTS)} departments and {len(DIRECTORY)} staff in the directory, "
            f"{created} service items created, {existing} already there; "
            f"张三's case {case['caseNumber']} (public look-up: caseProgress(caseNumber: "
            f"\"{case['caseNumber']}\", queryCode: \"{case['queryCode']}\")); {activity}; "
            f"{hall}")


def _hall(gateway_url: str, admin: str) -> str:
    """Duty rosters and the duty director for the next two weeks (rewritten on every run)."""
    first = date.today()
    rostered = 0
    for n in range(HALL_DAYS):
        day = first + timedelta(days=n)
        if day.weekday() == 6:
            continue
        graphql(gateway_url, admin, """mutation($on: Date!) { nameDutyDirector(on: $on,
          staffId: "centre-deputy") { __typename } }""", {"on": day.isoformat()})
        for department, (window, clerk, second) in HALL.items():
            parts = [("MORNING", clerk)] if day.weekday() == 5 else [
                ("MORNING", clerk), ("LUNCH_FIRST", clerk), ("LUNCH_SECOND", second),
                ("AFTERNOON", clerk)]
            result = graphql(gateway_url, admin, """mutation($i: SetDutyRosterInput!) {
              setDutyRoster(input: $i) { __typename ... on RosterRefused { message } } }""",
                             {"i": {"department": department, "on": day.isoformat(), "duties": [
                                 {"window": window, "part": part, "staffIds": [who]}
                                 for part, who in parts]}})
            if result.get("data", {}).get("setDutyRoster", {}).get("__typename") \
                    == "DutyRosterSaved":
                rostered += 1
    return f"{rostered} duty rosters for the next {HALL_DAYS} days (Saturday mornings open)"


def _demo_case(gateway_url: str, demo_tokens: dict[str, str]) -> dict:
    """张三's food licence application at market regulation, accepted; made once."""
    me = next(t for label, t in demo_tokens.items() if label.startswith("applicant"))
    mine = graphql(gateway_url, me, "{ myApplications(first: 100) { edges { node { caseNumber "
                                    "queryCode serviceItem { code } } } } }",
                   {})["data"]["myApplications"]["edges"]
    # his other cases (the dashboard's marriage registrations) are not the one the demo names
    printed = [e["node"] for e in mine
               if e["node"]["queryCode"] and e["node"]["serviceItem"]["code"] == "MR-FOOD-LICENCE"]
    if printed:
        return {"caseNumber": printed[0]["caseNumber"], "queryCode": printed[0]["queryCode"]}
    staff = demo_tokens["window staff, market regulation"]
    items = graphql(gateway_url, staff, "{ serviceItems(first: 50) { edges { node { id code } } } }",
                    {})["data"]["serviceItems"]["edges"]
    item_id = next(e["node"]["id"] for e in items if e["node"]["code"] == "MR-FOOD-LICENCE")
    submitted = graphql(gateway_url, staff, """mutation($i: SubmitApplicationInput!) {
      submitApplication(input: $i) { ... on ApplicationSubmitted { case { id } } } }""", {"i": {
        "serviceItemId": item_id, "applicant": APPLICANT, "window": "MR-1",
        "materials": [{"name": "申请表"}, {"name": "申请人身份证明"},
                      {"name": "其他补充材料"}]}})["data"]["submitApplication"]
    accepted = graphql(gateway_url, staff, """mutation($id: ID!) { acceptApplication(caseId: $id)
      { ... on ApplicationAccepted { case { caseNumber queryCode } } } }""",
                       {"id": submitted["case"]["id"]})["data"]["acceptApplication"]
    return accepted["case"]


def _demo_activity(gateway_url: str, demo_tokens: dict[str, str]) -> str:
    """Something for the dashboard on a fresh platform, made once: two marriage registrations
    decided on the spot (a point of the on-time chart) and a complaint about a window."""
    me = next(t for label, t in demo_tokens.items() if label.startswith("applicant"))
    mine = graphql(gateway_url, me, "{ myApplications(first: 100) { edges { node { status "
                                    "} } } }", {})["data"]["myApplications"]["edges"]
    if any(e["node"]["status"] == "COMPLETED" for e in mine):
        return "dashboard activity already there"
    staff = demo_tokens["window staff, civil affairs"]
    items = graphql(gateway_url, staff, "{ serviceItems(first: 50) { edges { node { id code } } } }",
                    {})["data"]["serviceItems"]["edges"]
    item_id = next(e["node"]["id"] for e in items if e["node"]["code"] == "CA-MARRIAGE-REG")
    for _ in range(2):
        submitted = graphql(gateway_url, staff, """mutation($i: SubmitApplicationInput!) {
          submitApplication(input: $i) { ... on ApplicationSubmitted { case { id } } } }""", {"i": {
            "serviceItemId": item_id, "applicant": APPLICANT, "window": "CA-1",
            "materials": [{"name": m["name"]} for m in MATERIALS]}})["data"]["submitApplication"]
        done = graphql(gateway_url, staff, """mutation($id: ID!) { acceptApplication(caseId: $id,
          decideNow: true) { ... on ApplicationAccepted { case { status } } } }""",
                       {"id": submitted["case"]["id"]})
        if (done.get("data") or {}).get("acceptApplication") != {"case": {"status": "COMPLETED"}}:
            raise RuntimeError(f"demo marriage registration: {done}")
    supervisor = demo_tokens["centre supervisor"]
    registered = graphql(gateway_url, supervisor, """mutation($i: RegisterComplaintInput!) {
      registerComplaint(input: $i) { __typename } }""", {"i": {
        "channel": "PHONE", "subjectKind": "WINDOW", "subjectRef": "MR-1",
        "subjectDepartment": "market-regulation", "category": "PUSHING_OFF",
        "description": "窗口工作人员以不属于本窗口为由推诿，未告知应到哪个窗口办理。",
        "complainantName": "李四", "complainantContact": "13900000000"}})
    if registered.get("data", {}).get("registerComplaint", {}).get("__typename") != \
            "ComplaintRegistered":
        raise RuntimeError(f"demo complaint: {registered}")
    return "two marriage registrations completed on the spot and a complaint, for the dashboard"
