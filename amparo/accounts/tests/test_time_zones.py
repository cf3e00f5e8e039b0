"""Every page shows the organization's time, with its zone where it could be read
in another (issue 15, item 5): the responder's pages and the audit trail, not only
the console. The server's zone stays UTC between requests."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from amparo.audit.log import audit
from amparo.audit.models import AuditEntry
from amparo.verification import actions, evidence, notify
from amparo.verification.models import Offer, Responder
from amparo.verification.tests.conftest import make_incident, make_responder

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # 10:00 PST in Los Angeles, 13:00 EST in New York


def _local(at: datetime, zone: str) -> str:
    return at.astimezone(ZoneInfo(zone)).strftime("%H:%M")


@pytest.fixture
def rosa_offer(north, responder):
    rosa = make_responder(north, "+12135550301", name="Rosa Observer")
    Responder.objects.filter(pk=rosa.pk).update(user=responder)
    actions.offer_incident(make_incident(north), by="test", responders=[rosa], now=timezone.now())
    return Offer.objects.get(responder=rosa)


@pytest.mark.parametrize(("zone", "abbreviation"), [("America/Los_Angeles", "P"), ("America/New_York", "E")])
def test_the_responders_list_shows_the_networks_time(client, north, responder, rosa_offer, zone, abbreviation):
    north.time_zone = zone
    north.save(update_fields=["time_zone"])
    client.force_login(responder)
    body = client.get(reverse("verification:my_offers")).content.decode()
    expires = rosa_offer.expires_at
    zone_name = timezone.localtime(expires, ZoneInfo(zone)).tzname()
    assert zone_name and zone_name.startswith(abbreviation)
    assert f"{_local(expires, zone)} {zone_name}" in body
    assert timezone.get_current_timezone_name() == "UTC"  # nothing leaks into the next request


def test_the_scene_page_behind_a_signed_link_shows_the_networks_time(client, north, rosa_offer):
    actions.accept_offer(rosa_offer, via="page")
    filed = evidence.add_observation(rosa_offer, "Two vans.", now=T0)
    body = client.get(reverse("verification:scene", args=[notify.offer_token(rosa_offer)])).content.decode()
    assert filed.created_at == T0
    assert "10:00 PST" in body and "18:00" not in body


def test_the_audit_trail_shows_the_networks_time(client, north, admin_user):
    audit(north.pk, action="read", object_type="report", object_ids=[1], actor=admin_user)
    AuditEntry.objects.filter(organization=north).update(at=T0)
    client.force_login(admin_user)
    body = client.get(reverse("audit:trail")).content.decode()
    assert "10:00" in body and "PST" in body and "6:00 p.m." not in body and "18:00" not in body
    assert "Read" in body and ">read<" not in body  # the action as a phrase, not its code


def test_the_audit_trails_days_are_the_networks_days(client, north, admin_user):
    """An entry at 23:30 in Los Angeles is on that day there, though it is the next day in UTC."""
    audit(north.pk, action="read", object_type="report", object_ids=[7], actor=admin_user)
    late = datetime(2026, 3, 3, 7, 30, tzinfo=UTC)  # 23:30 PST on March 2
    AuditEntry.objects.filter(organization=north).update(at=late)
    client.force_login(admin_user)
    same_day = client.get(reverse("audit:trail"), {"from": "2026-03-02", "to": "2026-03-02"}).content.decode()
    assert "report 7" in same_day


def test_the_console_timeline_names_the_zone(client, north, dispatcher):
    incident = make_incident(north, at=T0)
    client.force_login(dispatcher)
    body = client.get(reverse("console:incident", args=[incident.pk])).content.decode()
    assert "10:00" in body and " PST<" in body


def test_a_member_of_two_networks_sees_the_zone_of_the_one_they_work_in(north, south, dispatcher):
    from django.test import RequestFactory

    from amparo.accounts.access import CONSOLE_SESSION_KEY, member_zone

    south.time_zone = "America/New_York"
    south.save(update_fields=["time_zone"])
    south.memberships.create(user=dispatcher, role="dispatcher")
    request = RequestFactory().get("/home/account/")
    request.user, request.session = dispatcher, {}
    assert member_zone(request) == ZoneInfo("America/Los_Angeles")  # the oldest membership
    request.session[CONSOLE_SESSION_KEY] = south.pk
    assert member_zone(request) == ZoneInfo("America/New_York")  # the one chosen in the console
