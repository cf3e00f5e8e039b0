"""Two admins accept the same sign-up at the same moment: one invites, the other is told.
Runs in the PostgreSQL pass (make test-postgres), one connection per thread."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from amparo.accounts.models import Invitation
from amparo.orgs.models import Role
from amparo.volunteers import vetting
from amparo.volunteers.models import Applicant, ApplicantStatus
from amparo.volunteers.tests.helpers import applicant
from conftest import make_member

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_two_admins_accepting_at_once_invite_once(north):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test-postgres)")
    admins = [make_member(north, f"a{i}@north.test", Role.ADMIN) for i in range(2)]
    a = applicant(north)
    vetting.vouch(a, by=admins[0])
    vetting.vouch(a, by=admins[1])
    barrier = threading.Barrier(2)
    results: list[str] = []

    def run(admin) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            vetting.accept_applicant(Applicant.objects.get(pk=a.pk), by=admin)
            results.append("invited")
        except ValidationError:
            results.append("told")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(admin,)) for admin in admins]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["invited", "told"]
    assert Invitation.objects.filter(organization=north, email="ana@example.org").count() == 1
    assert Applicant.objects.get(pk=a.pk).status == ApplicantStatus.ACCEPTED
