"""The public page of what was verified in a real browser, JavaScript off:
a 390x844 phone and a 1366x768 laptop, in Spanish and English."""

from __future__ import annotations

import pytest

from amparo.testing.browser import page_fits_width, screenshot
from amparo.testing.i18n import translated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}


@pytest.mark.parametrize("size,lang", [("phone", "es"), ("laptop", "en"), ("phone", "en"), ("laptop", "es")])
def test_it_reads_without_javascript_on_a_phone_and_a_laptop(browser, live_server, north, size, lang):
    from amparo.orgs.models import Zone
    from amparo.public.tests.test_updates import SECRETS, seed
    from amparo.texts.render import render_text
    from conftest import make_member

    dispatcher = make_member(north, "dispatcher@north.test", "dispatcher")
    Zone.objects.create(organization=north, name="Boyle Heights", zips=["90033"])
    seed(north, dispatcher, 3)

    context = browser.new_context(viewport=SIZES[size], java_script_enabled=False, is_mobile=size == "phone",
                                  locale="en-US", device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/updates/north/?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        if lang == "es":
            assert page.locator("h1").inner_text() == translated("es", "What was verified")
        entries = page.locator("li.update")
        assert entries.count() == 3
        assert page.locator("li.update-confirmed").count() == 2 and page.locator("li.update-false-alarm").count() == 1
        confirmed_text = render_text(north.pk, "alerts.confirmed", lang)
        false_text = render_text(north.pk, "alerts.false_alarm", lang)
        assert page.locator("li.update-confirmed .update-text").first.inner_text() == confirmed_text
        assert page.locator("li.update-false-alarm .update-text").inner_text() == false_text
        for i in range(3):
            entry = entries.nth(i)
            assert entry.locator('a[href="tel:+12135550100"]').is_visible()
            assert entry.locator('a[href="#rights"]').is_visible()
        assert page_fits_width(page)
        screenshot(page, f"updates-{lang}-{SIZES[size]['width']}")
        text = page.content()
        assert not [k for k, v in SECRETS.items() if v in text]

        entries.first.locator('a[href="#rights"]').click()
        page.wait_for_url("**#rights")
        kyr = render_text(north.pk, "kyr.long", lang)
        assert page.locator(".kyr").inner_text().strip() == kyr
    finally:
        context.close()
