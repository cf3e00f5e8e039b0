"""Legal aid referrals in a real browser (issue 12, provider slice): the coordinator sees the proposed
providers ranked with reasons and refers; the provider accepts by SMS reply; a shared event reaches the
family in Spanish, and the family's reply lands in the case's thread, not in the dispatch queue."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from amparo.testing.browser import log_in, page_fits_width, screenshot, send_signed_sms
from conftest import NORTH_NUMBER, NORTH_TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROVIDER_PHONE = "+12135550777"
SISTER = "+12135550611"
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(autouse=True)
def public_url(settings, live_server):
    settings.AMPARO_PUBLIC_URL = live_server.url
    cache.clear()


def test_a_case_is_referred_accepted_by_sms_and_the_family_kept_informed(page, browser, live_server, north, legal,
                                                                         dispatcher):
    from amparo.incidents.models import Incident
    from amparo.legal.models import (
        CaseEvent,
        Facility,
        FamilyDirection,
        FamilyMessage,
        Referral,
        ReferralStatus,
    )
    from amparo.legal.tests.referral_helpers import make_case, make_contact, make_provider
    from amparo.messaging.models import OutboundMessage

    facility = Facility.objects.create(organization=north, name="Adelanto ICE Processing Center",
                                       county="Los Angeles")
    case = make_case(north, facility=facility)
    make_contact(case, SISTER, language="es")
    make_provider(north, "Orange County Defenders", counties=["Orange"], capacity=4)
    make_provider(north, "Esperanza Legal", phone=PROVIDER_PHONE, capacity=3)
    make_provider(north, "Full House Law", capacity=1, open_cases=1)
    located = CaseEvent.objects.create(organization=north, case=case, kind="located", facility=facility)

    # 1. The coordinator sees the providers ranked, each with its reasons, and refers.
    log_in(page, live_server, legal, next_url=f"/legal/cases/{case.pk}/referral/")
    names = page.locator("#proposals > li strong").all_inner_texts()
    assert names == ["Esperanza Legal", "Orange County Defenders", "Full House Law"]
    first = page.locator("#proposals > li").first
    assert "Serves Los Angeles" in first.inner_text() and "3 of 3 places free" in first.inner_text()
    assert "Full: no free place" in page.locator("#proposals > li").last.inner_text()
    assert page.locator("#proposals > li").last.locator("button").count() == 0
    assert page_fits_width(page)
    screenshot(page, "legal-referral-proposals-phone")
    page.get_by_role("button", name="Refer to Esperanza Legal").click()
    page.locator("#waiting").wait_for()
    assert "Waiting for Esperanza Legal" in page.locator("#waiting").inner_text()
    referral = Referral.objects.get()
    sms = OutboundMessage.objects.get(to_hash=referral.provider.contact_phone_hash)
    assert f"TAKE C{case.number}" in sms.body and "Canary" not in sms.body

    # 2. The provider accepts by SMS.
    send_signed_sms(live_server, sid="SMprovider1", body=f"take c{case.number}", sender=PROVIDER_PHONE,
                    to=NORTH_NUMBER, token=NORTH_TOKEN)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    page.reload()
    assert "Accepted by Esperanza Legal" in page.locator("#accepted-by").inner_text()

    # 3. The coordinator shares "located" with the family: the sister gets it in Spanish.
    page.goto(f"{live_server.url}/legal/cases/{case.pk}/provider/")
    page.locator(f"#event-{located.pk} button").click()
    page.locator(f"#event-{located.pk}").get_by_text("shared with the family").wait_for()
    to_family = [m for m in OutboundMessage.objects.order_by("pk") if m.to_number == SISTER]
    assert len(to_family) == 1
    assert to_family[0].body.startswith(f"Amparo ayuda legal, caso C{case.number}: su ser querido fue localizado")

    # 4. Her reply lands in the case's thread, not in the dispatch queue.
    send_signed_sms(live_server, sid="SMsister1", body="Gracias. ¿Cuándo lo puedo visitar?", sender=SISTER,
                    to=NORTH_NUMBER, token=NORTH_TOKEN)
    assert FamilyMessage.objects.filter(direction=FamilyDirection.IN, case=case).count() == 1
    assert not Incident.objects.exists()
    page.goto(f"{live_server.url}/legal/cases/{case.pk}/family/")
    thread = page.locator("#thread").inner_text()
    assert "¿Cuándo lo puedo visitar?" in thread and "su ser querido" in thread
    assert page_fits_width(page)
    screenshot(page, "legal-family-thread-phone")

    # The dispatcher's queue never shows it.
    laptop = browser.new_context(viewport=LAPTOP)
    desk = laptop.new_page()
    log_in(desk, live_server, dispatcher, next_url="/console/")
    assert "¿Cuándo lo puedo visitar?" not in desk.content()
    desk.goto(f"{live_server.url}/legal/cases/{case.pk}/family/")
    assert "¿Cuándo lo puedo visitar?" not in desk.content()
    laptop.close()


def test_the_referral_page_on_a_laptop(browser, live_server, north, legal):
    from amparo.legal.tests.referral_helpers import make_case, make_provider

    case = make_case(north)
    make_provider(north, "Esperanza Legal", capacity=3)
    make_provider(north, "Kern Family Law", counties=["Kern"], case_types=["family"], languages=["ko"])
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log_in(page, live_server, legal, next_url=f"/legal/cases/{case.pk}/referral/")
    assert page.locator("#proposals > li strong").all_inner_texts() == ["Esperanza Legal", "Kern Family Law"]
    assert "Does not list Los Angeles" in page.locator("#proposals > li").last.inner_text()
    assert page_fits_width(page)
    screenshot(page, "legal-referral-proposals-laptop")
    context.close()
