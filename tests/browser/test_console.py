"""The dispatcher console in a real browser: log in with a second factor, watch
an SMS arrive in the queue without a reload, open it, merge, verify, confirm."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.cache import cache

from amparo.testing.browser import log_in, page_fits_width, screenshot, send_signed_sms
from conftest import NORTH_NUMBER, NORTH_TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_sids = itertools.count(1)


@pytest.fixture(autouse=True)
def public_url(settings, live_server):
    # Twilio signs the URL it calls: here, the live server's.
    settings.AMPARO_PUBLIC_URL = live_server.url
    cache.clear()  # allauth remembers used TOTP codes per user id; ids repeat across tests


def send_sms(live_server, body: str, sender: str) -> None:
    send_signed_sms(live_server, sid=f"SMbrowser{next(_sids):06d}", body=body, sender=sender, to=NORTH_NUMBER,
                    token=NORTH_TOKEN)


def test_it_runs_a_report_from_sms_to_confirmed(page, browser, live_server, north, dispatcher):
    from amparo.places.actions import create_place

    create_place(north, name="Roosevelt Elementary", aliases=["Roosevelt school"], lat=34.0501, lon=-118.2401,
                 zip="90013", kind="school")
    create_place(north, name="Lincoln High", aliases=["Lincoln High"], lat=34.2, lon=-118.3, zip="90031",
                 kind="school")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))

    log_in(page, live_server, dispatcher)
    assert page.get_by_role("heading", name=re.compile("Queue")).is_visible()
    page.evaluate("window.__sameDocument = true")

    # A signed SMS reaches the webhook; the open queue shows it without a reload.
    send_sms(live_server, "ICE agents at Roosevelt school right now <script>alert(1)</script> "
                          "<img src=x onerror=alert(1)>", "+12135550001")
    card = page.locator("#queue li.card", has_text="Roosevelt Elementary")
    card.wait_for(timeout=5000)
    send_sms(live_server, "two unmarked vans parked by Lincoln High", "+12135550002")
    page.locator("#queue li.card", has_text="Lincoln High").wait_for(timeout=5000)
    assert page.evaluate("window.__sameDocument === true")  # no reload happened
    assert page_fits_width(page)
    screenshot(page, "console-queue-360")

    # The same queue on a laptop.
    wide = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        wide_page = wide.new_page()
        wide_page.context.add_cookies(page.context.cookies())
        wide_page.goto(f"{live_server.url}/console/")
        assert wide_page.locator("#queue li.card").count() == 2
        screenshot(wide_page, "console-queue")
    finally:
        wide.close()

    # Open it from the keyboard: j selects the first card, Enter opens it.
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    first_ref = page.locator("#queue li.card.selected a.card-ref").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/console/incidents/\d+/$"))
    assert first_ref in page.locator("h1").inner_text()

    # Go to the Roosevelt incident, check the payload is text, and merge Lincoln's into it.
    page.goto(f"{live_server.url}/console/")
    page.locator("#queue li.card", has_text="Roosevelt Elementary").locator("a.card-ref").click()
    page.wait_for_url(re.compile(r".*/console/incidents/\d+/$"))
    body = page.locator(".report-body").first
    assert "<script>alert(1)</script>" in body.inner_text()
    assert "<img src=x onerror=alert(1)>" in body.inner_text()
    assert page.locator("mark.place", has_text="Roosevelt school").count() == 1
    assert page.locator(".report-body img, .report-body script").count() == 0
    assert page.get_by_text("Map tiles: none configured").is_visible()
    page.locator("#incident-map .leaflet-marker-icon").first.wait_for(timeout=5000)

    merge_choice = page.locator("#merge-source option", has_text="Lincoln High").get_attribute("value")
    page.get_by_label("Merge another incident into this one").select_option(merge_choice)
    page.locator("#merge-confirm").check()  # a merge asks to be confirmed (issue 15, item 11)
    page.get_by_role("button", name="Merge", exact=True).click()
    page.get_by_text("was merged into this one").wait_for()
    assert page.locator("li.report").count() == 2

    # Verify, then confirm, from the keyboard.
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("v")
    page.get_by_text("is now “Verifying”").wait_for()
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("c")
    page.get_by_text("is now “Confirmed”").wait_for()
    assert page.locator("#current-status").inner_text() == "Confirmed"
    assert page_fits_width(page)
    screenshot(page, "console-incident-360")
    wide = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        wide_page = wide.new_page()
        wide_page.context.add_cookies(page.context.cookies())
        wide_page.goto(page.url)
        wide_page.locator("#incident-map .leaflet-marker-icon").first.wait_for(timeout=5000)
        screenshot(wide_page, "console-incident")
    finally:
        wide.close()

    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("g")
    page.keyboard.press("q")
    page.wait_for_url(f"{live_server.url}/console/")
    assert page.locator("#queue li.card").count() == 1  # Lincoln's closed when merged

    assert dialogs == []
    assert outside == []  # no third-party request: no CDN, no tiles without a tile server
