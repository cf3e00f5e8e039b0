"""Legal aid in the browser (issue 12, the core slice), at phone and laptop size:
a dispatcher turns a report into a Person and opens its case from the incident
page; the legal coordinator records located, bond set and a hearing, and a
mistyped facility keeps what was typed. Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from amparo.testing.browser import log_in, page_fits_width, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}


@pytest.fixture(autouse=True)
def public_url(settings, live_server):
    settings.AMPARO_PUBLIC_URL = live_server.url
    cache.clear()


def open_page(browser: Any, size: str, locale: str = "en-US") -> Any:
    context = browser.new_context(viewport=SIZES[size], locale=locale, device_scale_factor=1,
                                  is_mobile=size == "phone")
    return context.new_page()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_a_report_becomes_a_person_and_a_case_the_coordinator_follows(browser, live_server, north, dispatcher,
                                                                        legal, size):
    from amparo.incidents.models import Incident
    from amparo.legal.models import Case, CaseEvent, Facility, Hearing
    from amparo.reports.models import Report

    now = timezone.now()
    incident = Incident.objects.create(organization=north, first_report_at=now, last_report_at=now, report_count=1)
    report = Report.objects.create(organization=north, channel="sms", provider_id="SMbrowserlegal", language="es",
                                   body="Se llevaron a mi hermano en la calle 4", caller_number="+13235550111",
                                   received_at=now, incident=incident)
    Facility.objects.create(organization=north, name="Adelanto ICE Processing Center", county="San Bernardino")

    # 1. The dispatcher: the report's button, then the form's button.
    page = open_page(browser, size)
    try:
        log_in(page, live_server, dispatcher, next_url=f"/console/incidents/{incident.pk}/")
        page.locator(f"#person-from-report-{report.pk}").click()
        page.wait_for_url(f"**/legal/reports/{report.pk}/person")
        page.locator("#id_name").fill("Rosa Martínez")
        page.locator("#id_date_of_birth").fill("1990-04-02")
        page.locator("#id_a_number").fill("A-12-34")  # mistyped first
        screenshot(page, f"legal-intake-{size}")
        assert page_fits_width(page)
        page.locator("#save-person").click()
        assert "8 or 9 digits" in page.locator(".errorlist").first.inner_text()
        assert page.locator("#id_name").input_value() == "Rosa Martínez"  # kept
        page.locator("#id_a_number").fill("A-123-456-789")
        page.locator("#save-person").click()
        page.wait_for_url(f"**/console/incidents/{incident.pk}/")
        case = Case.objects.get()
        assert page.locator(f"#legal-case-{case.pk}").inner_text().startswith("Case C1")
        assert "Rosa" not in page.locator("#legal-aid").inner_text()
        screenshot(page, f"legal-incident-case-{size}")
    finally:
        page.context.close()

    # 2. The coordinator, in Spanish: located (a typo first), bond set, a hearing.
    page = open_page(browser, size, locale="es-US")
    try:
        log_in(page, live_server, legal, next_url=None)
        assert page.url == f"{live_server.url}/legal/"
        page.locator(f"#case-{case.pk} a").click()
        page.wait_for_url(f"**/legal/cases/{case.pk}/")

        def record(name: str, fields: dict[str, str]) -> None:
            form = page.locator(f"#form-{name}")
            if form.get_attribute("open") is None:
                form.locator("summary").click()
            for field, value in fields.items():
                form.locator(f"[name='{name}-{field}']").fill(value)
            form.locator("button[type=submit]").click()
            page.wait_for_load_state()

        record("located", {"facility": "Adelanto Processing"})
        assert "no está en la lista" in page.locator("#form-located .errorlist").inner_text()
        assert page.locator("[name='located-facility']").input_value() == "Adelanto Processing"
        screenshot(page, f"legal-case-refused-{size}")
        record("located", {"facility": "Adelanto ICE Processing Center", "on": timezone.localdate().isoformat()})
        record("bond_set", {"amount": "1500"})
        day = (timezone.localdate() + timedelta(days=14)).isoformat()
        record("hearing", {"day": day, "time": "09:30", "court": "Adelanto Immigration Court"})
        timeline = page.locator("#timeline").inner_text()
        assert "Ubicado en Adelanto ICE Processing Center" in timeline
        assert "Fianza fijada en $1,500" in timeline and "Audiencia el" in timeline
        assert "Adelanto Immigration Court" in page.locator("#next-hearing").inner_text()
        screenshot(page, f"legal-case-{size}")
        assert page_fits_width(page)
    finally:
        page.context.close()
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["opened", "located", "bond_set", "hearing"] and Hearing.objects.filter(case=case).count() == 1
