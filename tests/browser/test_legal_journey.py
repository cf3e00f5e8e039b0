"""Issue 12's "Done when", acted end to end in a real browser, at phone and laptop size.

1. A dispatcher turns a report into a Person and opens a case, from the incident page.
2. The coordinator records the family's contact and consent, sees the providers ranked with reasons, refers.
3. The provider accepts by SMS reply (TOMO C1).
4. The attorney records located, bond set, a hearing, and moves the hearing; shares two events.
5. The sister gets them in Spanish (console transport); her reply lands in the case's thread, not in the queue.
6. The attorney downloads the dossier; verify_dossier accepts it, and rejects a copy with one file changed and
   one whose manifest was edited to match.
7. The coordinator closes the case.

Screenshots go to test-artifacts/legal-journey-<step>-<size>.png.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from amparo.core.clock import org_zone
from amparo.crypto.signing import org_public_key
from amparo.testing.browser import log_in, page_fits_width, screenshot, send_signed_sms
from conftest import NORTH_NUMBER, NORTH_TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
PROVIDER_PHONE = "+12135550777"
SISTER = "+12135550611"


@pytest.fixture(autouse=True)
def setting(settings, live_server, tmp_path):
    settings.AMPARO_PUBLIC_URL = live_server.url
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "m")}}}
    cache.clear()


def open_page(browser: Any, size: str, locale: str = "en-US") -> Any:
    context = browser.new_context(viewport=SIZES[size], locale=locale, device_scale_factor=1,
                                  is_mobile=size == "phone", accept_downloads=True)
    return context.new_page()


def fill_form(page: Any, name: str, fields: dict[str, str], *, checks: tuple[str, ...] = ()) -> None:
    """Open the case page's form ``name``, type into it, tick ``checks``, save."""
    form = page.locator(f"#form-{name}")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    for field, value in fields.items():
        box = form.locator(f"[name='{name}-{field}']")
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(value)
        else:
            box.fill(value)
    for field in checks:
        form.locator(f"[name='{name}-{field}']").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def shot(page: Any, step: str, size: str) -> None:
    screenshot(page, f"legal-journey-{step}-{size}")
    assert page_fits_width(page), f"{step} is wider than the {size} screen"


