"""The staff workbench's weight and speed on the local stack: the built bundle (gzip), the
workbench's first load after signing in (navigation timing, and until the signed-in header
shows) and a case page's load (until its number shows), in Debian's chromium; beside them, in
the same run, the time of a trivial page (/pages/config.json) fetched by the same browser.

    .venv/bin/python -m bench.workbench --repeat 5

Starts Keycloak and an isolated stack. Not a test: docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.isolated import isolated_stack
from deploy.local.keycloak import Keycloak, realm_user
from deploy.local.stack import ROOT, free_port
from tests.e2e.conftest import chromium
from tests.support import create_item, gql, new_id_number, token

DIST = ROOT / "gateway" / "workbench" / "dist" / "assets"


def bundle() -> dict:
    sizes = {}
    for kind in ("js", "css"):
        files = list(DIST.glob(f"*.{kind}"))
        sizes[f"{kind}_kb"] = round(sum(f.stat().st_size for f in files) / 1024, 1)
        sizes[f"{kind}_gzip_kb"] = round(sum(len(gzip.compress(f.read_bytes(), 9))
                                             for f in files) / 1024, 1)
    return sizes


def a_case(stack, department: str) -> str:
    """An accepted case of a staffed department (the tests' own helpers)."""
    item = create_item(stack, department)
    clerk = token(stack, "window_staff", department=department, subject=f"{department}-h")
    case = gql(stack.gateway_url, """mutation($i: SubmitApplicationInput!) { submitApplication(
      input: $i) { ... on ApplicationSubmitted { case { id } } } }""", {"i": {
        "serviceItemId": item["id"], "materials": [{"name": "申请表"}],
        "applicant": {"name": "周强", "idType": "RESIDENT_ID_CARD", "idNumber": new_id_number(),
                      "contact": "13800002222"}}}, clerk)
    case_id = case["data"]["submitApplication"]["case"]["id"]
    gql(stack.gateway_url, "mutation($id: ID!) { acceptApplication(caseId: $id) { __typename } }",
        {"id": case_id}, clerk)
    return case_id


def main(repeat: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="onewindow-workbench-"))
    keycloak = Keycloak(free_port(), root / "keycloak", root / "logs")
    keycloak.start()
    try:
        with isolated_stack("workbench", oidc_issuer=keycloak.issuer) as iso:
            site = iso.stack.gateway_url.removesuffix("/graphql")
            keycloak.configure(site, "bench-secret")
            department = "bench-dept"
            case_id = a_case(iso.stack, department)
            realm_user(keycloak, f"{department}-h", "Bench-pass-1", "测试", ["window_staff"],
                       department)
            found = measure(site, f"{department}-h", case_id, repeat)
    finally:
        keycloak.stop()
    print(json.dumps({"bundle": bundle(), **found}, indent=2))


def measure(site: str, user: str, case_id: str, repeat: int) -> dict:
    first, first_nav, case_page, trivial = [], [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        for _ in range(repeat):
            context = browser.new_context(locale="zh-CN")  # a cold cache each time
            page = context.new_page()
            page.goto(f"{site}/workbench/")
            page.fill("#username", user)
            page.fill("#password", "Bench-pass-1")
            page.click("#kc-login")
            page.wait_for_url(f"{site}/workbench/")
            try:
                page.locator("#who").wait_for()
            except Exception:
                page.screenshot(path="/tmp/bench-wb.png")
                print(page.url, page.content()[:3000])
                raise
            # signed in (tokens in the tab's session storage): the workbench loaded again with
            # the browser's cache emptied (a clerk's first visit of the day)
            context.new_cdp_session(page).send("Network.clearBrowserCache")
            started = time.perf_counter()
            page.goto(f"{site}/workbench/?fresh={time.time()}", wait_until="commit")
            page.locator("#who").wait_for()
            first.append((time.perf_counter() - started) * 1000)
            first_nav.append(page.evaluate("() => performance.getEntriesByType('navigation')[0]"
                                           ".loadEventEnd"))
            started = time.perf_counter()
            page.goto(f"{site}/workbench/cases/{case_id}", wait_until="commit")
            page.locator("#case-number").wait_for()
            case_page.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            page.evaluate("() => fetch('/pages/config.json').then(r => r.json())")
            trivial.append((time.perf_counter() - started) * 1000)
            context.close()
        browser.close()
    median = statistics.median
    base = median(trivial)
    return {"trivial_fetch_ms": round(base, 1),
            "first_load_ms": round(median(first)), "first_load_x_trivial": round(median(first) / base, 1),
            "first_load_navigation_load_event_ms": round(median(first_nav)),
            "case_page_ms": round(median(case_page)),
            "case_page_x_trivial": round(median(case_page) / base, 1)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    main(parser.parse_args().repeat)
