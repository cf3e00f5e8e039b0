"""/manage/subscribers/: counts by status, language and area; never a number, never a list, audited."""

from __future__ import annotations

import pytest
from django.utils import timezone

from amparo.alerts.models import Subscriber, SubscriberStatus
from amparo.alerts.subscriptions import confirm, phone_hash, request_subscription
from amparo.alerts.tests.conftest import with_alerts
from amparo.audit.models import AuditEntry

URL = "/manage/subscribers/"
PHONES = [f"+1213555{n:04d}" for n in range(7)]


def subscribe(org, phone: str, zip_code: str, language: str, *, yes: bool = True) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    request_subscription(org, phone=phone, zip_code=zip_code, language=language, channel="web", now=now)
    if yes:
        confirm(org, phone_hash(org, phone), channel="sms-alerts", now=now)


@pytest.fixture
def net(north):  # type: ignore[no-untyped-def]
    return with_alerts(north)


@pytest.fixture
def subscribers(net):  # type: ignore[no-untyped-def]
    for phone in PHONES[:5]:
        subscribe(net, phone, "90033", "es")
    subscribe(net, PHONES[5], "90023", "en")
    subscribe(net, PHONES[6], "90023", "en", yes=False)
    return net


# Session, user, memberships and page chrome, three counts and the audit entry: the same for any number.
QUERIES = 11


def test_it_shows_counts_and_never_a_number(admin_client, subscribers, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        page = admin_client.get(URL).content.decode()
    assert "7 subscriptions in all." in page
    assert "<td>Subscribed</td><td>6</td>" in page and "<td>Waiting for YES</td><td>1</td>" in page
    assert "<td>español</td><td>5</td>" in page and "<td>English</td><td>1</td>" in page
    assert "<td>90033</td><td>5</td>" in page
    assert "<td>90023</td><td>fewer than 5</td>" in page  # one subscriber in a ZIP says who asked
    for phone in PHONES:
        assert phone not in page and phone[-4:] not in page


def test_the_query_count_does_not_grow_with_subscribers(admin_client, subscribers, django_assert_num_queries):
    for i in range(10):
        subscribe(subscribers, f"+1323555{900 + i:04d}", ["90033", "90023", "90063"][i % 3], "en")
    with django_assert_num_queries(QUERIES):
        admin_client.get(URL)


def test_every_view_is_audited(admin_client, admin_user, subscribers):
    admin_client.get(URL)
    admin_client.get(URL)
    entries = AuditEntry.objects.filter(organization=subscribers, object_type="subscriber_counts")
    assert entries.count() == 2 and {e.actor_id for e in entries} == {admin_user.pk}
    assert {e.action for e in entries} == {"read"}


def test_another_networks_admin_sees_only_their_own(south_client, subscribers):
    page = south_client.get(URL).content.decode()
    assert "0 subscriptions in all." in page and "90033" not in page
    assert not AuditEntry.objects.filter(organization=subscribers, object_type="subscriber_counts").exists()


def test_a_dispatcher_gets_no_counts(client, dispatcher, subscribers):
    client.force_login(dispatcher)
    assert client.get(URL).status_code in (302, 403)


def test_the_alerts_page_links_the_sign_up_page_and_its_qr(admin_client, net):
    page = admin_client.get("/manage/alerts/").content.decode()
    assert 'href="/alerts/north/"' in page and 'href="/alerts/north/qr.svg"' in page
    assert Subscriber.objects.filter(status=SubscriberStatus.ACTIVE).count() == 0