def rewrite(source: Path, target: Path, changes: dict[str, bytes]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, changes.get(name, old.read(name)))


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_legal_aid_journey(browser, live_server, north, dispatcher, legal, size, tmp_path):
    from amparo.incidents.models import Incident
    from amparo.legal.models import (
        Case,
        CaseEvent,
        CaseEventKind,
        CaseHold,
        CaseStatus,
        Facility,
        FamilyDirection,
        FamilyMessage,
        Hearing,
        Referral,
        ReferralStatus,
    )
    from amparo.legal.tests.dossier_fixtures import PNG, dossier_incident
    from amparo.legal.tests.referral_helpers import make_attorney, make_provider
    from amparo.messaging.models import OutboundMessage
    from amparo.reports.models import Report
    from amparo.retention.actions import is_held

    incident = dossier_incident(north, dispatcher)
    report = Report.objects.filter(incident=incident).first()
    assert report is not None
    Facility.objects.create(organization=north, name="Adelanto ICE Processing Center", county="San Bernardino")
    esperanza = make_provider(north, "Esperanza Legal", phone=PROVIDER_PHONE, capacity=3)
    make_provider(north, "Orange County Defenders", counties=["Orange"], capacity=4)
    make_provider(north, "Full House Law", capacity=1, open_cases=1)
    attorney = make_attorney(north, esperanza, "abogada@esperanza.test")
    incidents_before = Incident.objects.count()

    # 1. The dispatcher: the report's button, then the form's.
    page = open_page(browser, size)
    try:
        log_in(page, live_server, dispatcher, next_url=f"/console/incidents/{incident.pk}/")
        page.locator(f"#person-from-report-{report.pk}").click()
        page.wait_for_url(f"**/legal/reports/{report.pk}/person")
        page.locator("#id_name").fill("Rosa Martínez")
        page.locator("#id_date_of_birth").fill("1990-04-02")
        page.locator("#id_a_number").fill("A-123-456-789")
        page.locator("#id_county").fill("Los Angeles")
        shot(page, "1-intake", size)
        page.locator("#save-person").click()
        page.wait_for_url(f"**/console/incidents/{incident.pk}/")
        case = Case.objects.get()
        assert page.locator(f"#legal-case-{case.pk}").inner_text().startswith("Case C1")
        assert "Rosa" not in page.locator("#legal-aid").inner_text()  # a dispatcher sees that a case exists
        shot(page, "1-incident", size)
    except BaseException:
        page.context.close()
        raise
    desk = page  # the dispatcher stays logged in (a second TOTP login in the same 30 s is refused as a replay)

    # 2. The coordinator: the family's contact and consent, then the ranked providers, and the referral.
    page = open_page(browser, size)
    try:
        log_in(page, live_server, legal, next_url=f"/legal/people/{case.person_id}/")
        page.locator("#contact-form summary").click()
        page.locator("#id_contact-name").fill("Lucía Martínez")
        page.locator("#id_contact-relation").fill("hermana")
        page.locator("#id_contact-phone").fill("(213) 555-0611")
        page.locator("#id_contact-language").select_option("es")
        page.locator("#id_contact-safe_to_call").check()
        page.locator("#contact-form button[type=submit]").click()
        page.locator("#contacts").get_by_text("Lucía Martínez").wait_for()
        page.locator("#consent-form summary").click()
        page.locator("#id_consent-purpose").select_option("sms_updates")
        page.locator("#id_consent-given").select_option("yes")
        page.locator("#id_consent-method").select_option("call")
        page.locator("#id_consent-contact").select_option(label="Lucía Martínez")
        page.locator("#consent-form button[type=submit]").click()
        page.locator("#consents").get_by_text("Sending SMS updates").wait_for()
        shot(page, "2-person", size)

        page.goto(f"{live_server.url}/legal/cases/{case.pk}/")
        page.locator("#refer-link").click()
        page.wait_for_url(f"**/legal/cases/{case.pk}/referral/")
        names = page.locator("#proposals > li strong").all_inner_texts()
        assert names == ["Esperanza Legal", "Orange County Defenders", "Full House Law"]
        first = page.locator("#proposals > li").first.inner_text()
        assert "Serves Los Angeles" in first and "3 of 3 places free" in first
        assert "Full: no free place" in page.locator("#proposals > li").last.inner_text()
        shot(page, "2-proposals", size)
        page.get_by_role("button", name="Refer to Esperanza Legal").click()
        page.locator("#waiting").wait_for()
        referral = Referral.objects.get()
        to_provider = OutboundMessage.objects.get(to_hash=esperanza.contact_phone_hash)
        assert "TAKE C1" in to_provider.body and "Rosa" not in to_provider.body  # no personal data by SMS
    except BaseException:
        page.context.close()
        desk.context.close()
        raise
    coordinator = page

    # 3. The provider accepts by SMS.
    send_signed_sms(live_server, sid=f"SMtomo{size}", body="TOMO C1", sender=PROVIDER_PHONE, to=NORTH_NUMBER,
                    token=NORTH_TOKEN)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED

    # 4. The attorney: located, bond set, a hearing the family may know of; then the court moves it.
    page = open_page(browser, size)
    try:
        log_in(page, live_server, attorney, next_url=None)
        assert page.url == f"{live_server.url}/legal/attorney/"
        page.locator(f"#case-{case.pk} a").click()
        page.wait_for_url(f"**/legal/cases/{case.pk}/provider/")
        assert "Rosa Martínez" in page.locator(".facts").inner_text()  # the whole case, once accepted
        today = timezone.localtime(timezone.now(), org_zone(north)).date()
        fill_form(page, "located", {"facility": "Adelanto ICE Processing Center", "on": today.isoformat()})
        fill_form(page, "bond_set", {"amount": "$1,500"})
        day = today + timedelta(days=14)
        fill_form(page, "hearing", {"day": day.isoformat(), "time": "09:30", "court": "Adelanto Immigration Court"},
                  checks=("shareable",))
        hearing = Hearing.objects.get(case=case)
        fill_form(page, "move_hearing", {"hearing": str(hearing.pk), "day": (day + timedelta(days=7)).isoformat(),
                                         "time": "10:00", "court": ""})
        hearing.refresh_from_db()
        assert timezone.localtime(hearing.starts_at, org_zone(north)).date() == day + timedelta(days=7)
        assert hearing.sequence == 1
        assert (hearing.reminded_week_at, hearing.reminded_day_at) == (None, None)
        kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
        assert [k for k in kinds if k not in ("opened", "referred", "referral_accepted")] == [
            "located", "bond_set", "hearing", "hearing_moved"]
        shot(page, "4-attorney-case", size)

        # 5. Shared with the family: located (a button); the hearing, ticked shareable, was texted when
        # scheduled and again when moved. The case's own workings offer no button.
        opened = CaseEvent.objects.get(case=case, kind=CaseEventKind.OPENED)
        assert page.locator(f"#event-{opened.pk} button").count() == 0
        located = CaseEvent.objects.get(case=case, kind=CaseEventKind.LOCATED)
        page.locator(f"#event-{located.pk} button").click()
        page.locator(f"#event-{located.pk}").get_by_text("shared with the family").wait_for()
        to_sister = [m.body for m in OutboundMessage.objects.order_by("pk") if m.to_number == SISTER]
        assert len(to_sister) == 3, to_sister
        assert any(b.startswith("Amparo ayuda legal, caso C1: su ser querido fue localizado") for b in to_sister)
        assert sum("audiencia" in b and "Adelanto Immigration Court" in b for b in to_sister) == 2
        assert all("Rosa" not in b for b in to_sister)
        send_signed_sms(live_server, sid=f"SMlucia{size}", body="Gracias. ¿Cuándo lo puedo visitar?",
                        sender=SISTER, to=NORTH_NUMBER, token=NORTH_TOKEN)
        assert FamilyMessage.objects.filter(case=case, direction=FamilyDirection.IN).count() == 1
        assert Incident.objects.count() == incidents_before  # not a report in the incident queue
        page.goto(f"{live_server.url}/legal/cases/{case.pk}/family/")
        assert "¿Cuándo lo puedo visitar?" in page.locator("#thread").inner_text()
        shot(page, "5-family-thread", size)

        # 6. The dossier, downloaded from the attorney's case page, verifies; tampered copies do not.
        page.goto(f"{live_server.url}/legal/cases/{case.pk}/provider/")
        with page.expect_download() as info:
            page.locator("#dossier-download").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(str(path))
    finally:
        page.context.close()
    key = org_public_key(north.pk)
    out = io.StringIO()
    call_command("verify_dossier", str(path), "--public-key", key, stdout=out)
    assert "The dossier verifies." in out.getvalue()
    with zipfile.ZipFile(path) as zf:
        photo = next(n for n in zf.namelist() if n.endswith(".png"))
        manifest = zf.read("manifest.csv").decode()
    changed = tmp_path / "changed.zip"
    rewrite(path, changed, {photo: PNG + b"edited"})
    with pytest.raises(CommandError):
        call_command("verify_dossier", str(changed), "--public-key", key, stdout=io.StringIO())
    forged = PNG + b"edited"
    edited = tmp_path / "edited.zip"
    rewrite(path, edited, {photo: forged, "manifest.csv": manifest.replace(
        hashlib.sha256(PNG).hexdigest(), hashlib.sha256(forged).hexdigest()).encode()})
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_dossier", str(edited), "--public-key", key, stdout=out)
    assert "SIGNATURE BAD" in out.getvalue()

    try:
        # The dispatcher's queue never showed the family's reply.
        desk.goto(f"{live_server.url}/console/")
        assert "¿Cuándo lo puedo visitar?" not in desk.content()

        # 7. The coordinator closes the case: final, and its holds on the incident are released.
        assert CaseHold.objects.filter(case=case).exists()
        page = coordinator
        page.goto(f"{live_server.url}/legal/cases/{case.pk}/")
        fill_form(page, "status", {"status": "closed", "reason": "Released on bond; the family has a lawyer."})
        assert page.locator("#case-status").inner_text() == "Closed"
        assert "This case is closed" in page.locator(".event-forms").inner_text()
        shot(page, "7-closed", size)
    finally:
        desk.context.close()
        coordinator.context.close()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and not is_held(incident.pk)
