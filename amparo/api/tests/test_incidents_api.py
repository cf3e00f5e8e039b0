from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone

from amparo.api.actions import issue_api_token, revoke_api_token
from amparo.api.models import ApiToken
from amparo.api.tests.factories import make_incident, make_place, make_report
from amparo.audit.models import AuditEntry
from amparo.orgs.models import Membership

LIST = "/api/v1/incidents"


def detail(pk) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/incidents/{pk}"


def test_it_lists_own_incidents_newest_activity_first(client, north, dispatcher, bearer):
    older = make_incident(north, 2)
    newer = make_incident(north, 1, at=older.last_report_at + timezone.timedelta(hours=1))
    r = client.get(LIST, **bearer(dispatcher, north))
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 2
    assert [i["id"] for i in data["items"]] == [newer.pk, older.pk]
    assert [rep["text"] for rep in data["items"][1]["reports"]] == ["ICE van at 0", "ICE van at 1"]


def test_it_gives_an_incident_with_its_reports_decrypted(client, north, dispatcher, bearer):
    place = make_place(north)
    incident = make_incident(north, 2, place=place, body="la migra en la escuela {n}")
    r = client.get(detail(incident.pk), **bearer(dispatcher, north))
    assert r.status_code == 200
    data = r.json()
    assert data["id"] == incident.pk
    assert data["kind"] == "event" and data["status"] == "reported"
    assert data["report_count"] == 2 and data["caller_count"] == 2 and data["needs_review"] is False
    assert data["place"] == {"name": "Roosevelt Elementary", "kind": "school", "zip": "90033", "precision": "place"}
    first = data["reports"][0]
    assert first["text"] == "la migra en la escuela 0"
    assert first["channel"] == "sms" and first["language"] == "en" and first["route"] == "report"
    assert first["provider_id"].startswith("SM")
    assert first["received_at"].startswith("2025-06-01T15:00:00")
    assert first["place"] == {"name": "Roosevelt Elementary", "precision": "place", "zip": "90033",
                              "confidence": 0.9, "details": {"span": "Roosevelt"}}
    assert "caller_number" not in first and "+1213" not in r.content.decode()


def test_it_filters_by_status_and_kind(client, north, dispatcher, bearer):
    confirmed = make_incident(north, 1, status="confirmed")
    make_incident(north, 1)
    lane = make_incident(north, 1, kind="vague")
    auth = bearer(dispatcher, north)
    assert [i["id"] for i in client.get(LIST + "?status=confirmed", **auth).json()["items"]] == [confirmed.pk]
    assert [i["id"] for i in client.get(LIST + "?kind=vague", **auth).json()["items"]] == [lane.pk]
    assert client.get(LIST + "?kind=vague&status=confirmed", **auth).json()["count"] == 0


def test_it_paginates(client, north, dispatcher, bearer):
    for _ in range(5):
        make_incident(north, 1)
    auth = bearer(dispatcher, north)
    page1 = client.get(LIST + "?limit=2", **auth).json()
    page3 = client.get(LIST + "?limit=2&page=3", **auth).json()
    assert page1["count"] == 5 and page1["pages"] == 3 and len(page1["items"]) == 2
    assert len(page3["items"]) == 1
    assert client.get(LIST + "?limit=2&page=9", **auth).json()["items"] == []


def test_it_keeps_queries_flat(client, north, dispatcher, bearer, django_assert_max_num_queries):
    place = make_place(north)
    for _ in range(20):
        make_incident(north, 3, place=place)
    auth = bearer(dispatcher, north)
    with django_assert_max_num_queries(8):
        r = client.get(LIST, **auth)
    assert len(r.json()["items"]) == 20
    assert sum(len(i["reports"]) for i in r.json()["items"]) == 60


def test_it_audits_each_report_read(client, north, dispatcher, bearer):
    incident = make_incident(north, 3)
    auth = bearer(dispatcher, north)
    client.get(LIST, **auth)
    client.get(detail(incident.pk), **auth)
    entries = AuditEntry.objects.filter(organization=north, action="read", object_type="report")
    ids = sorted(str(pk) for pk in incident.reports.values_list("pk", flat=True))
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(ids * 2)
    assert set(entries.values_list("actor_id", "actor_label")) == {(dispatcher.pk, "api")}


def test_it_shows_the_outsider_nothing_of_north(client, north, south, outsider, bearer):
    incident = make_incident(north, 2)
    auth = bearer(outsider, south)
    assert client.get(detail(incident.pk), **auth).status_code == 404
    data = client.get(LIST, **auth).json()
    assert data == {"count": 0, "page": 1, "pages": 0, "items": []}
    assert not AuditEntry.objects.exists()


def test_it_lets_admin_and_legal_read(client, north, admin_user, legal, bearer):
    incident = make_incident(north)
    for user in (admin_user, legal):
        assert client.get(detail(incident.pk), **bearer(user, north)).status_code == 200


