"""Playwright driving Debian's chromium, for end-to-end tests of the pages.

No browser is downloaded: tests use the distribution's chromium, so they run
offline and on the same browser engine a cheap Android phone ships. Without
chromium the tests skip loudly, unless CI=true or AMPARO_BROWSER_TESTS=1 says
they must run, in which case they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

TOTP_PERIOD = 30  # seconds (RFC 6238, allauth's default)
TOTP_MARGIN = 4.0  # seconds left in a period below which log_in waits for the next
CHROMIUM = os.environ.get("AMPARO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


def browser_tests_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("AMPARO_BROWSER_TESTS") == "1"


def missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401  (optional: a test dependency, checked here)
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        return f"chromium is not installed at {CHROMIUM} (make chromium, or apt-get install chromium)"
    return None


def skip_or_fail_without_browser() -> None:
    reason = missing_reason()
    if reason is None:
        return
    message = f"BROWSER TESTS NOT RUN: {reason}"
    if browser_tests_required():
        pytest.fail(message + " (required: CI=true or AMPARO_BROWSER_TESTS=1)", pytrace=False)
    pytest.skip("!!! " + message + " !!!")


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def phone_context(browser: Any, *, javascript: bool = True, locale: str = "en-US") -> Any:
    """A fresh context the size of a small phone: no cookies shared between tests."""
    return browser.new_context(
        viewport=PHONE, java_script_enabled=javascript, locale=locale, device_scale_factor=1, is_mobile=True
    )


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


def page_fits_width(page: Any) -> bool:
    """True when nothing scrolls sideways: the page works at the viewport's width."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def log_in(page: Any, live_server: Any, user: Any, *, next_url: str | None = "/console/") -> None:
    """Log a persona in through allauth: password, then TOTP. ``next_url=None`` logs in
    from the login page itself and lands where the persona's role leads."""
    # The root conftest (personas' password, TOTP) is importable only under pytest.
    from conftest import PASSWORD, totp_now

    page.goto(f"{live_server.url}/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/authenticate/.*"))
    # A code typed in the last moments of its 30-second period reaches the server in the next one,
    # where it is no longer valid: wait for a fresh period instead.
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < TOTP_MARGIN:
        time.sleep(left + 0.2)
    page.locator("input[name=code]").fill(totp_now())
    page.locator("form button[type=submit]").last.click()
    if next_url:
        page.wait_for_url(f"{live_server.url}{next_url}")
    else:
        # Wait for the navigation the click starts: the current page is already "loaded".
        page.wait_for_url(lambda url: "/accounts/" not in url)


def send_signed_sms(live_server: Any, *, sid: str, body: str, sender: str, to: str, token: str,
                    service: str = "") -> str:
    """POST an SMS to the live server's webhook, signed as Twilio signs it; the TwiML answer.
    ``service``: the Messaging Service SID Twilio names when the number is in one (the alerts sender)."""
    from twilio.request_validator import (
        RequestValidator,  # test-only use of the SDK: as Twilio signs
    )

    url = live_server.url + "/hooks/twilio/sms"
    params = {"MessageSid": sid, "From": sender, "To": to, "Body": body, "AccountSid": "ACtest", "NumMedia": "0"}
    if service:
        params["MessagingServiceSid"] = service
    signature = RequestValidator(token).compute_signature(url, params)
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(),  # noqa: S310 (loopback)
                                     headers={"X-Twilio-Signature": signature})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback only)
        assert response.status == 200
        return response.read().decode()
