"""The attorney of the provider that accepted a case records what happens (located, bond, hearings) from their
case page, through the same actions as the coordinator; before accepting they cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from amparo.legal.models import CaseEvent, CaseEventKind, Facility
from amparo.legal.referrals import accept_referral, send_referral
from amparo.legal.tests.referral_helpers import (
    make_attorney,
    make_case,
    make_provider,
    run_on_commit,
)

pytestmark = pytest.mark.usefixtures("run_on_commit")
__all__ = ["run_on_commit"]


@pytest.fixture
def setup(north, legal):  # type: ignore[no-untyped-def]
    Facility.objects.create(organization=north, name="Adelanto ICE Processing Center", county="San Bernardino")
    provider = make_provider(north, "Esperanza Legal")
    case = make_case(north)
    attorney = make_attorney(north, provider, "atty@esperanza.test")
    referral = send_referral(case, provider, by=legal)
    return case, attorney, referral


def _post(client, case, event: str, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    case.refresh_from_db()
    data = {"event": event, f"{event}-version": str(case.version), **{f"{event}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("legal:provider_record", args=[case.pk]), data)


def test_the_accepting_attorney_records_events(client, setup):
    case, attorney, referral = setup
    client.force_login(attorney)
    assert _post(client, case, "note", {"text": "too early"}).status_code == 404  # not accepted yet
    accept_referral(referral, by=attorney)
    page = client.get(reverse("legal:provider_case", args=[case.pk])).content.decode()
    assert 'id="form-located"' in page and 'id="form-hearing"' in page
    r = _post(client, case, "located", {"facility": "Adelanto ICE Processing Center",
                                        "on": timezone.localdate().isoformat()})
    assert r.status_code == 302 and r.url.startswith(reverse("legal:provider_case", args=[case.pk]))
    r = _post(client, case, "bond_set", {"amount": "$1,500"})
    assert r.status_code == 302
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert CaseEventKind.LOCATED in kinds and CaseEventKind.BOND_SET in kinds
    located = CaseEvent.objects.get(case=case, kind=CaseEventKind.LOCATED)
    assert located.actor == attorney


def test_a_refused_entry_comes_back_on_the_attorneys_page_with_what_was_typed(client, setup):
    case, attorney, referral = setup
    accept_referral(referral, by=attorney)
    client.force_login(attorney)
    r = _post(client, case, "located", {"facility": "Nowhere Center"})
    assert r.status_code == 400
    page = r.content.decode()
    assert "is not in the facility list" in page and 'value="Nowhere Center"' in page
    assert f'action="/legal/cases/{case.pk}/provider/record"' in page


def test_another_providers_attorney_cannot_record(client, north, setup):
    case, attorney, referral = setup
    accept_referral(referral, by=attorney)
    other = make_attorney(north, make_provider(north, "Other Legal"), "other@legal.test")
    client.force_login(other)
    assert _post(client, case, "note", {"text": "x"}).status_code == 404
    assert not CaseEvent.objects.filter(case=case, kind=CaseEventKind.NOTE).exists()