def test_it_refuses_a_responder_token(client, north, responder, bearer):
    incident = make_incident(north)
    auth = bearer(responder, north)
    assert client.get(LIST, **auth).status_code == 403
    assert client.get(detail(incident.pk), **auth).status_code == 403


def test_it_refuses_a_revoked_token(client, north, dispatcher):
    token, raw = issue_api_token(org=north, user=dispatcher, name="dash")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(LIST, **auth).status_code == 200
    assert revoke_api_token(token) is True
    assert client.get(LIST, **auth).status_code == 401
    assert revoke_api_token(token) is False


def test_it_refuses_a_token_whose_membership_ended(client, north, dispatcher, bearer):
    auth = bearer(dispatcher, north)
    Membership.objects.filter(user=dispatcher, organization=north).update(is_active=False)
    assert client.get(LIST, **auth).status_code == 403


def test_it_refuses_a_token_whose_role_changed_to_responder(client, north, dispatcher, bearer):
    auth = bearer(dispatcher, north)
    Membership.objects.filter(user=dispatcher, organization=north).update(role="responder")
    assert client.get(LIST, **auth).status_code == 403


def test_it_refuses_a_token_of_a_deactivated_user(client, north, dispatcher, bearer):
    auth = bearer(dispatcher, north)
    dispatcher.is_active = False
    dispatcher.save(update_fields=["is_active"])
    assert client.get(LIST, **auth).status_code == 403


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nope", "Basic abc", "Bearer " + "x" * 5000])
def test_it_refuses_missing_or_unknown_tokens(client, north, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    assert client.get(LIST, **extra).status_code == 401


def test_it_stores_only_a_hash_and_the_day_of_use(client, north, dispatcher):
    token, raw = issue_api_token(org=north, user=dispatcher, name="dash")
    assert raw.startswith("amp_") and len(raw) > 40
    assert raw not in token.token_hash and len(token.token_hash) == 64
    client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {raw}")
    token.refresh_from_db()
    assert token.last_used_on == timezone.localdate()


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "99999999999999999999999999", "%00"])
def test_it_gives_4xx_for_malformed_ids(client, north, dispatcher, bearer, bad):
    r = client.get(detail(bad), **bearer(dispatcher, north))
    assert 400 <= r.status_code < 500


@pytest.mark.parametrize("query", ["status=nope", "kind=x", "page=0", "page=abc", "limit=0", "limit=100000",
                                   "page=99999999999999999999999"])
def test_it_gives_4xx_for_bad_query_params(client, north, dispatcher, bearer, query):
    r = client.get(f"{LIST}?{query}", **bearer(dispatcher, north))
    assert 400 <= r.status_code < 500


def test_it_gives_404_for_a_missing_incident(client, north, dispatcher, bearer):
    assert client.get(detail(123456), **bearer(dispatcher, north)).status_code == 404


def test_it_leaves_out_reports_of_other_incidents_and_keywords(client, north, dispatcher, bearer):
    incident = make_incident(north, 1)
    make_report(north, route="keyword", body="STOP")
    r = client.get(detail(incident.pk), **bearer(dispatcher, north))
    assert [rep["text"] for rep in r.json()["reports"]] == ["ICE van at 0"]


def test_it_serves_the_openapi_schema(client, db):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    schema = json.loads(r.content)
    assert "/api/v1/incidents" in schema["paths"] and "/api/v1/incidents/{incident_id}" in schema["paths"]
    assert "IncidentOut" in schema["components"]["schemas"]


def test_it_serves_docs_without_a_cdn(client, db):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert '"validatorUrl": null' in html


def test_it_stores_tokens_per_organization(north, dispatcher):
    issue_api_token(org=north, user=dispatcher, name="a")
    assert ApiToken.objects.filter(organization=north, user=dispatcher).count() == 1


def test_it_reads_what_the_pipeline_stored(client, north, dispatcher, bearer, tmp_path, django_assert_max_num_queries):
    from io import StringIO

    from django.core.management import call_command

    rows = "".join(f"sms,SM{i},+1323555{i:04d},,ICE van outside Roosevelt Elementary 90033,2025-06-01 08:{i:02d}\n"
                   for i in range(12))
    path = tmp_path / "r.csv"
    path.write_text("channel,provider_id,from,to,body,received_at\n" + rows)
    call_command("import_reports", "--org", north.slug, str(path), stdout=StringIO(), stderr=StringIO())
    auth = bearer(dispatcher, north)
    with django_assert_max_num_queries(8):
        data = client.get(LIST, **auth).json()
    reports = [r for i in data["items"] for r in i["reports"]]
    assert sorted(r["provider_id"] for r in reports) == [f"SM{i}" for i in sorted(range(12), key=str)]
    assert all(r["text"] == "ICE van outside Roosevelt Elementary 90033" for r in reports)
    assert all(r["place"]["zip"] == "90033" for r in reports)
