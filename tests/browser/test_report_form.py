"""The public report form in a real browser, on a 360px phone."""

from __future__ import annotations

import pytest

from amparo.testing.browser import page_fits_width, phone_context, screenshot
from amparo.testing.i18n import translated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick_form(settings):
    # The form refuses posts faster than AMPARO_FORM_MIN_SECONDS; a script is that fast.
    settings.AMPARO_FORM_MIN_SECONDS = 0


def test_it_reports_in_spanish_without_javascript(browser, live_server, north):
    from amparo.reports.models import Report
    from amparo.texts.render import render_text

    def es(msgid: str) -> str:
        return translated("es", msgid)

    labels = {k: es(k) for k in (
        "What is happening?", "Agents or vehicles seen in the area", "Describe what you see", "Cross streets",
        "ZIP code", "It is safe to text me back", "Send report",
    )}
    context = phone_context(browser, javascript=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/report/north/?lang=es")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.get_by_text(labels["What is happening?"]).is_visible()
        assert page_fits_width(page)
        screenshot(page, "report-form-es-360")

        page.get_by_label(labels["Agents or vehicles seen in the area"]).check()
        page.get_by_label(labels["Describe what you see"]).fill("Dos camionetas blancas 🚐 frente a la tienda")
        page.get_by_label(labels["Cross streets"]).fill("5th y Broadway")
        page.get_by_label(labels["ZIP code"]).fill("90013")
        page.get_by_label(labels["It is safe to text me back"]).check()
        page.get_by_role("button", name=labels["Send report"]).click()

        page.wait_for_url("**/report/north/thanks/**")
        assert page.locator("html").get_attribute("lang") == "es"
        kyr = render_text(north.pk, "kyr.long", "es")
        assert kyr != render_text(north.pk, "kyr.long", "en"), "kyr.long has no Spanish translation"
        assert page.locator(".kyr").inner_text().strip() == kyr
        assert "Dos camionetas" not in page.content()
        assert page_fits_width(page)
        screenshot(page, "report-thanks-es-360")
    finally:
        context.close()

    report = Report.objects.get(organization=north)
    assert report.channel == "web" and report.language == "es"
    assert report.body.startswith("Dos camionetas blancas 🚐 frente a la tienda\n")
    assert "5th y Broadway / 90013" in report.body
    assert report.extra["what"] == "sighting" and report.extra["may_text"] is True


def test_it_never_runs_a_script_from_a_report(page, live_server, north):
    from amparo.reports.models import Report

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    nasty = "<script>alert(1)</script> <img src=x onerror=alert(1)> \u202eRTL ספר"
    page.goto(f"{live_server.url}/report/north/?lang=en")
    page.get_by_label("Agents or vehicles seen in the area").check()
    page.get_by_label("Describe what you see").fill(nasty)
    page.get_by_label("ZIP code").fill("123")  # invalid: the form comes back with the input in it
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state("load")
    assert page.locator(".errors-summary").is_visible()
    assert page.get_by_label("Describe what you see").input_value() == nasty

    page.get_by_label("ZIP code").fill("90013")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/thanks/**")
    page.wait_for_timeout(300)
    screenshot(page, "report-thanks-after-script-body")
    assert dialogs == []
    assert Report.objects.get(organization=north).body.startswith(nasty + "\n")
