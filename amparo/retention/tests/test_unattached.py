"""Rows that belong to no incident and no case have a retention period of their own; opt-outs never go."""

from datetime import timedelta

import pytest
from django.utils import timezone

from amparo.messaging.models import OutboundMessage
from amparo.reports.models import OptOut, Report
from amparo.retention.actions import purge_unattached, retention_for
from amparo.retention.registry import report_keeper


def keyword_report(org, n, days_ago):
    return Report.objects.create(organization=org, channel="sms", provider_id=f"SMkw{n}", body="STOP",
                                 caller_number="+13235550199", caller_hash="h" * 64, text_fingerprint="f" * 64,
                                 received_at=timezone.now() - timedelta(days=days_ago))


@pytest.mark.django_db
def test_old_keyword_reports_and_texts_are_blanked_and_opt_outs_stay(north):
    old, fresh = keyword_report(north, 1, 40), keyword_report(north, 2, 5)
    OptOut.objects.create(organization=north, caller_hash="h" * 64, sender="hotline")
    OptOut.objects.update(at=timezone.now() - timedelta(days=400))
    msg = OutboundMessage.objects.create(organization=north, to_number="+13235550199", to_hash="h" * 64, body="Bye")
    OutboundMessage.objects.filter(pk=msg.pk).update(created_at=timezone.now() - timedelta(days=40))
    assert retention_for(north).unattached_days == 30
    assert purge_unattached(north) == 2
    old.refresh_from_db(), fresh.refresh_from_db(), msg.refresh_from_db()
    assert (old.body, old.caller_number, old.caller_hash) == ("", None, "")
    assert fresh.body == "STOP" and msg.body == "" and msg.to_number == ""
    assert OptOut.objects.filter(caller_hash="h" * 64).exists()
    assert purge_unattached(north) == 0  # already blank


@pytest.mark.django_db
def test_a_keeper_keeps_a_live_subscribers_consent(north):
    consent = keyword_report(north, 3, 400)

    @report_keeper("test-subscribers")
    def keep(org_id, ids):  # type: ignore[no-untyped-def]
        return {consent.pk}

    try:
        purge_unattached(north)
        consent.refresh_from_db()
        assert consent.body == "STOP"
    finally:
        from amparo.retention import registry

        registry._KEEPERS.pop("test-subscribers")
