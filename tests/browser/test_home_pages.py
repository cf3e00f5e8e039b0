"""Each role logs in and lands where its work is, at phone and laptop size, in English
and Spanish; error pages are the site's own; the incident page speaks in phrases
(issue 15, items 3 to 5). Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache

from amparo.testing.browser import log_in as harness_log_in
from amparo.testing.browser import page_fits_width, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
LANDING = {"dispatcher": "/console/", "admin_user": "/console/", "responder": "/verification/my/",
           "legal": "/legal/"}


@pytest.fixture(autouse=True)
def public_url(settings, live_server):
    settings.AMPARO_PUBLIC_URL = live_server.url
    cache.clear()  # allauth remembers used TOTP codes per user id; ids repeat across tests


def open_page(browser: Any, size: str, language: str) -> Any:
    context = browser.new_context(viewport=SIZES[size], locale="es-US" if language == "es" else "en-US",
                                  device_scale_factor=1, is_mobile=size == "phone")
    return context.new_page()


def log_in(page: Any, live_server: Any, user: Any) -> None:
    """From the login page itself (no ?next=): the persona lands where its role leads."""
    harness_log_in(page, live_server, user, next_url=None)


def offer_for(north: Any, user: Any) -> None:
    from amparo.verification import actions
    from amparo.verification.models import Responder
    from amparo.verification.tests.conftest import make_incident, make_responder

    rosa = make_responder(north, "+12135550301", name="Rosa Observer")
    Responder.objects.filter(pk=rosa.pk).update(user=user)
    actions.offer_incident(make_incident(north), by="test", responders=[rosa])


@pytest.mark.parametrize("size", ["phone", "laptop"])
@pytest.mark.parametrize(("role", "language"), [("responder", "es"), ("legal", "es"), ("admin_user", "en"),
                                                 ("dispatcher", "es")])
def test_each_role_lands_on_its_work(browser, live_server, request, north, role, language, size):
    user = request.getfixturevalue(role)
    if role == "responder":
        offer_for(north, user)
    page = open_page(browser, size, language)
    try:
        log_in(page, live_server, user)
        assert page.url == live_server.url + LANDING[role]
        assert page.locator("html").get_attribute("lang") == language
        screenshot(page, f"home-{role}-{language}-{size}")
        assert page_fits_width(page)
        if role == "responder":
            page.locator(".work-item").first.click()  # the offer's own page
            page.wait_for_url(re.compile(r".*/verification/o/.*"))
        if role == "admin_user":
            from amparo.audit.log import audit

            assert page.locator("a[href='/manage/']").first.is_visible()
            audit(north.pk, action="call_back", object_type="report", object_ids=[7], actor=user)
            page.goto(f"{live_server.url}/audit/")
            assert re.search(r"\bP[SD]T\b", page.locator("table").inner_text())
            assert "call_back" not in page.locator("main").inner_text()
            screenshot(page, f"audit-{language}-{size}")
            page.goto(f"{live_server.url}/home/account/")
            screenshot(page, f"account-{role}-{language}-{size}")
            assert page_fits_width(page)
    finally:
        page.context.close()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_a_forbidden_and_a_missing_page_are_the_sites_own(browser, live_server, north, responder, size):
    page = open_page(browser, size, "es")
    try:
        log_in(page, live_server, responder)
        response = page.goto(f"{live_server.url}/console/")
        assert response is not None and response.status == 403
        assert page.locator("#error-403").is_visible() and page.locator("html").get_attribute("lang") == "es"
        screenshot(page, f"error-403-es-{size}")
        assert page_fits_width(page)
        page.locator("#error-home").click()
        page.wait_for_url(live_server.url + "/verification/my/")
        page.context.clear_cookies()
        response = page.goto(f"{live_server.url}/verification/o/not-a-token/")
        assert response is not None and response.status == 404
        screenshot(page, f"error-404-es-{size}")
        assert page.locator("#error-report").is_visible() and page_fits_width(page)
    finally:
        page.context.close()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_incident_page_speaks_spanish_in_the_networks_time(browser, live_server, north, dispatcher, size):
    from django.utils import timezone

    from amparo.verification import actions, onscene
    from amparo.verification.models import Agency, Offer, Outcome
    from amparo.verification.tests.conftest import configure, make_incident, make_responder

    configure(north, seats=1)
    rosa = make_responder(north, "+12135550301", name="Rosa Observer")
    incident = make_incident(north, at=timezone.now() - timedelta(minutes=20))
    start = timezone.now() - timedelta(minutes=15)
    actions.offer_incident(incident, by=dispatcher, responders=[rosa], now=start)
    offer = Offer.objects.get(responder=rosa)
    actions.accept_offer(offer, now=start + timedelta(seconds=95.9), via="page")
    onscene.arrive(offer, via="sms")
    onscene.report_outcome(offer, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE)
    onscene.check_out(offer)

    page = open_page(browser, size, "es")
    try:
        log_in(page, live_server, dispatcher)
        page.goto(f"{live_server.url}/console/incidents/{incident.pk}/")
        timeline = page.locator(".timeline-list").inner_text()
        assert "Rosa Observer" in timeline and "responder " not in timeline and "_" not in timeline
        assert re.search(r"\bP[SD]T\b", timeline)  # Los Angeles time, named
        assert "1 min 36 s" in page.locator("#dispatch").inner_text()
        assert "enforcement seen" not in page.locator("#onscene").inner_text()
        page.locator("#dispatch").scroll_into_view_if_needed()
        screenshot(page, f"incident-es-{size}")
    finally:
        page.context.close()
