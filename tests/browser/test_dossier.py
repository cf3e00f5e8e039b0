"""An admin downloads an incident's evidence dossier from the incident page, at phone and laptop size,
and it verifies; the Settings page shows the key to check it with. Screenshots go to test-artifacts/."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from amparo.crypto.signing import org_public_key
from amparo.legal.dossier.verify import verify_dossier
from amparo.legal.tests.dossier_fixtures import dossier_incident
from amparo.testing.browser import log_in, page_fits_width, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}


@pytest.fixture(autouse=True)
def storage(settings, live_server, tmp_path):
    settings.AMPARO_PUBLIC_URL = live_server.url
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "m")}}}
    cache.clear()


@pytest.mark.parametrize(("size", "language"), [("phone", "es"), ("laptop", "en")])
def test_an_admin_downloads_a_dossier_that_verifies(browser: Any, live_server, north, admin_user, dispatcher,
                                                    size, language, tmp_path):
    incident = dossier_incident(north, dispatcher)
    context = browser.new_context(viewport=SIZES[size], locale="es-US" if language == "es" else "en-US",
                                  device_scale_factor=1, is_mobile=size == "phone", accept_downloads=True)
    page = context.new_page()
    try:
        log_in(page, live_server, admin_user, next_url=f"/console/incidents/{incident.pk}/")
        section = page.locator("#dossier")
        section.scroll_into_view_if_needed()
        expected = "Descargar el expediente (ZIP)" if language == "es" else "Download the dossier (ZIP)"
        assert page.locator("#dossier-download").inner_text().strip() == expected
        section.screenshot(path=str(screenshot(page, f"dossier-incident-{size}-{language}").with_name(
            f"dossier-button-{size}-{language}.png")))
        with page.expect_download() as info:
            page.locator("#dossier-download").click()
        download = info.value
        assert download.suggested_filename == f"dossier-north-incident-{incident.number}.zip"
        path = tmp_path / download.suggested_filename
        download.save_as(str(path))
        verdict = verify_dossier(str(path), public_key=org_public_key(north.pk))
        assert verdict.ok, verdict.lines

        page.goto(f"{live_server.url}/manage/settings/")
        assert page.locator("#public-key").inner_text() == org_public_key(north.pk)
        assert page_fits_width(page)
        screenshot(page, f"dossier-settings-key-{size}-{language}")
    finally:
        context.close()
