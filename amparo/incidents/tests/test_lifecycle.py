from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from amparo.incidents import actions
from amparo.incidents.models import Incident, IncidentEvent, Kind, Status
from amparo.intake.pipeline import ingest_report


def make(org, body="ICE at 5th and Broadway", n=0, minutes_ago=0):
    return ingest_report(org=org, channel="sms", provider_id=f"SMlife{n}", from_number=f"+1213555{n:04d}",
                         body=body, received_at=timezone.now() - timedelta(minutes=minutes_ago)).report.incident


def test_it_walks_the_lifecycle_with_a_timeline(north, dispatcher):
    inc = make(north)
    actions.start_verifying(inc, by=dispatcher)
    actions.confirm_incident(inc, by=dispatcher, reason="observer saw ICE vans")
    actions.close_incident(inc, by=dispatcher)
    inc.refresh_from_db()
    assert inc.status == Status.CLOSED and inc.closed_at
    kinds = list(IncidentEvent.objects.filter(incident=inc).values_list("kind", "actor"))
    assert ("status", dispatcher.pk) in kinds
    assert [e.data.get("after") for e in IncidentEvent.objects.filter(incident=inc, kind="status")] == [
        "verifying", "confirmed", "closed"]


@pytest.mark.parametrize("start,to", [("reported", "confirmed"), ("closed", "verifying"), ("confirmed", "false_alarm")])
def test_it_refuses_invalid_transitions_clearly(north, dispatcher, start, to):
    inc = make(north)
    Incident.objects.filter(pk=inc.pk).update(status=start)
    inc.refresh_from_db()
    with pytest.raises(actions.InvalidTransition) as err:
        actions.transition(inc, to, by=dispatcher)
    assert "cannot become" in str(err.value)


def test_it_refuses_a_stale_version(north, dispatcher):
    inc = make(north)
    other = Incident.objects.get(pk=inc.pk)
    actions.start_verifying(inc, by=dispatcher, expected_version=inc.version)
    with pytest.raises(actions.StaleIncident):
        actions.start_verifying(other, by=dispatcher, expected_version=other.version)


def test_it_merges_and_splits(north, dispatcher):
    a = make(north, "ICE at 5th and Broadway", 1)
    b = make(north, "ICE at 9th and Main", 2)
    assert a != b
    actions.merge_incidents(a, [b], by=dispatcher)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.report_count == 2 and b.status == Status.CLOSED and b.merged_into == a
    moved = a.reports.order_by("received_at").last()
    new = actions.split_reports(a, [moved.pk], by=dispatcher)
    a.refresh_from_db()
    assert new.report_count == 1 and a.report_count == 1
    # After the split, a new report at 9th and Main joins the split-off incident.
    c = make(north, "agents still at 9th & Main", 3)
    assert c == new


def test_it_closes_idle_incidents_and_lanes(north):
    inc = make(north, minutes_ago=60 * 13)
    lane = make(north, "ICE everywhere, be careful", 5, minutes_ago=60 * 13)
    fresh = make(north, "ICE at 9th and Main", 6)
    assert lane.kind == Kind.VAGUE
    assert actions.close_idle_incidents() == 2
    statuses = dict(Incident.objects.values_list("pk", "status"))
    assert statuses[inc.pk] == statuses[lane.pk] == Status.CLOSED
    assert statuses[fresh.pk] == Status.REPORTED


def test_the_periodic_job_calls_the_sweep(north, monkeypatch):
    from amparo.incidents import tasks

    called = []
    monkeypatch.setattr(tasks, "close_idle_incidents", lambda: called.append(1) or 0)
    tasks.close_idle.call_local()
    assert called == [1]


@pytest.mark.parametrize("closed", ["target", "source"])
def test_only_open_incidents_merge_whoever_calls(north, dispatcher, closed):
    a = make(north, "ICE at 5th and Broadway", 3)
    b = make(north, "ICE at 9th and Main", 4)
    actions.close_incident(a if closed == "target" else b, by=dispatcher)
    a.refresh_from_db()
    b.refresh_from_db()
    with pytest.raises(actions.InvalidTransition, match="Only open incidents"):
        actions.merge_incidents(a, [b], by=dispatcher)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.report_count == 1 and b.report_count == 1 and b.merged_into is None
