"""Retention of subscribers: ended subscriptions go with their areas and consent log after the period;
a live subscriber's consent log, and the texts that carried it, stay; opt-outs are never purged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from amparo.alerts.models import Subscriber, SubscriberArea, SubscriberConsent, SubscriberStatus
from amparo.alerts.tests.conftest import ANA, BETO, hash_of, sms
from amparo.reports.models import OptOut, Report, Sender
from amparo.retention.actions import purge_org, purge_unattached

pytestmark = pytest.mark.django_db


def later(days: int):  # type: ignore[no-untyped-def]
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def two(net):  # type: ignore[no-untyped-def]
    """Ana subscribed and stopped; Beto subscribed and live."""
    for who in (ANA, BETO):
        sms(net, "ALERTAS 90033", frm=who)
        sms(net, "SI", sender=Sender.ALERTS, frm=who)
    sms(net, "STOP", sender=Sender.ALERTS, frm=ANA)
    return net


def test_a_stopped_subscription_is_purged_after_the_period_with_its_areas_and_log(two):
    purge_org(two, now=later(10))
    assert Subscriber.objects.count() == 2  # not yet
    purge_org(two, now=later(31))
    live, = Subscriber.objects.all()
    assert live.phone_hash == hash_of(two, BETO) and live.status == SubscriberStatus.ACTIVE
    assert set(SubscriberArea.objects.values_list("subscriber_id", flat=True)) == {live.pk}
    assert set(SubscriberConsent.objects.values_list("subscriber_id", flat=True)) == {live.pk}
    # the STOP outlives everything
    assert OptOut.objects.filter(caller_hash=hash_of(two, ANA), sender=Sender.ALERTS).exists()


def test_a_lapsed_or_never_confirmed_subscription_is_purged_too(net):
    sms(net, "ALERTAS 90033", frm=ANA)
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(days=3))
    purge_org(net, now=later(31))
    assert not Subscriber.objects.exists()


def test_the_texts_with_which_a_live_subscriber_consented_are_kept(two, monkeypatch):
    purge_unattached(two, now=later(31))
    kept = {r.body for r in Report.objects.filter(caller_hash=hash_of(two, BETO))}
    assert kept == {"ALERTAS 90033", "SI"}
    # the stopped subscriber's texts are blanked like any keyword text
    assert not Report.objects.filter(caller_hash=hash_of(two, ANA)).exists()
