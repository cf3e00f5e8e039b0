from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from amparo.crypto.fields import UNREADABLE
from amparo.crypto.keys import forget
from amparo.crypto.models import OrgKey
from amparo.incidents.models import Incident
from amparo.reports.models import Report


def _report(org, body="CanaryRotate at Main"):  # type: ignore[no-untyped-def]
    now = timezone.now()
    incident = Incident.objects.create(organization=org, first_report_at=now, last_report_at=now, report_count=1)
    return Report.objects.create(organization=org, channel="sms", provider_id=f"SM{now.timestamp()}", body=body,
                                 caller_number="+13235550142", received_at=now, incident=incident)


def _raw_body(report):  # type: ignore[no-untyped-def]
    return Report.objects.filter(pk=report.pk).values_list("body", flat=True)[0].token


@pytest.mark.django_db
def test_it_reencrypts_with_a_new_key_and_drops_the_old_only_when_asked(north, south):
    report = _report(north)
    before = _raw_body(report)
    call_command("rotate_keys", "--org", "north")
    assert OrgKey.objects.filter(organization=north, purpose=OrgKey.DATA).count() == 2
    assert _raw_body(report) != before
    call_command("rotate_keys", "--org", "north", "--drop-old")
    assert OrgKey.objects.filter(organization=north, purpose=OrgKey.DATA).count() == 1
    forget()
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.body == "CanaryRotate at Main" and fresh.caller_number == "+13235550142"
    assert OrgKey.objects.filter(organization=south, purpose=OrgKey.DATA).count() == 1


@pytest.mark.django_db
def test_it_makes_data_unreadable_after_deleting_the_keys_and_pages_still_render(client, north, dispatcher):
    report = _report(north)
    with pytest.raises(Exception):
        call_command("delete_org_keys", "--org", "north")  # without --yes nothing happens
    assert OrgKey.objects.filter(organization=north).exists()
    call_command("delete_org_keys", "--org", "north", "--yes")
    assert not OrgKey.objects.filter(organization=north).exists()
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.body == UNREADABLE and fresh.caller_number == UNREADABLE
    client.force_login(dispatcher)
    response = client.get(f"/console/incidents/{report.incident_id}/")
    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert "CanaryRotate" not in response.content.decode()
    # Saving the row keeps the ciphertext: the marker is never encrypted over it.
    token = _raw_body(report)
    fresh.save()
    assert _raw_body(report) == token
