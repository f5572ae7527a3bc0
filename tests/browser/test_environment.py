"""CI runs the browser suite for real: a missing Chromium there is a failure, not a skip."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import conftest
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


def test_a_missing_chromium_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(conftest, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        conftest.require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        conftest.require_chromium()
