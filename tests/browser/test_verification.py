"""Verification in a real browser: a dispatcher dispatches from the incident page;
a responder accepts on the phone page (reached by the signed link in the SMS the
console transport recorded), checks in, uploads a photo and reports "enforcement
seen / ICE"; the console shows the incident confirmed."""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from django.core.cache import cache

from amparo.testing.browser import log_in, page_fits_width, phone_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/verification/o/[^\s/]+/")


@pytest.fixture(autouse=True)
def public_url(settings, live_server, tmp_path):
    settings.AMPARO_PUBLIC_URL = live_server.url  # the offer's link points at the live server
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    cache.clear()


def small_png(width: int = 8, height: int = 8) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xc0\x30\x30" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def offer_link_sent_to(phone: str) -> str:
    from amparo.messaging.models import OutboundMessage

    for message in OutboundMessage.objects.order_by("-id"):
        if message.to_number == phone:
            found = LINK.search(message.body)
            if found:
                return found.group(0)
    raise AssertionError(f"no offer link was texted to {phone}")


def test_it_takes_an_incident_from_dispatch_to_confirmed(page, browser, live_server, north, dispatcher):
    from amparo.incidents.models import Incident, Status
    from amparo.verification.models import Evidence, Offer, OfferStatus
    from amparo.verification.tests.conftest import configure, make_incident, make_responder

    configure(north, seats=1)
    rosa = make_responder(north, "+12135550301", name="Rosa Observer")
    make_responder(north, "+12135550302", name="Second Observer")
    incident = make_incident(north)

    # The dispatcher picks Rosa by hand from the suggestions and sends the offer.
    log_in(page, live_server, dispatcher)
    page.goto(f"{live_server.url}/console/incidents/{incident.pk}/")
    page.locator("#dispatch label.choice", has_text="Rosa Observer").locator("input").check()
    page.locator("#dispatch button[type=submit]", has_text="Send offers").click()
    page.locator("#dispatch .offer", has_text="Rosa Observer").wait_for(timeout=5000)
    screenshot(page, "verification-console-offered")

    # Rosa opens the signed link from her SMS on a small phone.
    link = offer_link_sent_to(rosa.phone)
    phone_ctx = phone_context(browser)
    phone = phone_ctx.new_page()
    try:
        phone.goto(link)
        assert phone.get_by_text("lawful distance").first.is_visible()
        phone.locator("#offer-accept").click()
        phone.locator("#offer-assigned").wait_for(timeout=5000)
        screenshot(phone, "verification-phone-accepted")
        phone.locator("#offer-scene").click()

        phone.locator("#scene-arrive").click()
        phone.locator("#scene-note").wait_for(timeout=5000)
        assert Offer.objects.get(responder=rosa).status == OfferStatus.ON_SCENE

        phone.locator("#evidence-file").set_input_files(
            {"name": "scene.png", "mimeType": "image/png", "buffer": small_png()})
        phone.locator("#evidence-upload").click()
        phone.locator("#evidence-list li").first.wait_for(timeout=5000)
        item = Evidence.objects.get()
        assert item.kind == "photo" and item.content_type == "image/png" and len(item.sha256) == 64

        phone.locator("input[name=outcome][value=enforcement_seen]").check()
        phone.locator("#agency-federal").select_option("ice")
        phone.locator("#outcome-send").click()
        phone.locator("#scene-outcome").wait_for(timeout=5000)
        assert page_fits_width(phone)
        screenshot(phone, "verification-phone-outcome")
    finally:
        phone_ctx.close()

    assert Incident.objects.get(pk=incident.pk).status == Status.CONFIRMED
    page.goto(f"{live_server.url}/console/incidents/{incident.pk}/")
    assert "Confirmed" in page.locator("#current-status").inner_text()
    assert page.locator("#onscene", has_text="Rosa Observer").is_visible()
    assert "Immigration enforcement seen: ICE" in page.locator("#outcome-proposal").inner_text()
    screenshot(page, "verification-console-confirmed")
