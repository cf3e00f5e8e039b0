"""No IP address or user agent is stored anywhere, logs included (issue 2, item 13)."""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.db import connection

from conftest import NORTH_NUMBER, PASSWORD

CANARY_IP = "203.0.113.77"
CANARY_UA = "CanaryAgent/9.9 (seizure-drill)"


def all_text_in_database() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from the ORM
            for row in cursor.fetchall():
                chunks.append(" ".join(str(v) for v in row))
    return "\n".join(chunks)


@pytest.mark.django_db
def test_it_stores_no_client_address_or_agent(client, north, dispatcher, twilio_post, caplog):
    caplog.set_level(logging.DEBUG)
    extra = {"REMOTE_ADDR": CANARY_IP, "HTTP_USER_AGENT": CANARY_UA, "HTTP_X_FORWARDED_FOR": CANARY_IP}
    twilio_post("/hooks/twilio/sms", {"MessageSid": "SMprivacy1", "From": "+13235550142", "To": NORTH_NUMBER,
                                      "Body": "ICE at 5th and Broadway"}, **extra)
    twilio_post("/hooks/twilio/sms", {"MessageSid": "SMprivacy2", "From": "+13235550142", "To": NORTH_NUMBER,
                                      "Body": "x"}, token="forged", **extra)
    client.get("/report/", **extra)
    client.post("/accounts/login/", {"login": dispatcher.email, "password": "wrong password"}, **extra)
    client.post("/accounts/login/", {"login": dispatcher.email, "password": PASSWORD}, **extra)
    client.get("/api/v1/incidents", HTTP_AUTHORIZATION="Bearer nope", **extra)
    client.get("/does-not-exist", **extra)
    # Issue 6 endpoints: the blocklist, the audit trail, a legal hold.
    client.force_login(dispatcher)
    client.post("/blocklist/", {"number": "+13235550142", "reason": "privacy"}, **extra)
    client.get("/audit/", **extra)
    client.post("/retention/incidents/1/hold", {"reason": "privacy"}, **extra)

    stored = all_text_in_database()
    assert CANARY_IP not in stored
    assert "CanaryAgent" not in stored
    logged = "\n".join(r.getMessage() + " " + str(getattr(r, "request", "")) for r in caplog.records)
    assert CANARY_IP not in logged
    assert "CanaryAgent" not in logged
