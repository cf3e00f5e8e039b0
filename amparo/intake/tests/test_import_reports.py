from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from amparo.intake.management.commands import import_reports
from amparo.reports.models import Report

CSV = """channel,provider_id,from,to,body,received_at
sms,SM001,(213) 555-0123,+12135550100,ICE van outside Roosevelt Elementary 90033,2025-06-01 08:30
whatsapp,WA002,whatsapp:+13235550111,+12135550100,"La migra en la tienda, 90022",2025-06-01T16:00:00Z
web,,,,"Agents at the courthouse on Temple St, 90012",2025-06-01T09:15:00-07:00
"""


def run(org, path, *extra):  # type: ignore[no-untyped-def]
    out, err = StringIO(), StringIO()
    call_command("import_reports", "--org", org.slug, str(path), *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name, text):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_imports_a_csv_with_times_in_the_org_zone(north, tmp_path):
    out, err = run(north, write(tmp_path, "reports.csv", CSV))
    assert "read 3, created 3, duplicates 0, errors 0" in out, err
    sms = Report.objects.get(organization=north, provider_id="SM001")
    # A naive time is the organization's wall clock (America/Los_Angeles, PDT in June).
    assert sms.received_at == datetime(2025, 6, 1, 15, 30, tzinfo=UTC)
    assert sms.imported is True and sms.channel == "sms"
    assert sms.body == "ICE van outside Roosevelt Elementary 90033"
    assert sms.caller_number == "+12135550123"
    wa = Report.objects.get(organization=north, provider_id="WA002")
    assert wa.caller_number == "+13235550111"
    assert wa.received_at == datetime(2025, 6, 1, 16, 0, tzinfo=UTC)


def test_it_keys_a_row_without_provider_id_by_its_content(north, tmp_path):
    run(north, write(tmp_path, "reports.csv", CSV))
    web = Report.objects.get(organization=north, channel="web")
    key = "|".join(["web", "", "", "Agents at the courthouse on Temple St, 90012", "2025-06-01T16:15:00+00:00"])
    assert web.provider_id == "import:" + hashlib.sha256(key.encode()).hexdigest()
    assert web.received_at == datetime(2025, 6, 1, 16, 15, tzinfo=UTC)


def test_it_creates_nothing_on_a_rerun(north, tmp_path):
    path = write(tmp_path, "reports.csv", CSV)
    run(north, path)
    out, _ = run(north, path)
    assert "read 3, created 0, duplicates 3, errors 0" in out
    assert Report.objects.filter(organization=north).count() == 3


