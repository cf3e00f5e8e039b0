"""The demo has one alert, sent through the real actions with the console transport, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from amparo.alerts.models import Alert, AlertDelivery, AlertStatus, DeliveryStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_sent_alert_and_a_second_run_adds_none():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    alert = Alert.objects.get()
    assert alert.status == AlertStatus.SENT and alert.audience >= 1
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.CONSOLE}
    assert "was alerted to" in out.getvalue()
    call_command("load_demo", stdout=io.StringIO())
    assert Alert.objects.count() == 1
