"""Printable notices (issue 23): every notice has a URL, GET /notices/<number>.pdf through the
gateway, answered under its case's access rule: with a bearer token, or by the link GraphQL
signs for a reader of the case (five minutes, so a browser opens it without a header)."""

import io
import re
import uuid

import httpx
import pytest
from pypdf import PdfReader

from tests.support import VALID_ID, create_item, gql, set_clock, submit_and_accept, token

pytestmark = pytest.mark.e2e
NOTICES = """query($id: ID!) { case(id: $id) { caseNumber notices { number kind pdfUrl } } }"""


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"[\x00\s]", "", "".join(page.extract_text() for page in reader.pages))


def test_a_notice_prints_from_its_url_for_those_who_may_read_its_case(stack):
    set_clock(stack, "2026-12-07T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    case_id = submit_and_accept(stack, create_item(stack, department))
    clerk = token(stack, "window_staff", department=department)
    case = gql(stack.gateway_url, NOTICES, {"id": case_id}, clerk)["data"]["case"]
    acceptance = next(n for n in case["notices"] if n["kind"] == "ACCEPTANCE_NOTICE")
    site = stack.gateway_url.removesuffix("/graphql")
    assert acceptance["pdfUrl"].startswith(f"/notices/{acceptance['number']}.pdf?")

    # the signed link opens in a browser without any header
    printed = httpx.get(site + acceptance["pdfUrl"], timeout=30)
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/pdf"
    assert f'filename="{acceptance["number"]}.pdf"' in printed.headers["content-disposition"]
    assert case["caseNumber"] in text_of(printed.content)

    plain = f"{site}/notices/{acceptance['number']}.pdf"
    assert httpx.get(plain, timeout=30).status_code == 401  # no token, no signature
    tampered = site + acceptance["pdfUrl"][:-4] + "0000"
    assert httpx.get(tampered, timeout=30).status_code == 401
    for who, status in ((clerk, 200), (token(stack, "applicant", subject=VALID_ID), 200),
                        (token(stack, "supervisor"), 200),
                        (token(stack, "window_staff", department="elsewhere"), 403),
                        (token(stack, "applicant", subject="E000000001"), 403)):
        answer = httpx.get(plain, headers={"authorization": f"Bearer {who}"}, timeout=30)
        assert answer.status_code == status, (status, answer.text[:200])
    assert httpx.get(f"{site}/notices/{case['caseNumber']}-SL9.pdf",
                     headers={"authorization": f"Bearer {clerk}"}, timeout=30).status_code == 404

    set_clock(stack, "2026-12-07T09:06:00+08:00")  # five minutes on, the link has expired
    assert httpx.get(site + acceptance["pdfUrl"], timeout=30).status_code == 401
