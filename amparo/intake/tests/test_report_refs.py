"""Report references (issue 15, item 6): each network numbers its reports from 1, the number
never changes, every acknowledgement quotes it as "R-<n>", and the console's search box finds
the incident that holds a report or an incident number now, following merges."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from amparo.incidents import actions as incidents
from amparo.incidents.models import Incident
from amparo.intake.pipeline import ingest_report
from amparo.reports.models import Report
from amparo.reports.refs import Wanted, parse

T0 = datetime(2026, 6, 7, 9, 0, tzinfo=UTC)
_ids = itertools.count()


def send(org, body, minutes=0, sender="+13235550101"):
    return ingest_report(org=org, channel="sms", provider_id=f"SMref{next(_ids)}", from_number=sender,
                         body=body, received_at=T0 + timedelta(minutes=minutes))


def test_each_network_counts_its_own_reports_from_one(north, south):
    first = send(north, "ICE at 5th and Broadway")
    send(south, "Migra en la calle 4 y Main", sender="+13235550109")
    second = send(north, "Agents at Cesar Chavez and Soto", 30, sender="+13235550102")
    assert [first.report.number, second.report.number] == [1, 2]
    assert Report.objects.get(organization=south).number == 1  # the other network's volume never shows


def test_the_acknowledgement_quotes_the_report_not_the_incident(north):
    result = send(north, "ICE at 5th and Broadway")
    assert result.reply is not None and "(ref R-1)" in result.reply
    assert f"ref {result.report.incident_id})" not in result.reply
    followup = send(north, "they have two vans", 2)
    assert followup.report.number == 2
    assert followup.reply is not None and "(ref R-1)" in followup.reply  # the report it adds to


def test_a_spanish_acknowledgement_quotes_it_too(north):
    result = send(north, "Hay agentes de inmigración en la esquina de 5th y Broadway, por favor ayuda")
    assert result.report.language == "es" and result.reply is not None and "R-1" in result.reply


def test_a_replayed_message_keeps_its_number(north):
    first = ingest_report(org=north, channel="sms", provider_id="SMsame", from_number="+13235550101",
                          body="ICE at 5th and Broadway", received_at=T0)
    again = ingest_report(org=north, channel="sms", provider_id="SMsame", from_number="+13235550101",
                          body="ICE at 5th and Broadway", received_at=T0)
    assert again.report.pk == first.report.pk and again.report.number == 1
    assert Report.objects.count() == 1


@pytest.mark.parametrize(("typed", "wanted"), [
    ("R-27", Wanted("report", 27)), ("r27", Wanted("report", 27)), (" R 27 ", Wanted("report", 27)),
    ("#7", Wanted("incident", 7)), ("7", Wanted("incident", 7)), ("# 7", Wanted("incident", 7)),
    ("R-٢٧", None), ("R-", None), ("", None), ("R-0", None), ("x7", None), ("1" * 40, None),
])
def test_the_search_box_reads_either_form(typed, wanted):
    assert parse(typed) == wanted


def test_the_search_box_opens_the_incident_that_holds_it_now(client, north, south, dispatcher, outsider):
    first = send(north, "ICE at 5th and Broadway")
    other = send(north, "ICE agents at Cesar Chavez and Soto near the market", 60, sender="+13235550102")
    assert first.report.incident_id != other.report.incident_id
    kept = other.report.incident
    incidents.merge_incidents(kept, [first.report.incident], by=dispatcher)
    client.force_login(dispatcher)
    # "#N" is the network's own incident number (equal to the id only by chance, on a fresh SQLite).
    number = Incident.objects.get(pk=first.report.incident_id).number
    for typed in ("R-1", "r1", f"#{number}", str(number)):
        r = client.get("/console/find/", {"q": typed})
        assert r.status_code == 302 and r["Location"] == f"/console/incidents/{kept.pk}/", typed
    r = client.get("/console/find/", {"q": "R-99"}, follow=True)
    assert r.redirect_chain[-1][0] == "/console/" and "Nothing found for" in r.content.decode()

    # Another network's reference is not found, whatever its number.
    theirs = send(south, "Migra en la calle 4 y Main", sender="+13235550109")
    client.force_login(outsider)
    kept_number = Incident.objects.get(pk=kept.pk).number
    assert kept_number == 2  # south has one incident: #2 is only north's
    assert client.get("/console/find/", {"q": f"#{kept_number}"})["Location"] == "/console/"
    assert client.get("/console/find/", {"q": "R-1"})["Location"] == f"/console/incidents/{theirs.report.incident_id}/"
