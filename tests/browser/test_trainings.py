"""Trainings and certifications in a real browser (issue 14, items 3 and 4):
a member takes a seat on their phone, the trainer records attendance and the
certification is granted; the admin clears the member for field work and they
are dispatchable; a certification that expires takes them off dispatch at once,
with no job or restart, and picking them by hand is refused with the reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from amparo.testing.browser import log_in, page_fits_width, phone_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(autouse=True)
def public_url(settings, live_server):
    settings.AMPARO_PUBLIC_URL = live_server.url
    cache.clear()


def suggested_ids(incident):  # type: ignore[no-untyped-def]
    from amparo.verification.actions import suggest_responders

    return [s.responder_id for s in suggest_responders(incident)]


def test_a_member_is_trained_certified_cleared_dispatched_then_expires(page, browser, live_server, north,
                                                                        responder, dispatcher, admin_user):
    from amparo.verification.actions import save_responder
    from amparo.verification.models import Responder
    from amparo.verification.tests.conftest import make_incident
    from amparo.volunteers.certifications import ensure_default_kinds
    from amparo.volunteers.models import Certification
    from amparo.volunteers.trainings import create_training

    observer = next(k for k in ensure_default_kinds(north) if k.field)
    from amparo.orgs.models import Zone

    zone = Zone.objects.create(organization=north, name="Boyle Heights", zips=["90033"])
    me = save_responder(north, name="Marisol Member", phone="+12135550801", languages=["es", "en"], training=[],
                        zones=[zone], field_eligible=False, on_call=True, schedule=[], user=responder)
    now = timezone.now()
    training = create_training(north, kind=observer, starts_at=now + timedelta(days=2),
                               ends_at=now + timedelta(days=2, hours=3), place="Centro comunitario", link="",
                               capacity=8, language="es", trainer=dispatcher, by=admin_user)
    incident = make_incident(north, at=now)

    # 1. The member takes a seat on their phone.
    log_in(page, live_server, responder, next_url="/volunteers/my/trainings/")
    assert page.locator("#dispatchable").inner_text().startswith("You are not sent")
    page.locator(f"#training-{training.pk} button", has_text="Take a seat").click()
    page.get_by_text("You have a seat. We will remind you").wait_for(timeout=5000)
    assert page_fits_width(page)
    screenshot(page, "trainings-phone-seat-taken")

    # 2. The trainer (a dispatcher named trainer of this training) records attendance on their phone.
    trainer_ctx = phone_context(browser)
    trainer = trainer_ctx.new_page()
    try:
        log_in(trainer, live_server, dispatcher, next_url=f"/volunteers/trainings/{training.pk}/")
        trainer.get_by_role("radio", name="Attended").check()
        trainer.get_by_role("button", name="Save attendance").click()
        trainer.get_by_text("Certifications granted: 1").wait_for(timeout=5000)
        assert page_fits_width(trainer)
        screenshot(trainer, "trainings-phone-attendance")
    finally:
        trainer_ctx.close()
    assert Certification.objects.filter(responder=me, kind=observer, training=training).exists()
    assert me.pk not in suggested_ids(incident)  # certified, but not cleared: decision 22 stands

    # 3. The admin clears the member for field work (laptop): now dispatchable.
    admin_ctx = browser.new_context(viewport=LAPTOP)
    admin = admin_ctx.new_page()
    try:
        log_in(admin, live_server, admin_user, next_url=f"/verification/responders/{me.pk}/")
        admin.get_by_label("Cleared for field work").check()
        admin.get_by_role("button", name="Save").click()
        admin.wait_for_url(f"{live_server.url}/verification/responders/")
        assert Responder.objects.get(pk=me.pk).field_eligible
        assert me.pk in suggested_ids(incident)
        admin.goto(f"{live_server.url}/console/incidents/{incident.pk}/")
        admin.locator("#dispatch label.choice", has_text="Marisol Member").wait_for(timeout=5000)
        screenshot(admin, "trainings-laptop-dispatchable")
        admin.goto(f"{live_server.url}/volunteers/trainings/")
        assert admin.locator(f"#training-{training.pk}").inner_text().count("1 of 8 seats taken") == 1
        screenshot(admin, "trainings-laptop-admin-list")
        admin.goto(f"{live_server.url}/volunteers/trainings/new")
        assert admin.get_by_label("Certification it grants").is_visible()
        screenshot(admin, "trainings-laptop-admin-new")

        page.reload()
        assert page.locator("#dispatchable").inner_text().startswith("You can be sent")
        screenshot(page, "trainings-phone-certified")

        # 4. The certification expires (its time passes): off dispatch at the next pick, no job run.
        Certification.objects.filter(responder=me).update(expires_at=timezone.now() - timedelta(seconds=1))
        assert me.pk not in suggested_ids(incident)
        admin.reload()
        assert admin.locator("#dispatch label.choice", has_text="Marisol Member").count() == 0
        page.reload()
        assert "need a valid field certification" in page.locator("#dispatchable").inner_text()
        assert page.get_by_text("expired on").first.is_visible()
        screenshot(page, "trainings-phone-expired")
    finally:
        admin_ctx.close()
