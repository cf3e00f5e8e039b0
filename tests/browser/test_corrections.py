"""Rumor control on a 390 px phone: a vague lane's false alarm, the correction offered in one click,
the reports about the rumor ticked, sent once; axe-clean at every step, nothing scrolls sideways."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from amparo.testing.browser import log_in, page_fits_width, screenshot
from tests.browser.test_accessibility import axe_source, describe, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh(settings, live_server):  # type: ignore[no-untyped-def]
    settings.AMPARO_PUBLIC_URL = live_server.url
    cache.clear()  # allauth remembers used TOTP codes per user id; ids repeat across tests


def test_a_vague_lanes_false_alarm_is_corrected_on_a_phone(browser, live_server, north, dispatcher):  # type: ignore[no-untyped-def]
    from amparo.alerts.tests.test_corrections import add_report, false_alarm
    from amparo.incidents.actions import open_incident
    from amparo.incidents.models import Kind
    from amparo.messaging.models import OutboundMessage

    lane = open_incident(north.pk, kind=Kind.VAGUE, at=timezone.now())
    about = add_report(lane, "+13235550101")
    add_report(lane, "+13235550102", language="es")
    false_alarm(lane, dispatcher)
    source = axe_source()
    found: list[str] = []

    # axe is injected, which the site's CSP refuses: this context bypasses it (as the axe walk does).
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=1,
                                  bypass_csp=True)
    try:
        page = context.new_page()
        walk(page, live_server, dispatcher, lane.pk, about.pk, source, found)
    finally:
        context.close()
    assert OutboundMessage.objects.filter(incident=lane).count() == 1
    assert not found, "\n".join(found)


def walk(page, live_server, dispatcher, lane_pk: int, about_pk: int, source: str, found: list[str]) -> None:  # type: ignore[no-untyped-def]
    log_in(page, live_server, dispatcher)
    page.goto(f"{live_server.url}/console/incidents/{lane_pk}/")
    panel = page.locator("#correction")
    assert panel.is_visible()
    found += describe("offer", violations(page, source))
    page.locator("#correction-offer-form button").click()
    page.wait_for_load_state()
    assert page.locator("#correction-vague-form").is_visible()
    found += describe("offered", violations(page, source))
    assert page_fits_width(page)
    screenshot(page, "correction-offered-390")

    page.locator(f'#correction-vague-form input[value="{about_pk}"]').check()
    page.locator("#correction-vague-form button").click()
    page.wait_for_load_state()
    assert "1 reporter, from the hotline" in page.locator("#correction-counts").inner_text()
    page.locator("#correction-send-form button").click()
    page.wait_for_load_state()
    assert page.locator("#correction-sent").is_visible()
    found += describe("sent", violations(page, source))
    assert page_fits_width(page)
