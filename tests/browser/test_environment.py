"""CI runs the browser suite for real: a missing Chromium there is a failure, not a skip."""

from __future__ import annotations

import pytest

from tests.browser.conftest import chromium_path, in_ci

pytestmark = pytest.mark.browser


def test_chromium_is_installed_when_ci_runs():
    if not in_ci():
        pytest.skip("CI is not set: the browser tests skip by themselves without Chromium")
    assert chromium_path() is not None, "CI=true but /usr/bin/chromium is missing"


def test_the_browser_starts_and_renders(browser):
    page = browser.new_page()
    try:
        page.set_content("<!DOCTYPE html><title>t</title><p id=x>ready</p>")
        assert page.text_content("#x") == "ready"
    finally:
        page.close()
