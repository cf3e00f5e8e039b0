"""Referrals: the coordinator refers, the provider is told without personal data, accepts or declines
by link or SMS, and the sweep alerts the coordinator when nobody answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.legal.models import CaseEvent, CaseEventKind, Provider, Referral, ReferralStatus
from amparo.legal.referral_sweep import sweep_referrals
from amparo.legal.referrals import (
    ProviderFull,
    ReferralError,
    accept_referral,
    decline_referral,
    send_referral,
)
from amparo.legal.tests.referral_helpers import (
    make_attorney,
    make_case,
    make_provider,
    run_on_commit,
)
from amparo.messaging.models import OutboundMessage

pytestmark = pytest.mark.usefixtures("run_on_commit")
__all__ = ["run_on_commit"]

PROVIDER_PHONE = "+12135550777"


@pytest.fixture
def case(north):  # type: ignore[no-untyped-def]
    return make_case(north)


@pytest.fixture
def provider(north):  # type: ignore[no-untyped-def]
    return make_provider(north, "Esperanza Legal", phone=PROVIDER_PHONE, email="intake@esperanza.test", capacity=2)


def test_referring_takes_a_place_and_tells_the_provider_without_personal_data(north, case, provider, legal):
    referral = send_referral(case, provider, by=legal, reason="Serves Los Angeles")
    provider.refresh_from_db()
    assert provider.open_cases == 1 and referral.status == ReferralStatus.PENDING
    assert referral.answer_due_at is not None and referral.answer_due_at > timezone.now() + timedelta(minutes=100)
    (sms,) = OutboundMessage.objects.filter(organization=north)
    assert f"C{case.number}" in sms.body and "TAKE C" in sms.body and "/legal/referrals/" in sms.body
    for personal in ("Ana", "Canary", "Pérez", "Los Angeles"):
        assert personal not in sms.body
    (email,) = mail.outbox
    assert email.to == ["intake@esperanza.test"] and "Canary" not in email.body and "Canary" not in email.subject
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.REFERRED).count() == 1


def test_a_full_provider_is_refused_and_nothing_is_sent(north, case, legal):
    full = make_provider(north, "Full Legal", capacity=1, open_cases=1, phone=PROVIDER_PHONE)
    with pytest.raises(ProviderFull):
        send_referral(case, full, by=legal)
    assert not Referral.objects.exists() and not OutboundMessage.objects.exists()
    assert Provider.objects.get(pk=full.pk).open_cases == 1


def test_one_referral_waits_at_a_time(north, case, provider, legal):
    send_referral(case, provider, by=legal)
    other = make_provider(north, "Other Legal")
    with pytest.raises(ReferralError, match="waiting for Esperanza Legal"):
        send_referral(case, other, by=legal)


def test_accepting_gives_the_case_and_keeps_the_place(case, provider, legal, north):
    attorney = make_attorney(north, provider, "atty@esperanza.test")
    referral = send_referral(case, provider, by=legal)
    mail.outbox.clear()
    accept_referral(referral, by=attorney)
    case.refresh_from_db()
    provider.refresh_from_db()
    assert case.provider_id == provider.pk and provider.open_cases == 1
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED
    assert mail.outbox[0].to == ["legal@north.test"]  # the coordinator who sent it is told
    with pytest.raises(ReferralError):
        decline_referral(referral, by=attorney)


def test_declining_gives_the_place_back(case, provider, legal):
    referral = send_referral(case, provider, by=legal)
    decline_referral(referral, by=None, via="sms")
    provider.refresh_from_db()
    assert provider.open_cases == 0 and Referral.objects.get().status == ReferralStatus.DECLINED


def test_the_sweep_alerts_the_coordinator_once_with_the_next_provider(north, case, provider, legal):
    make_provider(north, "Next Legal", capacity=3)
    referral = send_referral(case, provider, by=legal)
    mail.outbox.clear()
    late = referral.answer_due_at + timedelta(minutes=1)
    assert sweep_referrals(now=referral.answer_due_at - timedelta(minutes=1)) == {"unanswered": 0}
    assert sweep_referrals(now=late) == {"unanswered": 1}
    assert sweep_referrals(now=late) == {"unanswered": 0}
    (alert,) = mail.outbox
    assert alert.to == ["legal@north.test"] and "Next Legal" in alert.body and "Canary" not in alert.body
    # Nothing went to the next provider: only the first one was ever texted.
    assert OutboundMessage.objects.count() == 1
    # The coordinator may now refer to the next one: the unanswered referral closes as expired.
    nxt = Provider.objects.get(name="Next Legal")
    send_referral(case, nxt, by=legal)
    assert Referral.objects.get(provider=provider).status == ReferralStatus.EXPIRED
    assert Provider.objects.get(pk=provider.pk).open_cases == 0


def test_the_attorney_sees_the_conflict_check_audited_then_the_whole_case(client, north, case, provider, legal):
    attorney = make_attorney(north, provider, "atty@esperanza.test")
    referral = send_referral(case, provider, by=legal)
    client.force_login(attorney)
    home = client.get(reverse("legal:attorney_home"))
    assert home.status_code == 200 and f"C{case.number}".encode() in home.content
    assert b"Canary" not in home.content  # the list shows references: names are read one by one, audited
    assert client.get(reverse("legal:provider_case", args=[case.pk])).status_code == 404
    page = client.get(reverse("legal:referral", args=[referral.pk]))
    assert page.status_code == 200 and b"Ana Canary P" in page.content and b"Los Angeles" in page.content
    assert AuditEntry.objects.filter(object_type="legal_person", object_id=str(case.person_id), action="read",
                                     actor=attorney).count() == 1
    r = client.post(reverse("legal:referral_accept", args=[referral.pk]))
    assert r.status_code == 302 and r.url == reverse("legal:provider_case", args=[case.pk])
    whole = client.get(r.url)
    assert whole.status_code == 200 and b"Ana Canary P" in whole.content


def test_another_providers_attorney_sees_nothing(client, north, case, provider, legal):
    other = make_provider(north, "Other Legal")
    stranger = make_attorney(north, other, "atty@other.test")
    referral = send_referral(case, provider, by=legal)
    client.force_login(stranger)
    assert client.get(reverse("legal:referral", args=[referral.pk])).status_code == 404
    assert client.post(reverse("legal:referral_accept", args=[referral.pk])).status_code == 404
    assert Referral.objects.get().status == ReferralStatus.PENDING


def test_the_coordinator_sees_ranked_proposals_with_reasons_and_refers(client, north, case, provider, legal,
                                                                      django_assert_max_num_queries):
    make_provider(north, "Orange Legal", counties=["Orange"])
    client.force_login(legal)
    url = reverse("legal:case_referral", args=[case.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index("Esperanza Legal") < body.index("Orange Legal")
    assert "Serves Los Angeles" in body and "Does not list Los Angeles" in body
    r = client.post(url, {"provider": provider.pk})
    assert r.status_code == 302 and Referral.objects.get().provider_id == provider.pk
    assert "Waiting for Esperanza Legal" in client.get(url).content.decode()


def test_dispatchers_and_outsiders_cannot_refer(client, north, south, case, provider, dispatcher):
    from conftest import make_member

    url = reverse("legal:case_referral", args=[case.pk])
    client.force_login(dispatcher)
    assert client.get(url).status_code == 403
    client.force_login(make_member(south, "legal@south.test", "legal"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"provider": provider.pk}).status_code == 404
    assert not Referral.objects.exists()


def test_list_pages_keep_their_query_counts(client, north, legal, django_assert_max_num_queries):
    from amparo.legal.tests.referral_helpers import make_attorney

    providers = [make_provider(north, f"Provider {i}", capacity=20) for i in range(3)]
    for i in range(12):
        referral = send_referral(make_case(north, name=f"Person {i}"), providers[i % 3], by=legal)
        if i % 2:
            Referral.objects.filter(pk=referral.pk).update(escalated_at=timezone.now())
    client.force_login(legal)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("legal:referral_queue"))
    assert page.status_code == 200 and page.content.decode().count("Next provider") == 6
    client.force_login(make_attorney(north, providers[0], "atty@p0.test"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("legal:attorney_home")).status_code == 200


def test_the_admin_provider_list_keeps_its_query_count(client, north, admin_user, django_assert_max_num_queries):
    for i in range(15):
        make_provider(north, f"Provider {i}")
    client.force_login(admin_user)
    with django_assert_max_num_queries(16):  # constant: the settings row, the session, the audit entry
        assert client.get(reverse("manage:providers")).status_code == 200


def test_only_legal_roles_share_with_the_family(client, north, case, provider, legal, dispatcher):
    from amparo.legal.tests.referral_helpers import make_attorney, make_contact

    make_contact(case, "+12135550611")
    event = CaseEvent.objects.create(organization=north, case=case, kind=CaseEventKind.BOND_REQUESTED)
    attorney = make_attorney(north, provider, "atty@esperanza.test")
    url = reverse("legal:event_share", args=[event.pk])
    client.force_login(dispatcher)
    assert client.post(url).status_code == 403
    client.force_login(attorney)
    assert client.post(url).status_code == 404  # not their provider's case yet
    accept_referral(send_referral(case, provider, by=legal), by=attorney)
    assert client.post(url).status_code == 302
    event.refresh_from_db()
    family = [m for m in OutboundMessage.objects.all() if m.to_number == "+12135550611"]
    assert event.shared_at is not None and len(family) == 1


def test_an_attorney_of_a_deactivated_provider_sees_nothing(client, north, case, provider, legal):
    from amparo.legal.tests.referral_helpers import make_attorney

    attorney = make_attorney(north, provider, "atty@esperanza.test")
    referral = send_referral(case, provider, by=legal)
    Provider.objects.filter(pk=provider.pk).update(is_active=False)
    client.force_login(attorney)
    assert client.get(reverse("legal:attorney_home")).status_code == 403
    assert client.get(reverse("legal:referral", args=[referral.pk])).status_code == 403


def test_closing_an_accepted_case_gives_the_provider_its_place_back(north, dispatcher):
    from amparo.legal.actions import change_status
    from amparo.legal.models import Provider

    provider = make_provider(north, "Place Back Legal")
    case = make_case(north)
    Provider.objects.filter(pk=provider.pk).update(open_cases=1)
    type(case).objects.filter(pk=case.pk).update(provider=provider)
    case.refresh_from_db()
    change_status(case, status="closed", reason="Represented to the end", by=dispatcher, version=None)
    provider.refresh_from_db()
    assert provider.open_cases == 0


@pytest.mark.parametrize("status", ["closed", "released"])
def test_a_case_that_is_not_open_offers_no_referral_and_refuses_one(client, north, legal, status):
    from amparo.legal.actions import change_status, schedule_hearing

    provider = make_provider(north, "Too Late Legal")
    case = make_case(north)
    schedule_hearing(case, starts_at=timezone.now() + timedelta(days=3), court="Adelanto", by=legal, version=None)
    client.force_login(legal)
    page = client.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert 'id="refer-link"' in page and 'id="next-hearing"' in page and "Adelanto" in page
    case.refresh_from_db()
    change_status(case, status=status, reason="Released on bond", by=legal, version=None)

    page = client.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert 'id="refer-link"' not in page  # send_referral refuses any case that is not open
    # A closed case has no next hearing; a released one may still have one.
    assert ('id="next-hearing"' in page) is (status != "closed")
    url = reverse("legal:case_referral", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'id="not-referable"' in page and f'id="proposal-{provider.pk}"' not in page
    r = client.post(url, {"provider": provider.pk}, follow=True)
    assert r.status_code == 200 and "no longer open" in r.content.decode()
    assert not Referral.objects.filter(case=case).exists()
