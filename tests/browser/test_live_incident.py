"""An open incident page in a real browser learns of every kind of change without a
reload (issue 15, item 1): a new report through the signed webhook, a follow-up, a
text to the reporter, offers accepted and declined, an arrival, a check-out, a merge
and, after check-out, the responder's outcome. What the dispatcher ticked survives
the swaps, and their note, sent with the version the page loaded, is not a conflict."""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache

from amparo.testing.browser import log_in, page_fits_width, screenshot, send_signed_sms
from conftest import NORTH_NUMBER, NORTH_TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 10_000  # ms: the page polls every 3 s
REPORTER = "+12135550701"
_sids = itertools.count(1)


@pytest.fixture(autouse=True)
def public_url(settings, live_server):
    settings.AMPARO_PUBLIC_URL = live_server.url
    cache.clear()


def send_sms(live_server, body: str, sender: str) -> None:
    send_signed_sms(live_server, sid=f"SMlive{next(_sids):06d}", body=body, sender=sender, to=NORTH_NUMBER,
                    token=NORTH_TOKEN)


def test_the_open_incident_page_shows_each_change_without_a_reload(page, live_server, north, dispatcher):
    from amparo.console.tests.factories import incident_at_school, school
    from amparo.crypto.keys import keyed_hash
    from amparo.incidents.actions import merge_incidents
    from amparo.incidents.models import Incident
    from amparo.messaging.actions import send_to_reporter
    from amparo.verification import actions, onscene
    from amparo.verification.models import Offer
    from amparo.verification.tests.conftest import make_responder

    school(north)
    send_sms(live_server, "ICE agents at Roosevelt school right now", REPORTER)
    send_sms(live_server, "two unmarked vans parked by Roosevelt school", "+12135550702")
    incident = Incident.objects.get()
    rosa = make_responder(north, "+12135550311", name="Rosa Observer")
    tomas = make_responder(north, "+12135550312", name="Tomas Observer")
    actions.offer_incident(incident, by=dispatcher, responders=[rosa, tomas])

    log_in(page, live_server, dispatcher)
    page.goto(f"{live_server.url}/console/incidents/{incident.pk}/")
    page.evaluate("window.__sameDocument = true")
    reports = page.locator("#report-list li.report")
    assert reports.count() == 2
    first_report = page.locator("#report-list input[name=reports]").first
    first_report.check()  # the dispatcher is choosing reports to split off
    page.locator("#note-text").fill("Called the school office.")

    # A new report through the signed webhook.
    send_sms(live_server, "now five agents with vests at Roosevelt school", "+12135550703")
    page.locator("#report-list li.report", has_text="five agents with vests").wait_for(timeout=WAIT)
    assert "3 reports" in page.locator("#incident-meta").inner_text()
    # A follow-up from the first reporter.
    send_sms(live_server, "they are still there, two more vans", REPORTER)
    page.locator("#report-list li.report", has_text="two more vans").wait_for(timeout=WAIT)
    assert first_report.is_checked()  # kept across the swaps

    # A text to the reporter, from another dispatcher's console.
    report = incident.reports.filter(caller_hash=keyed_hash(north.pk, "tel:" + REPORTER)).first()
    send_to_reporter(incident, report, "Which gate exactly?", by=dispatcher)
    page.locator("#thread-items", has_text="Which gate exactly?").wait_for(timeout=WAIT)

    # The responders answer, Rosa arrives and leaves.
    rosa_offer, tomas_offer = Offer.objects.get(responder=rosa), Offer.objects.get(responder=tomas)
    actions.accept_offer(rosa_offer)
    page.locator(f"#assignment-{rosa_offer.pk}").wait_for(timeout=WAIT)
    actions.decline_offer(tomas_offer)
    page.locator(f"#offer-{tomas_offer.pk}.offer-declined").wait_for(timeout=WAIT)
    onscene.arrive(rosa_offer, via="sms")
    page.locator(f"#assignment-{rosa_offer.pk}.offer-on_scene").wait_for(timeout=WAIT)
    onscene.check_out(rosa_offer, via="sms")
    page.locator(f"#assignment-{rosa_offer.pk}.offer-checked_out").wait_for(timeout=WAIT)

    # Another incident is merged into this one.
    other = incident_at_school(north, name="Lincoln High", alias="Lincoln High", lat=34.2, lon=-118.3)
    merge_incidents(Incident.objects.get(pk=incident.pk), [other], by="intake")
    page.locator("#report-list li.report", has_text="Lincoln High").wait_for(timeout=WAIT)
    # The timeline names the merged incident by the network's own number, never its id.
    page.locator("#timeline-list", has_text=f"#{Incident.objects.get(pk=other.pk).number}").wait_for(timeout=WAIT)
    assert page.evaluate("window.__sameDocument === true")  # no reload happened
    assert page.locator("#note-text").input_value() == "Called the school office."
    assert page_fits_width(page)
    screenshot(page, "console-incident-live")

    # The dispatcher's note goes with the version the page loaded: none of that was a conflict.
    page.locator("#note-form button[type=submit]").click()
    page.get_by_text("Note added.").wait_for(timeout=WAIT)

    # Leave, then file: Rosa reports the outcome after checking out; the page shows it decided.
    page.evaluate("window.__sameDocument = true")
    onscene.report_outcome(Offer.objects.get(pk=rosa_offer.pk), outcome="enforcement_seen", agency="ice",
                           via="sms")
    page.locator("#current-status", has_text="Confirmed").wait_for(timeout=WAIT)
    page.locator("#outcome-proposal", has_text="enforcement seen: ICE").wait_for(timeout=WAIT)
    page.locator("#dispatch", has_text="Done").wait_for(timeout=WAIT)
    assert page.evaluate("window.__sameDocument === true")
