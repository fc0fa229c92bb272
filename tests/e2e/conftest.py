"""What the browser tests share: Debian's chromium, driven by Playwright, once per module."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright


def chromium() -> str:
    found = os.environ.get("ONEWINDOW_CHROMIUM") or shutil.which("chromium")
    assert found, "Chromium is missing: `deploy/local/onewindow test` installs Debian's package"
    return found


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()