def test_it_imports_jsonl(north, tmp_path):
    lines = [
        {"channel": "sms", "provider_id": "SMj1", "from": "2135550123", "to": "+12135550100",
         "body": "ICE at the Food 4 Less on Cesar Chavez", "received_at": "2025-06-01 07:05:09"},
        {"channel": "voice", "provider_id": "CAj2", "from": 12135550124, "body": "",
         "received_at": "2025-06-01T14:00:00+00:00"},
    ]
    path = write(tmp_path, "reports.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    out, err = run(north, path)
    assert "read 2, created 2, duplicates 0, errors 0" in out, err
    sms = Report.objects.get(organization=north, provider_id="SMj1")
    assert sms.received_at == datetime(2025, 6, 1, 14, 5, 9, tzinfo=UTC)
    assert sms.caller_number == "+12135550123"
    assert Report.objects.get(organization=north, provider_id="CAj2").caller_number == "+12135550124"


def test_it_detects_the_format_by_content(north, tmp_path):
    row = {"channel": "sms", "provider_id": "SMx", "body": "ICE at 90033", "received_at": "2025-06-01T10:00Z"}
    out, _ = run(north, write(tmp_path, "export.txt", json.dumps(row) + "\n"))
    assert "created 1" in out
    out, _ = run(north, write(tmp_path, "export2.txt", CSV))
    assert "created 3" in out


def test_it_reports_bad_rows_by_line_and_goes_on(north, tmp_path):
    text = CSV + (
        "fax,SM9,,,hello,2025-06-01 10:00\n"  # line 5: channel
        "sms,SM10,,,hello,yesterday\n"  # line 6: time
        "sms,SM11,,,,2025-06-01 10:00\n"  # line 7: empty body
        'sms,SM12,,,"two\nlines",2099-01-01 10:00\n'  # lines 8-9: future
        "sms,SM13,,,ok,2025-06-01 10:00,extra\n"  # line 10: too many fields
        "sms,SM14,,,ICE at 90033,2025-06-01\n"  # line 11: a date without a time
        "sms,SM15,,,ICE at 90033,2025-06-01 11:00\n"  # fine
    )
    out, err = run(north, write(tmp_path, "reports.csv", text))
    assert "read 10, created 4, duplicates 0, errors 6" in out
    for line in (5, 6, 7, 8, 10, 11):
        assert f"line {line}:" in err
    assert "line 9:" not in err
    assert Report.objects.filter(organization=north, provider_id="SM15").exists()


def test_it_reports_bad_json_lines(north, tmp_path):
    text = '{"channel": "sms", "provider_id": "A", "body": "x 90033", "received_at": "2025-06-01T10:00Z"}\n' \
           "{not json\n" \
           "[1, 2]\n" \
           '{"channel": "sms", "body": ["x"], "received_at": "2025-06-01T10:00Z"}\n'
    out, err = run(north, write(tmp_path, "r.jsonl", text))
    assert "read 4, created 1, duplicates 0, errors 3" in out
    assert "line 2:" in err and "line 3:" in err and "line 4:" in err


def test_it_refuses_a_csv_without_the_needed_columns(north, tmp_path):
    with pytest.raises(CommandError, match="received_at"):
        run(north, write(tmp_path, "r.csv", "channel,body\nsms,hi\n"))


def test_it_refuses_an_unknown_org(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_reports", "--org", "nope", str(write(tmp_path, "r.csv", CSV)))


def test_it_ingests_in_time_order_and_sends_nothing(north, tmp_path, monkeypatch):
    calls = []
    real = import_reports.ingest_report

    def spy(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        result = real(**kwargs)
        assert result.reply is None
        return result

    monkeypatch.setattr(import_reports, "ingest_report", spy)
    text = ("channel,provider_id,body,received_at\n"
            "sms,C,third at 90033,2025-06-01T12:00:00Z\n"
            "sms,A,first at 90033,2025-06-01T10:00:00Z\n"
            "sms,B1,second at 90033,2025-06-01T11:00:00Z\n"
            "sms,B2,second too at 90033,2025-06-01T11:00:00Z\n")
    run(north, write(tmp_path, "r.csv", text))
    assert [c["provider_id"] for c in calls] == ["A", "B1", "B2", "C"]
    assert all(c["imported"] is True for c in calls)


def test_it_keeps_what_was_imported_when_it_crashes_and_resumes(north, tmp_path, monkeypatch):
    rows = "".join(f"sms,SM{i},,,ICE number {i} at 90033,2025-06-01T10:{i:02d}:00Z\n" for i in range(6))
    path = write(tmp_path, "r.csv", "channel,provider_id,from,to,body,received_at\n" + rows)
    real = import_reports.ingest_report

    def crash_on_fifth(**kwargs):  # type: ignore[no-untyped-def]
        if kwargs["provider_id"] == "SM4":
            raise OperationalError("disk I/O error")
        return real(**kwargs)

    monkeypatch.setattr(import_reports, "ingest_report", crash_on_fifth)
    with pytest.raises(OperationalError):
        run(north, path, "--batch-size", "2")
    assert set(Report.objects.filter(organization=north).values_list("provider_id", flat=True)) == {
        "SM0", "SM1", "SM2", "SM3"}
    monkeypatch.setattr(import_reports, "ingest_report", real)
    out, _ = run(north, path, "--batch-size", "2")
    assert "read 6, created 2, duplicates 4, errors 0" in out


def test_it_validates_without_importing_on_dry_run(north, tmp_path):
    out, _ = run(north, write(tmp_path, "r.csv", CSV), "--dry-run")
    assert "Dry run: read 3, created 0" in out
    assert not Report.objects.exists()


def test_it_keeps_a_number_that_does_not_parse(north, tmp_path):
    text = "channel,provider_id,from,body,received_at\nsms,SMz,shortcode-77,ICE at 90033,2025-06-01T10:00Z\n"
    run(north, write(tmp_path, "r.csv", text))
    assert Report.objects.get(provider_id="SMz").caller_number == "shortcode-77"


def test_it_skips_a_row_the_pipeline_refuses(north, tmp_path, monkeypatch):
    real = import_reports.ingest_report

    def refuse_b(**kwargs):  # type: ignore[no-untyped-def]
        if kwargs["provider_id"] == "B":
            raise ValueError("cannot understand")
        return real(**kwargs)

    monkeypatch.setattr(import_reports, "ingest_report", refuse_b)
    text = ("channel,provider_id,body,received_at\n"
            "sms,A,ICE at 90033,2025-06-01T10:00:00Z\n"
            "sms,B,ICE at 90022,2025-06-01T11:00:00Z\n"
            "sms,C,ICE at 90012,2025-06-01T12:00:00Z\n")
    out, err = run(north, write(tmp_path, "r.csv", text))
    assert "read 3, created 2, duplicates 0, errors 1" in out
    assert "line 3: ValueError: cannot understand" in err


def test_it_stops_when_every_row_fails_and_keeps_the_rest(north, tmp_path, monkeypatch):
    real = import_reports.ingest_report
    monkeypatch.setattr(import_reports, "MAX_CONSECUTIVE_FAILURES", 3)

    def broken_after_first(**kwargs):  # type: ignore[no-untyped-def]
        if kwargs["provider_id"] != "SM0":
            raise TypeError("bug")
        return real(**kwargs)

    monkeypatch.setattr(import_reports, "ingest_report", broken_after_first)
    rows = "".join(f"sms,SM{i},,,ICE number {i} at 90033,2025-06-01T10:{i:02d}:00Z\n" for i in range(10))
    with pytest.raises(CommandError, match="3 rows in a row failed"):
        run(north, write(tmp_path, "r.csv", "channel,provider_id,from,to,body,received_at\n" + rows))
    assert list(Report.objects.filter(organization=north).values_list("provider_id", flat=True)) == ["SM0"]
