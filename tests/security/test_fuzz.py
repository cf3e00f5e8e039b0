"""Bad input on every public entry point: no 5xx (issue 6, "Bad input").

schemathesis generates requests from the API's own OpenAPI schema and sends
them to the Django WSGI app in process (no network), with a valid token;
hypothesis throws arbitrary forms at the signed webhooks and the report form.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import NORTH_NUMBER, make_member

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.fixture
def api_token(north, db):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from amparo.api.actions import issue_api_token
    from amparo.incidents.models import Incident

    now = timezone.now()
    Incident.objects.create(organization=north, first_report_at=now, last_report_at=now)
    user = make_member(north, "fuzz@north.test", "dispatcher")
    return issue_api_token(org=north, user=user, name="fuzz")[1]


@pytest.fixture
def keep_test_connection():  # type: ignore[no-untyped-def]
    """Calling the WSGI app directly fires request_started/finished, whose
    close_old_connections would close the test's own transaction on PostgreSQL
    (Django's test Client disconnects it the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_it_answers_any_api_request_without_a_server_error(api_token, keep_test_connection):
    # schemathesis' own pytest plugin does not run under pytest 9: its Python API
    # gives each operation's hypothesis strategy, and hypothesis drives it here.
    from django.core.cache import cache

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/incidents", "/api/v1/incidents/{incident_id}"}
    for operation in operations:
        @FUZZ
        @given(case=operation.as_strategy())
        def run(case):  # type: ignore[no-untyped-def]
            cache.clear()  # the flood limit would answer 429 to most examples
            response = case.call(headers={"Authorization": f"Bearer {api_token}"})
            assert response.status_code < 500, (case.path, case.query, response.text[:300])

        run()


form_values = st.dictionaries(
    st.sampled_from(["Body", "From", "To", "MessageSid", "NumMedia", "MediaUrl0", "MediaContentType0", "CallSid",
                     "CallStatus", "Digits", "SpeechResult", "RecordingUrl", "RecordingSid", "MessageStatus",
                     "ErrorCode", "AccountSid"]),
    st.one_of(st.text(max_size=300), st.sampled_from(["", NORTH_NUMBER, "+13235550142", "-1", "99999999999",
                                                      "whatsapp:+13235550142", "SM" + "0" * 32])),
    max_size=8,
)
HOOKS = ["/hooks/twilio/sms", "/hooks/twilio/sms/status", "/hooks/twilio/voice", "/hooks/twilio/voice/menu",
         "/hooks/twilio/voice/language", "/hooks/twilio/voice/zip", "/hooks/twilio/voice/status",
         "/hooks/twilio/voice/recording", "/hooks/twilio/voice/recorded"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOOKS)
def test_it_survives_any_signed_webhook(path, north, twilio_post):
    @FUZZ
    @given(params=form_values)
    def run(params):  # type: ignore[no-untyped-def]
        response = twilio_post(path, params)
        assert response.status_code < 500, (path, params)

    run()


@pytest.mark.django_db
def test_it_survives_any_report_form_post(client, north):
    fields = st.dictionaries(
        st.sampled_from(["description", "what", "when", "when_at", "address", "cross_streets", "zip", "landmark",
                         "callback", "may_call", "may_text", "website", "nonce", "shown_at", "language"]),
        st.text(max_size=200), max_size=10)

    @FUZZ
    @given(data=fields)
    def run(data):  # type: ignore[no-untyped-def]
        from django.core.cache import cache

        cache.clear()
        response = client.post("/report/north/", data)
        assert response.status_code < 500, data

    run()
