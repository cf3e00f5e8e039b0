"""A dead worker never goes unnoticed: every member's page says so, and the admins get one SMS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from amparo.core.heartbeat import MINUTE_SWEEP, beat
from amparo.core.models import Heartbeat
from amparo.messaging.models import OutboundMessage
from amparo.verification import health
from amparo.verification.tasks import sweep_verification
from amparo.voice.models import DutyStatus
from conftest import PASSWORD, totp_now

BANNER = "The background worker is not running."
ADMIN_PHONE = "+13105550101"


@pytest.fixture(autouse=True)
def _look_for_real():  # type: ignore[no-untyped-def]
    health.forget()
    yield
    health.assume(None)


def _logged_in(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def _silent_for(minutes: int) -> None:
    beat(now=timezone.now() - timedelta(minutes=minutes))


def test_the_minute_sweep_beats(north) -> None:  # type: ignore[no-untyped-def]
    assert not Heartbeat.objects.exists()
    sweep_verification.call_local()
    assert timezone.now() - Heartbeat.objects.get(name=MINUTE_SWEEP).beat_at < timedelta(seconds=30)


def test_a_live_worker_shows_nothing(client, dispatcher) -> None:  # type: ignore[no-untyped-def]
    beat()
    assert BANNER not in _logged_in(client, dispatcher).get("/console/").content.decode()


def test_a_worker_that_never_started_is_caught_three_minutes_after_the_first_look(client, dispatcher) -> None:  # type: ignore[no-untyped-def]
    page = _logged_in(client, dispatcher).get("/console/").content.decode()
    assert BANNER not in page and Heartbeat.objects.filter(name=MINUTE_SWEEP).exists()
    Heartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=4))
    health.forget()
    assert BANNER in client.get("/console/").content.decode()


def test_a_silent_worker_puts_a_banner_on_every_members_page_and_texts_the_admins_once(
        client, dispatcher, admin_user, north) -> None:  # type: ignore[no-untyped-def]
    DutyStatus.objects.create(organization=north, user=admin_user, phone=ADMIN_PHONE)
    _silent_for(4)
    for path in ("/console/", "/home/"):
        health.forget()  # each look as a fresh process would make it
        page = _logged_in(client, dispatcher).get(path, follow=True).content.decode()
        assert BANNER in page, path
    texts = list(OutboundMessage.objects.filter(organization=north))
    assert len(texts) == 1 and texts[0].to_number == ADMIN_PHONE
    assert "background worker" in texts[0].body and texts[0].status != "queued"  # sent, not left for the dead worker
    # The public never sees it.
    client.logout()
    assert BANNER not in client.get("/report/north/").content.decode()
    # The worker comes back: the banner goes. A later silence texts again, once.
    beat()
    health.forget()
    assert BANNER not in _logged_in(client, dispatcher).get("/console/").content.decode()
    # (the first alert, moved back in time with the rest of this compressed timeline)
    Heartbeat.objects.update(alerted_at=timezone.now() - timedelta(minutes=10))
    _silent_for(5)
    health.forget()
    client.get("/console/")
    health.forget()
    client.get("/console/")
    assert OutboundMessage.objects.filter(organization=north).count() == 2


def test_the_banner_speaks_spanish(client, dispatcher) -> None:  # type: ignore[no-untyped-def]
    _silent_for(10)
    page = _logged_in(client, dispatcher).get("/console/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "El proceso de fondo no está corriendo." in page


def test_login_still_works_while_the_worker_is_down(client, dispatcher) -> None:  # type: ignore[no-untyped-def]
    _silent_for(10)
    r = client.post("/accounts/login/", {"login": dispatcher.email, "password": PASSWORD})
    assert r.status_code == 302
    r = client.post(r["Location"], {"code": totp_now()})
    assert r.status_code == 302
