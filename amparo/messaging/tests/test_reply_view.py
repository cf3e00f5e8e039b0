"""POST /messaging/incidents/<id>/reply, by persona."""

from __future__ import annotations

import pytest

from amparo.messaging.canned import seed_canned_replies
from amparo.messaging.models import CannedReply, MessageStatus, OutboundMessage
from amparo.reports.models import OptOut, Sender
from conftest import make_member

from .conftest import BOB, inbound


def url(incident) -> str:  # type: ignore[no-untyped-def]
    return f"/messaging/incidents/{incident.pk}/reply"


def test_a_dispatcher_texts_the_reporter_and_goes_back_to_the_incident(
        dispatcher_client, incident, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = dispatcher_client.post(url(incident), {"report_id": report.pk, "text": "Where exactly?"})
    assert r.status_code == 302
    assert r["Location"] == f"/console/incidents/{incident.pk}/#thread"
    msg = OutboundMessage.objects.get()
    assert (msg.body, msg.status, msg.incident_id) == ("Where exactly?", MessageStatus.CONSOLE, incident.pk)
    r = dispatcher_client.get(r["Location"].split("#")[0])
    assert "Text queued" in r.content.decode()


def test_an_admin_may_text_too(client, admin_user, incident, report):
    client.force_login(admin_user)
    assert client.post(url(incident), {"report_id": report.pk, "text": "Hi"}).status_code == 302
    assert OutboundMessage.objects.count() == 1


@pytest.mark.parametrize("persona", ["responder", "legal"])
def test_other_roles_get_403(request, client, incident, report, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(url(incident), {"report_id": report.pk, "text": "Hi"}).status_code == 403
    assert not OutboundMessage.objects.exists()


def test_the_outsider_gets_404_for_existing_and_missing_incidents(client, outsider, incident, report):
    client.force_login(outsider)
    assert client.post(url(incident), {"report_id": report.pk, "text": "Hi"}).status_code == 404
    assert client.post("/messaging/incidents/999999/reply", {"report_id": report.pk, "text": "Hi"}).status_code == 404
    assert not OutboundMessage.objects.exists()


def test_anonymous_is_sent_to_log_in(client, incident, report):
    r = client.post(url(incident), {"report_id": report.pk, "text": "Hi"})
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert not OutboundMessage.objects.exists()


def test_get_is_not_allowed(dispatcher_client, incident):
    assert dispatcher_client.get(url(incident)).status_code == 405


def test_refusals_come_back_as_messages(dispatcher_client, north, incident, report):
    other = inbound(north, "ICE at 9th and Main near the school", sender=BOB)
    for data in ({"report_id": other.pk, "text": "Hi"}, {"report_id": "x", "text": "Hi"},
                 {"report_id": report.pk, "text": ""}, {"report_id": report.pk, "text": "x" * 1601}):
        r = dispatcher_client.post(url(incident), data, follow=True)
        assert r.redirect_chain[0][0].startswith(f"/console/incidents/{incident.pk}/")
    OptOut.objects.create(organization=north, sender=Sender.HOTLINE, caller_hash=report.caller_hash)
    r = dispatcher_client.post(url(incident), {"report_id": report.pk, "text": "Hi"}, follow=True)
    assert "STOP" in r.content.decode()
    assert not OutboundMessage.objects.exists()


def test_without_javascript_the_canned_button_sends_the_chosen_canned_reply(
        dispatcher_client, north, south, incident, report):
    seed_canned_replies(north, ["en"])
    seed_canned_replies(south, ["es"])
    ask = CannedReply.objects.get(organization=north, key="canned.ask_location", language="en")
    data = {"report_id": report.pk, "text": "ignored", "canned": ask.pk, "action": "canned"}
    assert dispatcher_client.post(url(incident), data).status_code == 302
    assert OutboundMessage.objects.get().body == ask.text
    theirs = CannedReply.objects.filter(organization=south).first()
    dispatcher_client.post(url(incident), {**data, "canned": theirs.pk})
    dispatcher_client.post(url(incident), {**data, "canned": ""})
    assert OutboundMessage.objects.count() == 1


def test_a_dispatcher_of_two_networks_texts_in_the_incidents_network(client, south, incident, report):
    user = make_member(south, "both@test", "dispatcher")
    from amparo.orgs.models import Membership

    Membership.objects.create(user=user, organization=incident.organization, role="dispatcher")
    client.force_login(user)
    assert client.post(url(incident), {"report_id": report.pk, "text": "Hi"}).status_code == 302
    assert OutboundMessage.objects.get().organization_id == incident.organization_id
