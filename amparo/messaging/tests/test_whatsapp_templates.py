"""Outside WhatsApp's 24-hour window: an approved template instead of a refusal,
shown as such in the console; and the admins' page for those templates."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.messaging.actions import CannotMessage, OutsideWhatsAppWindow, send_to_reporter
from amparo.messaging.models import OutboundMessage, WhatsAppTemplate
from amparo.orgs.models import HotlineNumber
from amparo.reports.models import Report
from conftest import make_member

from .conftest import ALICE, inbound
from .test_twilio_transport import fake_twilio, twilio_org  # noqa: F401  (fixtures)

URL = "/messaging/whatsapp-templates/"
SID_ES = "HX" + "a" * 32
SID_EN = "HX" + "b" * 32


def _template(org, language: str, sid: str, body: str) -> WhatsAppTemplate:  # type: ignore[no-untyped-def]
    return WhatsAppTemplate.objects.create(organization=org, key="reopen", language=language, content_sid=sid,
                                           body_preview=body)


def _stale_whatsapp_report(org, body: str = "Hay migra en la 5 y Broadway ahorita"):  # type: ignore[no-untyped-def]
    HotlineNumber.objects.filter(organization=org).update(whatsapp=True)
    report = inbound(org, body, channel="whatsapp")
    Report.objects.filter(pk=report.pk).update(received_at=timezone.now() - timedelta(hours=25))
    report.refresh_from_db()
    return report


def test_it_sends_the_template_in_the_reporters_language_outside_the_window(north, dispatcher):
    _template(north, "en", SID_EN, "Amparo hotline: about report {{1}}, please reply to this message.")
    _template(north, "es", SID_ES, "Línea Amparo: sobre el reporte {{1}}, responda a este mensaje por favor.")
    report = _stale_whatsapp_report(north)
    assert report.language == "es"
    msg = send_to_reporter(report.incident, report, "¿Sigue ahí?", by=dispatcher)
    # The reporter's own reference, the one their acknowledgement gave them; never the incident's id.
    assert report.ref.startswith("R-")
    assert (msg.channel, msg.content_sid, msg.content_variables) == ("whatsapp", SID_ES, {"1": report.ref})
    assert msg.body == f"Línea Amparo: sobre el reporte {report.ref}, responda a este mensaje por favor."


def test_it_still_refuses_without_a_template_and_answers_freely_inside_the_window(north, dispatcher):
    report = _stale_whatsapp_report(north)
    with pytest.raises(OutsideWhatsAppWindow, match="24 hours"):
        send_to_reporter(report.incident, report, "¿Sigue ahí?", by=dispatcher)
    assert issubclass(OutsideWhatsAppWindow, CannotMessage)
    _template(north, "es", SID_ES, "Responda por favor ({{1}}).")
    fresh = inbound(north, "Siguen aquí en la esquina", channel="whatsapp")
    msg = send_to_reporter(fresh.incident, fresh, "¿Cuántos agentes?", by=dispatcher)
    assert msg.content_sid == "" and msg.body == "¿Cuántos agentes?"


def test_another_organizations_template_is_never_used(north, south, dispatcher):
    _template(south, "es", SID_ES, "South's template {{1}}")
    report = _stale_whatsapp_report(north)
    with pytest.raises(OutsideWhatsAppWindow):
        send_to_reporter(report.incident, report, "¿Sigue ahí?", by=dispatcher)


def test_the_console_says_a_template_went_out(client, north, dispatcher):
    _template(north, "es", SID_ES, "Línea Amparo: responda a este mensaje ({{1}}).")
    report = _stale_whatsapp_report(north)
    client.force_login(dispatcher)
    r = client.post(f"/messaging/incidents/{report.incident_id}/reply", {"report_id": report.pk, "text": "¿Sigue ahí?"},
                    follow=True)
    body = r.content.decode()
    assert "the approved template asking the reporter to reply was sent" in body
    msg = OutboundMessage.objects.get()
    assert msg.content_sid == SID_ES
    html = client.get(f"/console/incidents/{report.incident_id}/").content.decode()
    assert "Outside WhatsApp's 24-hour window: template sent." in html
    assert f"Línea Amparo: responda a este mensaje ({report.ref})." in html


def test_twilio_gets_the_content_sid_and_variables_instead_of_a_body(twilio_org, dispatcher, fake_twilio,  # noqa: F811
                                                                     django_capture_on_commit_callbacks):
    _template(twilio_org, "en", SID_EN, "Amparo hotline: about report {{1}}, please reply.")
    report = _stale_whatsapp_report(twilio_org, "ICE agents at 5th and Broadway taking people")
    with django_capture_on_commit_callbacks(execute=True):
        send_to_reporter(report.incident, report, "Still there?", by=dispatcher)
    [req] = fake_twilio.requests
    form = req["form"]
    assert "Body" not in form
    assert form["ContentSid"] == SID_EN
    assert json.loads(form["ContentVariables"]) == {"1": report.ref}
    assert form["To"] == f"whatsapp:{ALICE}" and form["From"].startswith("whatsapp:+")


# --- the admins' page ------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    return client


def test_an_admin_adds_lists_edits_and_deletes(admin_client, north, django_assert_max_num_queries):
    data = {"key": "reopen", "language": "en", "content_sid": SID_EN, "body_preview": "Please reply ({{1}})."}
    assert admin_client.post(URL + "add/", data).status_code == 302
    template = WhatsAppTemplate.objects.get(organization=north)
    for code in ("es", "ko"):
        _template(north, code, "HX" + code * 16, f"{code} {{{{1}}}}")
    with django_assert_max_num_queries(12):
        r = admin_client.get(URL)
    assert r.status_code == 200 and SID_EN in r.content.decode() and "HX" + "ko" * 16 in r.content.decode()
    r = admin_client.post(f"{URL}{template.pk}/", {**data, "body_preview": "Reply please ({{1}})."})
    assert r.status_code == 302
    template.refresh_from_db()
    assert template.body_preview == "Reply please ({{1}})."
    assert admin_client.post(f"{URL}{template.pk}/delete/").status_code == 302
    assert not WhatsAppTemplate.objects.filter(pk=template.pk).exists()
    assert AuditEntry.objects.filter(organization=north, object_type="whatsapp_template").count() == 3


def test_it_validates_the_sid_the_language_and_duplicates(admin_client, north):
    _template(north, "en", SID_EN, "Reply ({{1}}).")
    good = {"key": "reopen", "language": "es", "content_sid": SID_ES, "body_preview": "Responda ({{1}})."}
    for bad in ({"content_sid": "SM" + "a" * 32}, {"content_sid": SID_ES + "0"}, {"language": "xx"},
                {"language": "en"}, {"body_preview": "  "}):
        assert admin_client.post(URL + "add/", {**good, **bad}).status_code == 200, bad
    assert WhatsAppTemplate.objects.filter(organization=north).count() == 1


@pytest.mark.parametrize("persona", ["dispatcher", "responder", "legal", "outsider"])
def test_non_admins_get_403(request, client, north, persona):
    template = _template(north, "en", SID_EN, "Reply ({{1}}).")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}{template.pk}/delete/").status_code == 403
    assert WhatsAppTemplate.objects.filter(pk=template.pk).exists()


def test_another_networks_admin_gets_404(client, north, south):
    template = _template(north, "en", SID_EN, "Reply ({{1}}).")
    client.force_login(make_member(south, "admin@south.test", "admin"))
    assert client.get(f"{URL}{template.pk}/").status_code == 404
    data = {"key": "reopen", "language": "en", "content_sid": SID_ES, "body_preview": "pwned"}
    assert client.post(f"{URL}{template.pk}/", data).status_code == 404
    assert client.post(f"{URL}{template.pk}/delete/").status_code == 404
    assert SID_EN not in client.get(URL).content.decode()
    template.refresh_from_db()
    assert template.body_preview != "pwned"
