from datetime import timedelta

from django.utils import timezone

from amparo.incidents.models import Status
from amparo.legal.actions import change_status, purge_closed_cases
from amparo.legal.models import Case, ClosedCaseCount, Person
from amparo.retention.actions import purge_org
from amparo.retention.registry import purgers


def test_legal_registers_its_purger():
    assert "legal" in purgers()


def test_an_open_case_holds_its_incident_against_the_purge(case, incident, north):
    from amparo.incidents.models import Incident

    Incident.objects.filter(pk=incident.pk).update(status=Status.CLOSED, closed_at=timezone.now() - timedelta(days=400))
    plan = purge_org(north)
    assert incident.pk in plan.held and Person.objects.exists()


def test_a_closed_case_is_purged_to_counts_after_its_days(case, legal, north, person):
    person.county = "Los Angeles"
    person.save(update_fields=["county"])
    change_status(case, status="released", by=legal, version=None)
    change_status(case, status="closed", reason="done", by=legal, version=None)
    assert purge_closed_cases(north) == 0
    later = timezone.now() + timedelta(days=366)
    assert purge_closed_cases(north, now=later) == 1
    assert not Case.objects.exists()
    count = ClosedCaseCount.objects.get()
    assert (count.outcome, count.county, count.case_type) == ("released", "Los Angeles", "detention_bond")
    # The person still belongs to an incident that retention has not purged: they stay until it is.
    assert Person.objects.filter(pk=person.pk).exists()


def test_people_without_a_case_follow_their_incident(person, incident, north):
    from amparo.incidents.models import Incident

    Incident.objects.filter(pk=incident.pk).update(status=Status.CLOSED, closed_at=timezone.now() - timedelta(days=400))
    purge_org(north)
    assert not Person.objects.filter(pk=person.pk).exists()
