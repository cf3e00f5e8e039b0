"""Two coordinators save an entry on the same case from pages built at the same version, at the same
instant: one is saved, the other is told (StaleCase), never both. And two dispatchers opening cases at
once get two numbers. PostgreSQL, one connection per thread (the optimistic lock is a conditional UPDATE)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from amparo.legal.actions import PersonFields, StaleCase, add_note, create_person, open_case
from amparo.legal.models import Case, CaseEvent

pytestmark = pytest.mark.slow


def at_once(jobs: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results.append(job())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_on_one_version_one_wins_one_is_told(north, legal):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test-postgres)")
    person = create_person(north, PersonFields(name="Race Person"), by=legal)
    case = open_case(person, by=legal)
    jobs = [lambda i=i: add_note(Case.objects.get(pk=case.pk), text=f"mine {i}", by=legal, version=0)
            for i in range(4)]
    results, errors = at_once(jobs)
    assert len(results) == 1 and len(errors) == 3 and all(isinstance(e, StaleCase) for e in errors), errors
    assert CaseEvent.objects.filter(case=case, kind="note").count() == 1
    assert Case.objects.get(pk=case.pk).version == 1


@pytest.mark.django_db(transaction=True)
def test_cases_opened_at_once_get_their_own_numbers(north, legal):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test-postgres)")
    people = [create_person(north, PersonFields(name=f"Race {i}"), by=legal) for i in range(4)]
    results, errors = at_once([lambda p=p: open_case(p, by=legal).number for p in people])
    assert not errors and sorted(results) == [1, 2, 3, 4]
