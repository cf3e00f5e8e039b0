"""/manage/alerts/: the public page's window and delay and the alerts sender, per organization, audited."""

from __future__ import annotations

from amparo.alerts.models import AlertSettings
from amparo.audit.models import AuditEntry

# The alerts sender's pacing, approval, expiry and lapse fields, at their defaults.
REST = {"messages_per_second": 1, "approval_threshold": 1000, "expiry_hours": 2, "lapse_months": 12}


def test_it_shows_the_defaults_without_saving_them(admin_client, north):
    page = admin_client.get("/manage/alerts/").content.decode()
    assert 'name="updates_days" value="7"' in page and 'name="updates_delay_minutes" value="30"' in page
    assert "/updates/north/" in page
    assert not AlertSettings.objects.exists()


def test_it_saves_and_audits_the_fields_changed(admin_client, north):
    r = admin_client.post("/manage/alerts/", {**REST, "updates_days": 3, "updates_delay_minutes": 60,
                                              "messaging_service_sid": ""})
    assert r.status_code == 302
    settings = AlertSettings.objects.get(organization=north)
    assert (settings.updates_days, settings.updates_delay_minutes) == (3, 60)
    entry = AuditEntry.objects.get(organization=north, object_type="alert_settings")
    assert entry.reason == "fields: updates_days, updates_delay_minutes"
    admin_client.post("/manage/alerts/", {**REST, "updates_days": 3, "updates_delay_minutes": 45})
    assert AuditEntry.objects.filter(object_type="alert_settings").order_by("id").last().reason == "fields: updates_delay_minutes"


def test_it_refuses_values_out_of_range(admin_client, north):
    for bad in ({"updates_days": 0, "updates_delay_minutes": 30}, {"updates_days": 91, "updates_delay_minutes": 30},
                {"updates_days": 7, "updates_delay_minutes": -1}, {"updates_days": 7, "updates_delay_minutes": 1441}):
        assert admin_client.post("/manage/alerts/", {**REST, **bad}).status_code == 200, bad
    assert not AlertSettings.objects.exists()


def test_it_changes_only_the_admins_org(south_client, north, south):
    assert south_client.post("/manage/alerts/", {**REST, "updates_days": 2, "updates_delay_minutes": 10}).status_code == 302
    assert AlertSettings.objects.get().organization == south


def test_a_dispatcher_may_not_change_them(client, dispatcher):
    client.force_login(dispatcher)
    assert client.post("/manage/alerts/", {**REST, "updates_days": 2, "updates_delay_minutes": 0}).status_code == 403
    assert not AlertSettings.objects.exists()


SID = "MG" + "0123456789abcdef" * 2


def test_it_saves_the_alerts_sender(admin_client, north):
    r = admin_client.post("/manage/alerts/", {**REST, "updates_days": 7, "updates_delay_minutes": 30,
                                              "messaging_service_sid": SID})
    assert r.status_code == 302
    assert AlertSettings.objects.get(organization=north).messaging_service_sid == SID
    assert AuditEntry.objects.get(object_type="alert_settings").reason == "fields: messaging_service_sid"
    assert SID in admin_client.get("/manage/alerts/").content.decode()


def test_it_refuses_anything_but_a_messaging_service_sid(admin_client, north):
    for bad in ("AC" + "0" * 32, "MG123", "MG" + "g" * 32, "+12135550100", " MG12 "):
        r = admin_client.post("/manage/alerts/", {**REST, "updates_days": 7, "updates_delay_minutes": 30,
                                                  "messaging_service_sid": bad})
        assert r.status_code == 200 and "Messaging Service SID is MG" in r.content.decode(), bad
    r = admin_client.post("/manage/alerts/", {**REST, "updates_days": 7, "updates_delay_minutes": 30,
                                              "messaging_service_sid": SID + "0"})
    assert r.status_code == 200 and 'class="errorlist' in r.content.decode()
    assert not AlertSettings.objects.exists()
