from __future__ import annotations

import pytest

from amparo.blocklist.models import BlockedNumber
from amparo.incidents.models import Kind
from amparo.reports.models import Report
from conftest import NORTH_NUMBER

CALLER = "+13235550142"


def _sms(twilio_post, sid, body="ICE at 5th and Broadway", sender=CALLER):  # type: ignore[no-untyped-def]
    return twilio_post("/hooks/twilio/sms", {"MessageSid": sid, "From": sender, "To": NORTH_NUMBER, "Body": body})


@pytest.mark.django_db
def test_it_stores_a_blocked_senders_message_for_review_without_a_reply(client, north, dispatcher, twilio_post):
    client.force_login(dispatcher)
    assert client.post("/blocklist/", {"number": "(323) 555-0142", "reason": "prank texts"}).status_code == 302
    entry = BlockedNumber.objects.get(organization=north)
    assert entry.hint == "42" and CALLER not in entry.number_hash
    response = _sms(twilio_post, "SMblocked1")
    assert response.status_code == 200 and b"<Message" not in response.content
    report = Report.objects.get(provider_id="SMblocked1")
    assert report.body == "ICE at 5th and Broadway"  # stored, never lost
    assert report.incident.kind == Kind.FLOOD and report.incident.flood_key == "blocked"
    other = _sms(twilio_post, "SMfree1", sender="+13235550999")
    assert b"<Message" in other.content
    page = client.get("/blocklist/")
    assert page.status_code == 200 and "prank texts" in page.content.decode()
    client.post(f"/blocklist/{entry.pk}/remove")
    assert not BlockedNumber.objects.exists()


@pytest.mark.django_db
def test_it_refuses_what_is_not_a_number_and_hides_other_organizations(client, north, south, dispatcher, outsider,
                                                                       responder):
    client.force_login(dispatcher)
    assert client.post("/blocklist/", {"number": "not a number"}).status_code == 200
    assert not BlockedNumber.objects.exists()
    client.post("/blocklist/", {"number": CALLER})
    entry = BlockedNumber.objects.get()
    client.force_login(outsider)
    assert client.post(f"/blocklist/{entry.pk}/remove").status_code == 404
    assert "…42" not in client.get("/blocklist/").content.decode()
    client.force_login(responder)
    assert client.get("/blocklist/").status_code == 403


@pytest.mark.django_db
def test_it_caps_auto_replies_per_organization_per_day(settings, north, twilio_post):
    settings.AMPARO_AUTO_REPLIES_PER_DAY = 2
    answered = []
    for i in range(4):
        response = _sms(twilio_post, f"SMcap{i}", body=f"ICE at {i + 1}00 Main St", sender=f"+1323555{1000 + i}")
        assert response.status_code == 200
        answered.append(b"<Message" in response.content)
    assert answered == [True, True, False, False]
    assert Report.objects.filter(provider_id__startswith="SMcap").count() == 4  # every one stored
