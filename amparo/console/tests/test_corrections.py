"""The correction panel on the incident page (amparo.alerts.corrections): offered in one click once the
verdict is a false alarm, the counts, the flood choice, a vague lane's ticks, sent once; never for an
incident linked to a person affected; another network's incident does not exist here."""

from __future__ import annotations

import pytest
from django.utils import timezone

from amparo.alerts.models import Correction, CorrectionStatus
from amparo.alerts.tests.test_corrections import BEA, add_report, false_alarm, linked_to_a_person
from amparo.incidents import actions as incident_actions
from amparo.incidents.models import IncidentEvent, Kind
from amparo.messaging.models import OutboundMessage
from amparo.verification.tests.conftest import make_incident

pytestmark = pytest.mark.django_db
ANA = "+13235550101"


def page(c, incident) -> str:  # type: ignore[no-untyped-def]
    return c.get(f"/console/incidents/{incident.pk}/").content.decode()


def test_no_panel_before_the_verdict_is_a_false_alarm(login, dispatcher, north):  # type: ignore[no-untyped-def]
    incident = make_incident(north)
    assert 'id="correction"' not in page(login(dispatcher), incident)


def test_a_false_alarm_is_corrected_from_its_page(login, dispatcher, north):  # type: ignore[no-untyped-def]
    incident = make_incident(north)
    add_report(incident, ANA)
    add_report(incident, BEA, language="es")
    false_alarm(incident, dispatcher)
    c = login(dispatcher)
    assert 'id="correction-offer-form"' in page(c, incident)
    r = c.post(f"/console/incidents/{incident.pk}/correction/offer")
    assert r.status_code == 302 and r["Location"].endswith(f"/console/incidents/{incident.pk}/#correction")
    html = page(c, incident)
    assert "2 reporters, from the hotline" in html and "English 1, Spanish 1" in html
    assert "0 recipients of earlier alerts" in html
    assert "Offered a correction of the false alarm" in html  # the timeline speaks words
    c.post(f"/console/incidents/{incident.pk}/correction/send")
    assert OutboundMessage.objects.filter(incident=incident).count() == 2
    html = page(c, incident)
    assert 'id="correction-sent"' in html and "Reporters: 2. Alert recipients: 0." in html
    r = c.post(f"/console/incidents/{incident.pk}/correction/send", follow=True)
    assert "sent only once" in r.content.decode()
    assert OutboundMessage.objects.filter(incident=incident).count() == 2


def test_the_flood_choice_and_the_vague_ticks(login, dispatcher, north):  # type: ignore[no-untyped-def]
    c = login(dispatcher)
    flood = incident_actions.open_incident(north.pk, kind=Kind.FLOOD, at=timezone.now(), flood_key="k")
    add_report(flood, ANA)
    false_alarm(flood, dispatcher)
    c.post(f"/console/incidents/{flood.pk}/correction/offer")
    assert 'id="correction-flood-form"' in page(c, flood)
    c.post(f"/console/incidents/{flood.pk}/correction/choose", {"flood": "all"})
    assert Correction.objects.get(incident=flood).include_flood is True
    c.post(f"/console/incidents/{flood.pk}/correction/choose", {"flood": "none"})
    assert Correction.objects.get(incident=flood).include_flood is False

    lane = incident_actions.open_incident(north.pk, kind=Kind.VAGUE, at=timezone.now())
    about, other = add_report(lane, ANA), add_report(lane, BEA)
    false_alarm(lane, dispatcher)
    c.post(f"/console/incidents/{lane.pk}/correction/offer")
    html = page(c, lane)
    assert f'name="reports" value="{about.pk}"' in html and f'name="reports" value="{other.pk}"' in html
    c.post(f"/console/incidents/{lane.pk}/correction/choose", {"reports": [str(about.pk)]})
    assert list(Correction.objects.get(incident=lane).reports.values_list("pk", flat=True)) == [about.pk]
    assert IncidentEvent.objects.filter(incident=lane, kind="correction_chosen").exists()
    assert "Chose who the correction reaches" in page(c, lane)


def test_dismissing_and_offering_again(login, dispatcher, north):  # type: ignore[no-untyped-def]
    incident = false_alarm(make_incident(north), dispatcher)
    c = login(dispatcher)
    c.post(f"/console/incidents/{incident.pk}/correction/offer")
    c.post(f"/console/incidents/{incident.pk}/correction/dismiss")
    assert Correction.objects.get(incident=incident).status == CorrectionStatus.DISMISSED
    html = page(c, incident)
    assert "The correction was not sent." in html and 'id="correction-offer-form"' in html


def test_a_persons_incident_shows_why_it_is_never_corrected(login, dispatcher, north):  # type: ignore[no-untyped-def]
    incident = linked_to_a_person(false_alarm(make_incident(north), dispatcher))
    c = login(dispatcher)
    html = page(c, incident)
    assert 'id="correction-private"' in html and 'id="correction-offer-form"' not in html
    r = c.post(f"/console/incidents/{incident.pk}/correction/offer", follow=True)
    assert "never corrected publicly" in r.content.decode()
    assert not Correction.objects.exists()


def test_another_networks_incident_does_not_exist_here(login, outsider, dispatcher, north):  # type: ignore[no-untyped-def]
    incident = false_alarm(make_incident(north), dispatcher)
    c = login(outsider)
    for action in ("offer", "choose", "send", "dismiss"):
        assert c.post(f"/console/incidents/{incident.pk}/correction/{action}").status_code == 404
    assert c.get(f"/console/incidents/{incident.pk}/correction/offer").status_code in (404, 405)
    assert not Correction.objects.exists()


def test_the_panel_costs_a_bounded_number_of_queries(login, dispatcher, north, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    incident = make_incident(north)
    for i in range(20):
        add_report(incident, f"+132355507{i + 10}")
    false_alarm(incident, dispatcher)
    c = login(dispatcher)
    c.post(f"/console/incidents/{incident.pk}/correction/offer")
    page(c, incident)
    with django_assert_max_num_queries(45):
        assert "20 reporters, from the hotline" in page(c, incident)
