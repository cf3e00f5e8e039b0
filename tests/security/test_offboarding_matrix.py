"""Offboarding removes every access in one action (issue 14, item 2), proved as the
authorization matrix proves access: every URL, for the member being offboarded,
before and after, in each role.

Before: the member gets what the matrix's RULES give their role. After one call of
``offboard_member``: the same browser session is sent to log in everywhere a role is
needed, their API token answers 401, their SMS offer link is refused, they are off
duty and off the roster, their open offer went to the next responder with the
dispatcher's timeline saying so, and the shifts' seam was told.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from amparo.api.actions import issue_api_token
from amparo.audit.models import AuditEntry
from amparo.incidents.models import IncidentEvent
from amparo.orgs.models import Membership
from amparo.verification import actions as verification
from amparo.verification import notify
from amparo.verification.models import Offer, OfferStatus, Responder
from amparo.verification.sweep import sweep
from amparo.verification.tests.conftest import make_incident, make_responder
from amparo.voice.actions import set_duty
from amparo.voice.duty import is_on_duty
from amparo.voice.models import DutyStatus
from amparo.volunteers.offboarding import offboard_member
from amparo.volunteers.signals import volunteer_offboarded
from conftest import make_member
from tests.security.test_authorization_matrix import (
    POST_ORG,
    PUBLIC,
    ROLES,
    STAFF,
    build_objects,
    request,
    rule_for,
    sent_to_login,
    tie_attorney,
    url_kwargs,
    verdict,
    walk,
)


def _walk_all(client: Client, org: Any, objs: dict[str, Any], role: str | None, api: dict[str, str]
              ) -> dict[str, tuple[Any, Any]]:
    from django.core.cache import cache

    answers = {}
    for key, route, params in walk(get_resolver()):
        if key.startswith(("route:", "admin:")):
            continue
        cache.clear()
        path = reverse(key, kwargs=url_kwargs(key, params, org, objs))
        data = {"org": org.pk} if key in POST_ORG else {}
        response = request(client, path, api if key.startswith("api-v1:") else {}, data)
        answers[key] = (rule_for(key), response)
    return answers


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_offboarding_removes_every_access_in_one_action(north, admin_user, dispatcher, role):
    objs = build_objects(north, "north")
    leaving = make_member(north, f"leaving-{role}@north.test", role)
    membership = Membership.objects.get(user=leaving, organization=north)
    if role == "attorney":
        tie_attorney(north, leaving, objs)  # an attorney works for one provider (as in the matrix)
    _token, raw = issue_api_token(org=north, user=leaving, name="phone")
    api = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    set_duty(north, leaving, on_duty=True, phone="+12135550460", schedule=[{"day": 0, "start": "00:00",
                                                                              "end": "23:59"}])
    # On the roster, with an offer waiting for their answer; someone else could go next.
    mine = make_responder(north, "+12135550461", name="Leaving Responder")
    Responder.objects.filter(pk=mine.pk).update(user=leaving)
    nxt = make_responder(north, "+12135550462", name="Next Responder")
    now = timezone.now()
    # The matrix's objects include a training, so the network has certification kinds: only a certified
    # responder is dispatchable (docs/verification.md, "Dispatchability").
    from amparo.volunteers.certifications import ensure_default_kinds, grant_certification

    observer = next(k for k in ensure_default_kinds(north) if k.field)
    for r in (mine, nxt):
        grant_certification(north, observer, responder=r, by=None, now=now - timedelta(days=1))
    incident = make_incident(north, at=now)
    verification.offer_incident(incident, by=dispatcher, responders=[Responder.objects.get(pk=mine.pk)], now=now)
    offer = Offer.objects.get(responder=mine)
    link = reverse("verification:offer_page", args=[notify.offer_token(offer)])

    client = Client()
    client.force_login(leaving)
    before = _walk_all(client, north, objs, role, api)
    problems = [f"{key}: {p}" for key, (rule, r) in before.items() if (p := verdict(rule, role, False, r))]
    assert not problems, "before offboarding:\n" + "\n".join(problems)
    assert client.get(link).status_code == 200

    told: list[dict[str, Any]] = []

    def shifts(sender: Any, **kwargs: Any) -> None:
        told.append(kwargs)

    volunteer_offboarded.connect(shifts, dispatch_uid="test-shifts")
    try:
        offboard_member(membership, by=admin_user, reason="left the network")
    finally:
        volunteer_offboarded.disconnect(dispatch_uid="test-shifts")

    after = _walk_all(client, north, objs, role, api)
    problems = []
    for key, (rule, r) in after.items():
        if rule in (PUBLIC, STAFF):
            continue
        if not sent_to_login(r):
            problems.append(f"{key}: answered {r.status_code} after offboarding")
    assert not problems, "after offboarding, the same session still reaches:\n" + "\n".join(problems)
    assert Client().get("/api/v1/incidents", **api).status_code == 401
    assert client.get(link).status_code in (403, 404)

    assert not Membership.objects.get(pk=membership.pk).is_active
    assert not is_on_duty(DutyStatus.objects.get(organization=north, user=leaving), north)
    assert not Responder.objects.get(pk=mine.pk).is_active
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.CANCELLED
    assert IncidentEvent.objects.filter(incident=incident, kind="responder_removed").exists()
    sweep(timezone.now())  # the next ring was due at once, not at the first ring's deadline
    assert Offer.objects.filter(responder=nxt, incident=incident, status=OfferStatus.OFFERED).exists()
    assert told and told[0]["user"] == leaving and told[0]["organization"] == north
    assert AuditEntry.objects.filter(object_type="offboarding", object_id=str(leaving.pk), actor=admin_user,
                                     reason="left the network").exists()
