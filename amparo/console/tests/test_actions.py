"""The incident page's forms: each goes through amparo.incidents.actions, and a
stale version changes nothing and says why."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from amparo.console.tests.factories import incident_at_school
from amparo.incidents import actions
from amparo.incidents.models import Incident, IncidentEvent, IncidentNote


@pytest.fixture
def incident(north):
    return incident_at_school(north, reports=3)


@pytest.fixture
def other(north):
    return incident_at_school(north, name="Lincoln High", alias="Lincoln High", lat=34.2, lon=-118.3)


def post(client, incident, action, **data):
    data.setdefault("version", Incident.objects.get(pk=incident.pk).version)
    return client.post(f"/console/incidents/{incident.pk}/{action}", data, follow=True)


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context.get("messages", [])]


def test_it_changes_status_step_by_step(login, dispatcher, incident):
    c = login(dispatcher)
    r = post(c, incident, "status", to="verifying")
    assert r.redirect_chain[-1][0] == f"/console/incidents/{incident.pk}/"
    r = post(c, incident, "status", to="confirmed", reason="observer on scene")
    fresh = Incident.objects.get(pk=incident.pk)
    assert fresh.status == "confirmed" and fresh.status_reason == "observer on scene"
    event = IncidentEvent.objects.filter(incident=incident, kind="status").last()
    assert event.actor == dispatcher and event.data["after"] == "confirmed"
    assert "is now “Confirmed”" in r.content.decode()


def test_it_refuses_an_invalid_transition(login, dispatcher, incident):
    r = post(login(dispatcher), incident, "status", to="confirmed")
    assert Incident.objects.get(pk=incident.pk).status == "reported"
    assert "cannot become" in r.content.decode()


@pytest.mark.parametrize("action,data", [
    ("status", {"to": "verifying"}),
    ("note", {"text": "Observer Ana is on her way"}),
    ("assign", {}),
    ("split", {}),
    ("merge", {}),
])
def test_it_refuses_each_action_on_a_stale_version(login, dispatcher, incident, other, action, data):
    seen = incident.version
    actions.start_verifying(incident, by="another dispatcher")  # someone acts first
    data = dict(data)
    if action == "assign":
        data["user"] = dispatcher.pk
    if action == "split":
        data["reports"] = [incident.reports.order_by("id").last().pk]
    if action == "merge":
        data["source"], data["confirm"] = f"{other.pk}:{other.version}", "yes"
    before = Incident.objects.get(pk=incident.pk)
    events = IncidentEvent.objects.count()
    r = login(dispatcher).post(f"/console/incidents/{incident.pk}/{action}", {**data, "version": seen}, follow=True)
    assert "Someone else changed this incident a moment ago" in r.content.decode()
    after = Incident.objects.get(pk=incident.pk)
    assert (after.version, after.status, after.assigned_to_id, after.report_count) == (
        before.version, before.status, before.assigned_to_id, before.report_count)
    assert IncidentEvent.objects.count() == events
    assert Incident.objects.count() == 2 and not IncidentNote.objects.exists()
    assert Incident.objects.get(pk=other.pk).status == "reported"


def test_it_keeps_a_note_that_met_a_conflict_in_the_box(login, dispatcher, incident):
    seen = incident.version
    actions.start_verifying(incident, by="another dispatcher")
    r = login(dispatcher).post(f"/console/incidents/{incident.pk}/note",
                               {"version": seen, "text": "Call back <the> reporter"})
    assert r.status_code == 409
    html = r.content.decode()
    assert "Call back &lt;the&gt; reporter</textarea>" in html
    assert f'name="version" value="{seen + 1}"' in html


def test_it_stores_notes_encrypted_and_shows_them_in_the_timeline(login, dispatcher, incident):
    c = login(dispatcher)
    r = post(c, incident, "note", text="Family at <b>home</b> asked for a lawyer")
    note = IncidentNote.objects.get()
    assert note.organization_id == incident.organization_id and note.author == dispatcher
    raw = IncidentNote.objects.filter(pk=note.pk).values_list("text", flat=True).get()
    assert "lawyer" not in str(raw)
    event = IncidentEvent.objects.get(incident=incident, kind="note")
    assert event.data == {"note": note.pk}  # the timeline itself holds no personal text
    assert "Family at &lt;b&gt;home&lt;/b&gt; asked for a lawyer" in r.content.decode()


def test_it_refuses_an_empty_note(login, dispatcher, incident):
    r = post(login(dispatcher), incident, "note", text="   ")
    assert "Write the note" in r.content.decode() and not IncidentNote.objects.exists()


def test_it_assigns_a_dispatcher_and_unassigns(login, dispatcher, admin_user, incident):
    c = login(dispatcher)
    post(c, incident, "assign", user=admin_user.pk)
    assert Incident.objects.get(pk=incident.pk).assigned_to == admin_user
    r = post(c, incident, "assign", user="")
    assert Incident.objects.get(pk=incident.pk).assigned_to is None
    assert "Unassigned" in r.content.decode()


def test_it_refuses_to_assign_a_responder_or_an_outsider(login, dispatcher, responder, outsider, incident):
    c = login(dispatcher)
    for user in (responder, outsider):
        r = post(c, incident, "assign", user=user.pk)
        assert "Only an active dispatcher or admin" in r.content.decode()
    assert Incident.objects.get(pk=incident.pk).assigned_to is None


def test_a_merge_is_confirmed_first(login, dispatcher, incident, other):
    """Issue 15, item 11: merge had no confirmation step; one tap moved every report."""
    c = login(dispatcher)
    assert 'id="merge-confirm"' in c.get(f"/console/incidents/{incident.pk}/").content.decode()
    r = post(c, incident, "merge", source=f"{other.pk}:{other.version}")
    assert "Tick “Same event” to confirm" in r.content.decode()
    assert Incident.objects.get(pk=other.pk).merged_into_id is None


def test_it_merges_another_incident_into_this_one(login, dispatcher, incident, other):
    r = post(login(dispatcher), incident, "merge", confirm="yes", source=f"{other.pk}:{other.version}")
    target, source = Incident.objects.get(pk=incident.pk), Incident.objects.get(pk=other.pk)
    assert target.report_count == 4 and source.status == "closed" and source.merged_into_id == target.pk
    assert f"Incident {other.ref} was merged into this one." in r.content.decode()


def test_it_refuses_to_merge_a_source_that_changed(login, dispatcher, incident, other):
    seen = other.version
    actions.start_verifying(other, by="someone")
    r = post(login(dispatcher), incident, "merge", confirm="yes", source=f"{other.pk}:{seen}")
    assert "Someone else changed" in r.content.decode()
    assert Incident.objects.get(pk=other.pk).status == "verifying"
    assert Incident.objects.get(pk=incident.pk).report_count == 3


def test_it_refuses_to_merge_another_organizations_or_a_closed_incident(login, dispatcher, south, incident, other):
    foreign = incident_at_school(south, name="Escuela Sur", alias="Escuela Sur")
    c = login(dispatcher)
    r = post(c, incident, "merge", confirm="yes", source=f"{foreign.pk}:{foreign.version}")
    assert "Choose another incident" in r.content.decode()
    assert Incident.objects.get(pk=foreign.pk).report_count == 1
    actions.close_incident(other, by=dispatcher)
    r = post(c, incident, "merge", confirm="yes", source=f"{other.pk}:{Incident.objects.get(pk=other.pk).version}")
    assert "Only open incidents" in r.content.decode()


def test_it_splits_ticked_reports_off(login, dispatcher, incident):
    ids = list(incident.reports.order_by("id").values_list("pk", flat=True))
    r = post(login(dispatcher), incident, "split", reports=ids[1:])
    new = Incident.objects.exclude(pk=incident.pk).get()
    assert set(new.reports.values_list("pk", flat=True)) == set(ids[1:])
    assert Incident.objects.get(pk=incident.pk).report_count == 1
    assert f"now incident {new.ref}" in r.content.decode()


def test_it_refuses_to_split_off_every_report_or_none(login, dispatcher, incident):
    ids = list(incident.reports.values_list("pk", flat=True))
    c = login(dispatcher)
    assert "cannot be split into nothing" in post(c, incident, "split", reports=ids).content.decode()
    assert "Choose at least one report" in post(c, incident, "split").content.decode()
    assert Incident.objects.count() == 1


def test_it_refuses_a_form_without_a_version(login, dispatcher, incident):
    r = login(dispatcher).post(f"/console/incidents/{incident.pk}/status", {"to": "verifying"}, follow=True)
    assert "The form was missing the incident" in r.content.decode()
    assert Incident.objects.get(pk=incident.pk).status == "reported"
