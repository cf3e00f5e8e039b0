"""Recruitment in a real browser (issue 14, item 4): a stranger signs up on a phone without
JavaScript, two members vouch on their phones, the admin accepts on a laptop, and the
invitation arrives by e-mail (its link opens the invitation page)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from amparo.testing.browser import log_in, page_fits_width, screenshot
from amparo.testing.i18n import translated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(autouse=True)
def setup(settings, live_server):
    settings.AMPARO_FORM_MIN_SECONDS = 0
    settings.AMPARO_PUBLIC_URL = live_server.url
    cache.clear()


def phone(browser, *, javascript: bool = True):
    return browser.new_context(viewport=PHONE, java_script_enabled=javascript, is_mobile=True,
                               device_scale_factor=1)


def test_a_stranger_signs_up_two_members_vouch_and_the_admin_accepts(browser, live_server, north, admin_user,
                                                                      dispatcher, responder):
    from amparo.messaging.models import OutboundMessage
    from amparo.orgs.models import Zone
    from amparo.verification.models import Responder
    from amparo.volunteers.models import Applicant

    Zone.objects.create(organization=north, name="Boyle Heights", zips=["90033"])

    def es(msgid: str) -> str:
        return translated("es", msgid)

    # 1. A stranger signs up, in Spanish, on a phone without JavaScript.
    stranger = phone(browser, javascript=False)
    page = stranger.new_page()
    page.goto(f"{live_server.url}/join/north/?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page_fits_width(page)
    screenshot(page, "join-form-es-390")
    page.get_by_label(es("Your name")).fill("Ana Reyes")
    page.get_by_label(es("Mobile phone")).fill("213 555 0177")
    page.get_by_label(es("E-mail")).fill("ana@example.org")
    page.get_by_label(es("ZIP code where you live or spend your days")).fill("90265")  # outside the network
    page.get_by_label("Español").check()
    page.get_by_label(es("Field observer (go and check reports)")).check()
    page.get_by_label(es("I can drive")).check()
    page.get_by_role("button", name=es("Sign up")).click()
    assert page.get_by_role("alert").filter(has_text="90265").count() or page.locator(".errorlist").count()
    assert page.get_by_label(es("Your name")).input_value() == "Ana Reyes"  # nothing lost
    assert page.get_by_label(es("I can drive")).is_checked()
    screenshot(page, "join-form-error-es-390")
    page.get_by_label(es("ZIP code where you live or spend your days")).fill("90033")
    page.get_by_role("button", name=es("Sign up")).click()
    page.wait_for_url("**/join/north/thanks/")
    assert page.get_by_role("heading", name=es("Thank you for signing up.")).is_visible()
    screenshot(page, "join-thanks-es-390")
    stranger.close()
    applicant = Applicant.objects.get()
    assert OutboundMessage.objects.filter(to_hash=applicant.phone_hash).exists()  # the confirmation SMS

    # 2. Two members vouch, each on a phone.
    for member, note in ((responder, "Vecina de hace años."), (dispatcher, "")):
        ctx = phone(browser)
        page = ctx.new_page()
        log_in(page, live_server, member, next_url="/volunteers/vouch/")
        card = page.locator(f"#signup-{applicant.pk}")
        assert "+1213" not in card.inner_text()  # members never see the phone
        if note:
            card.get_by_label(re.compile("How do you know them")).fill(note)
        card.get_by_role("button", name="I vouch for Ana Reyes").click()
        page.get_by_text("You vouched for this person.").wait_for()
        assert page_fits_width(page)
        screenshot(page, f"vouch-{member.email.split('@')[0]}-390")
        ctx.close()

    # 3. The admin accepts on a laptop, and the invitation arrives.
    laptop = browser.new_context(viewport=LAPTOP)
    page = laptop.new_page()
    log_in(page, live_server, admin_user, next_url="/volunteers/signups/")
    row = page.locator(f"#signup-{applicant.pk}")
    assert "2 of 2" in row.inner_text()
    screenshot(page, "signups-admin-1366")
    row.get_by_role("link", name="Ana Reyes").click()
    assert page.get_by_text("Vecina de hace años.").is_visible()
    screenshot(page, "signup-detail-admin-1366")
    page.get_by_role("button", name="Accept and invite").click()
    page.get_by_role("heading", name="Ana Reyes is accepted").wait_for()
    screenshot(page, "signup-accepted-admin-1366")
    laptop.close()

    [email] = mail.outbox
    assert email.to == ["ana@example.org"]
    link = re.search(r"https?://\S+/accounts/invite/\S+/", email.body).group(0)
    assert Responder.objects.get(organization=north, phone_hash=applicant.phone_hash).field_eligible is False
    newcomer = phone(browser)
    page = newcomer.new_page()
    page.goto(link)
    assert page.locator("input[type=password]").count() or page.get_by_role("button").count()
    screenshot(page, "invitation-open-390")
    newcomer.close()
