"""Dispatchable = valid field certification AND field_eligible, checked at the pick.

verification asks through its registry (``verification.eligibility``), which
volunteers fills; an expired certification stops dispatch at the next pick."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from amparo.accounts.actions import change_role
from amparo.orgs.models import Membership
from amparo.verification import actions
from amparo.verification.eligibility import NotDispatchable
from amparo.verification.models import Offer
from amparo.verification.ranking import load_candidates
from amparo.verification.tests.conftest import T0, make_incident, make_responder
from amparo.volunteers.certifications import (
    ensure_default_kinds,
    grant_certification,
    revoke_certification,
)
from amparo.volunteers.models import Certification
from amparo.volunteers.tests.training_helpers import kind

pytestmark = pytest.mark.django_db


def suggested(incident, now=T0):  # type: ignore[no-untyped-def]
    return [s.responder_id for s in actions.suggest_responders(incident, now=now)]


def test_an_organization_without_field_kinds_dispatches_on_field_eligible_alone(north):
    r = make_responder(north, "+12135550301")
    assert suggested(make_incident(north)) == [r.pk]


def test_opening_certifications_keeps_todays_dispatchable_responders(north):
    cleared = make_responder(north, "+12135550301")
    not_cleared = make_responder(north, "+12135550302", field_eligible=False)
    ensure_default_kinds(north, now=T0)
    certs = Certification.objects.filter(organization=north)
    assert [c.responder_id for c in certs] == [cleared.pk]
    assert certs[0].expires_at == T0.replace(year=T0.year + 1)
    assert not_cleared.pk not in suggested(make_incident(north))
    assert suggested(make_incident(north, at=T0)) == [cleared.pk]


def test_the_data_migration_grants_the_same(north, south):
    cleared = make_responder(north, "+12135550301")
    make_responder(south, "+13105550301", field_eligible=False)
    migration = importlib.import_module("amparo.volunteers.migrations.0002_keep_dispatchable_responders")
    migration.keep_dispatchable(apps, None)
    assert list(Certification.objects.values_list("responder_id", "kind__code")) == [(cleared.pk, "observer")]
    assert sorted(kind.code for kind in north_kinds(north)) == ["dispatcher", "kyr_facilitator", "observer"]
    migration.keep_dispatchable(apps, None)  # twice is once
    assert Certification.objects.count() == 1


def north_kinds(org):  # type: ignore[no-untyped-def]
    from amparo.volunteers.models import CertificationKind

    return CertificationKind.objects.filter(organization=org)


def test_an_uncertified_cleared_responder_is_not_suggested(north):
    ensure_default_kinds(north, now=T0)
    newcomer = make_responder(north, "+12135550303")  # cleared after certifications began
    assert suggested(make_incident(north)) == []
    grant_certification(north, kind(north), responder=newcomer, now=T0 - timedelta(days=1))
    assert suggested(make_incident(north)) == [newcomer.pk]


def test_an_expired_certification_stops_dispatch_at_the_next_pick(north):
    ensure_default_kinds(north)
    r = make_responder(north, "+12135550304")
    cert = grant_certification(north, kind(north), responder=r, now=T0 - timedelta(days=365))
    incident = make_incident(north)
    assert suggested(incident, now=cert.expires_at - timedelta(minutes=1)) == [r.pk]
    assert suggested(incident, now=cert.expires_at) == []


def test_a_certification_held_as_a_member_counts_for_their_roster_profile(north, responder):
    ensure_default_kinds(north)
    r = actions.save_responder(north, name="M", phone="+12135550305", languages=["en"], training=[], zones=[],
                               field_eligible=True, on_call=True, schedule=[], user=responder)
    assert suggested(make_incident(north)) == []
    grant_certification(north, kind(north), user=responder, now=T0 - timedelta(days=1))
    assert suggested(make_incident(north)) == [r.pk]


def test_certification_without_clearance_is_not_enough(north):
    """Decision 22 stands: a certified person the network keeps off the field stays off."""
    ensure_default_kinds(north)
    r = make_responder(north, "+12135550306", field_eligible=False)
    grant_certification(north, kind(north), responder=r, now=T0 - timedelta(days=1))
    assert suggested(make_incident(north)) == []


def test_picking_an_uncertified_person_by_hand_is_refused_with_the_reason(north, dispatcher):
    ensure_default_kinds(north)
    r = make_responder(north, "+12135550307")
    cert = grant_certification(north, kind(north), responder=r, now=T0 - timedelta(days=400))
    with pytest.raises(NotDispatchable) as refused:
        actions.offer_incident(make_incident(north), by=dispatcher, responders=[r])
    assert "expired on" in refused.value.reason
    revoke_certification(cert, by=None)
    r2 = make_responder(north, "+12135550308")
    with pytest.raises(NotDispatchable) as refused:
        actions.offer_incident(make_incident(north), by=dispatcher, responders=[r2])
    assert "No valid field certification (Observer training)" in refused.value.reason
    assert not Offer.objects.exists()


def test_picking_by_hand_on_the_console_shows_the_reason(client, north, dispatcher):
    ensure_default_kinds(north)
    r = make_responder(north, "+12135550309")
    incident = make_incident(north)
    client.force_login(dispatcher)
    response = client.post(f"/verification/incidents/{incident.pk}/offer", {"responders": [str(r.pk)]}, follow=True)
    assert "No valid field certification" in response.content.decode()
    r_uncleared = make_responder(north, "+12135550310", field_eligible=False)
    response = client.post(f"/verification/incidents/{incident.pk}/offer", {"responders": [str(r_uncleared.pk)]},
                           follow=True)
    assert "Not cleared for field work" in response.content.decode()


def test_picking_a_certified_person_by_hand_sends_the_offer(north, dispatcher):
    ensure_default_kinds(north)
    r = make_responder(north, "+12135550311")
    grant_certification(north, kind(north), responder=r)
    actions.offer_incident(make_incident(north), by=dispatcher, responders=[r])
    assert Offer.objects.filter(responder=r, by_hand=True).exists()


def test_ring_selection_makes_the_same_queries_for_3_or_30_responders(north, django_assert_num_queries):
    ensure_default_kinds(north)
    for i in range(3):
        grant_certification(north, kind(north), responder=make_responder(north, f"+1213555040{i}"), now=T0)
    with django_assert_num_queries(6):  # busy, roster, zones, then the check: kinds, people, certifications
        load_candidates(north, T0)
    for i in range(27):
        grant_certification(north, kind(north), responder=make_responder(north, f"+121355505{i:02d}"), now=T0)
    with django_assert_num_queries(6):
        found = load_candidates(north, T0)
    assert len(found) == 30 and all(c.certified for c in found)


def test_moving_to_dispatcher_needs_dispatcher_training(north, admin_user, responder):
    ensure_default_kinds(north)
    membership = Membership.objects.get(user=responder, organization=north)
    with pytest.raises(ValidationError) as refused:
        change_role(membership, role="dispatcher", actor=admin_user)
    assert "Dispatcher training" in " ".join(refused.value.messages)
    membership.refresh_from_db()
    assert membership.role == "responder"
    change_role(membership, role="legal", actor=admin_user)  # no certification listed for legal
    grant_certification(north, kind(north, "dispatcher"), user=responder)
    change_role(membership, role="dispatcher", actor=admin_user)
    membership.refresh_from_db()
    assert membership.role == "dispatcher"


def test_the_members_page_shows_the_refusal(client, north, admin_user, responder):
    ensure_default_kinds(north)
    membership = Membership.objects.get(user=responder, organization=north)
    client.force_login(admin_user)
    response = client.post(f"/manage/members/{membership.pk}/role/", {"role": "dispatcher"}, follow=True)
    assert "needs a valid certification first: Dispatcher training" in response.content.decode()
