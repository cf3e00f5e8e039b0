"""Two coordinators refer two cases to the last free place of one provider at the same instant:
exactly one referral goes out, the other coordinator is told the provider is full.

A race needs real concurrent connections and committed rows: it runs on PostgreSQL
(``make test-postgres``), each thread on its own connection, with transaction=True."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from amparo.legal.models import Case, Provider, Referral
from amparo.legal.referrals import ProviderFull, send_referral
from amparo.legal.tests.referral_helpers import make_case, make_provider
from conftest import make_member

pytestmark = pytest.mark.slow


def _race(case_ids: list[int], provider_id: int, user_ids: list[int]) -> list[str]:
    from amparo.accounts.models import User

    barrier = threading.Barrier(len(case_ids))
    results: list[str] = []
    errors: list[BaseException] = []

    def run(case_id: int, user_id: int) -> None:
        try:
            case = Case.objects.get(pk=case_id)
            provider = Provider.objects.get(pk=provider_id)
            user = User.objects.get(pk=user_id)
            barrier.wait()
            try:
                send_referral(case, provider, by=user)
                results.append("referred")
            except ProviderFull:
                results.append("full")
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c, u)) for c, u in zip(case_ids, user_ids, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_race_for_the_last_place_and_one_is_told(north) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test-postgres)")
    coordinators = [make_member(north, f"legal{i}@north.test", "legal") for i in range(2)]
    for _round in range(3):
        Referral.objects.all().delete()
        provider = make_provider(north, f"Last Place Legal {_round}", capacity=3, open_cases=2)
        cases = [make_case(north, name=f"Person {_round}-{i}") for i in range(2)]
        results = _race([c.pk for c in cases], provider.pk, [u.pk for u in coordinators])
        assert results == ["full", "referred"]
        provider.refresh_from_db()
        assert provider.open_cases == 3 and Referral.objects.filter(provider=provider).count() == 1
