from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from amparo.api.schemas import incident_json, incidents_with_reports
from amparo.api.tests.factories import T0, make_incident, make_place, make_report
from amparo.audit.models import AuditEntry
from amparo.incidents.models import Incident
from amparo.reports.models import Report


def export(org, *extra):  # type: ignore[no-untyped-def]
    out, err = StringIO(), StringIO()
    call_command("export_incidents", "--org", org.slug, *extra, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_it_exports_every_incident_report_exactly_once(north, south, monkeypatch):
    from amparo.api.management.commands import export_incidents

    monkeypatch.setattr(export_incidents, "BATCH", 2)  # several batches
    place = make_place(north)
    make_incident(north, 3, place=place)
    make_incident(north, 1, kind="vague")
    make_incident(north, 4, kind="flood")
    make_incident(north, 2, status="closed")
    make_incident(north, 1)
    make_report(north, route="keyword", body="STOP")
    empty = Incident.objects.create(organization=north, first_report_at=T0, last_report_at=T0)
    make_incident(south, 2)

    lines, err = export(north)
    exported = [r["id"] for line in lines for r in line["reports"]]
    expected = Report.objects.filter(organization=north, incident__isnull=False).values_list("pk", flat=True)
    assert sorted(exported) == sorted(expected) and len(exported) == len(set(exported)) == 11
    assert empty.pk not in [line["id"] for line in lines]
    assert {line["kind"] for line in lines} == {"event", "vague", "flood"}
    assert "STOP" not in json.dumps(lines)
    assert "Exported 5 incidents with 11 reports" in err


def test_it_exports_the_api_shape(north):
    place = make_place(north)
    incident = make_incident(north, 2, place=place)
    lines, _ = export(north)
    assert lines == [incident_json(incidents_with_reports(north).get(pk=incident.pk))]
    assert lines[0]["reports"][0]["text"] == "ICE van at 0"
    assert lines[0]["place"]["name"] == "Roosevelt Elementary"


def test_it_audits_the_export(north):
    incident = make_incident(north, 2)
    export(north)
    entries = AuditEntry.objects.filter(organization=north, action="export", object_type="report")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in incident.reports.values_list("pk", flat=True))


def test_it_exports_only_recent_activity_with_since(north):
    make_incident(north, 1, at=T0)
    recent = make_incident(north, 1, at=T0 + timedelta(days=2))
    lines, _ = export(north, "--since", (T0 + timedelta(days=1)).isoformat())
    assert [line["id"] for line in lines] == [recent.pk]
    # A naive time is in the organization's zone: T0 is 08:00 in Los Angeles.
    assert len(export(north, "--since", "2025-06-01 08:00")[0]) == 2
    assert len(export(north, "--since", "2025-06-01 08:01")[0]) == 1


def test_it_refuses_a_bad_since_or_org(north):
    with pytest.raises(CommandError):
        export(north, "--since", "last week")
    with pytest.raises(CommandError):
        call_command("export_incidents", "--org", "nope", stdout=StringIO())


def test_it_writes_to_a_file(north, tmp_path):
    make_incident(north, 2)
    path = tmp_path / "out.jsonl"
    call_command("export_incidents", "--org", north.slug, "--output", str(path), stderr=StringIO())
    assert len(json.loads(path.read_text())["reports"]) == 2


def test_it_exports_what_the_pipeline_stored_exactly_once(north, tmp_path):
    rows = [
        "sms,SM1,+13235550001,,ICE van outside Roosevelt Elementary 90033,2025-06-01 08:00",
        "sms,SM2,+13235550002,,Migra en Roosevelt Elementary 90033,2025-06-01 08:05",
        "sms,SM3,+13235550003,,agents at the courthouse 90012,2025-06-01 09:00",
        "sms,SM4,+13235550004,,help something is happening,2025-06-01 09:10",
        "sms,SM5,+13235550001,,STOP,2025-06-01 09:20",
    ]
    path = tmp_path / "r.csv"
    path.write_text("channel,provider_id,from,to,body,received_at\n" + "\n".join(rows) + "\n")
    call_command("import_reports", "--org", north.slug, str(path), stdout=StringIO(), stderr=StringIO())
    lines, _ = export(north)
    exported = sorted(r["provider_id"] for line in lines for r in line["reports"])
    in_incidents = sorted(Report.objects.filter(organization=north, incident__isnull=False)
                          .values_list("provider_id", flat=True))
    assert exported == in_incidents
    assert "SM1" in exported and "SM5" not in exported
    assert Report.objects.get(provider_id="SM5").route == "keyword"
