"""Two (or four) people take the last seat of a training at once: exactly one wins,
the others are told it is full (conditional UPDATE on ``seats_taken < capacity``).

Real concurrent connections need PostgreSQL (``transaction=True`` commits the rows
so each thread's connection sees them); on SQLite the test skips, as verification's
seat race does in-process."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

pytestmark = pytest.mark.slow


def _race(training_id: int, responder_ids: list[int]) -> list[str]:
    from amparo.verification.models import Responder
    from amparo.volunteers.models import Training
    from amparo.volunteers.trainings import sign_up

    barrier = threading.Barrier(len(responder_ids))
    results: list[str] = []
    errors: list[BaseException] = []

    def run(rid: int) -> None:
        try:
            training, responder = Training.objects.get(pk=training_id), Responder.objects.get(pk=rid)
            barrier.wait()
            results.append(sign_up(training, responder=responder).value)
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(rid,)) for rid in responder_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_the_last_seat_goes_to_exactly_one_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test-postgres)")
    from amparo.orgs.actions import create_organization
    from amparo.verification.tests.conftest import make_responder
    from amparo.volunteers.certifications import ensure_default_kinds
    from amparo.volunteers.models import Training, TrainingSeat
    from amparo.volunteers.trainings import create_training

    org = create_organization(slug="seat-race", name="Seat race")
    observer = next(k for k in ensure_default_kinds(org) if k.field)
    crew = [make_responder(org, f"+1213555070{i}") for i in range(4)]
    for round_ in range(3):
        now = timezone.now()
        training = create_training(org, kind=observer, starts_at=now + timedelta(days=1),
                                   ends_at=now + timedelta(days=1, hours=2), place="Hall", link="", capacity=1,
                                   language="en", trainer=None, by=None)
        assert _race(training.pk, [r.pk for r in crew]) == ["full", "full", "full", "taken"], round_
        assert Training.objects.get(pk=training.pk).seats_taken == 1
        assert TrainingSeat.objects.filter(training=training).count() == 1
