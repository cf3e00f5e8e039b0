"""`load_demo` has a training with a seat taken and two certified observers, and stays idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from amparo.orgs.models import Organization
from amparo.verification.actions import suggest_responders
from amparo.verification.tests.conftest import make_incident
from amparo.volunteers.certifications import valid_q
from amparo.volunteers.models import Certification, Training, TrainingSeat

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_training_and_two_certified_observers():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    org = Organization.objects.get(slug="demo")
    assert Training.objects.filter(organization=org).count() == 1
    assert TrainingSeat.objects.filter(organization=org).count() == 1
    certified = set(Certification.objects.filter(valid_q(timezone.now()), organization=org, kind__field=True)
                    .values_list("responder_id", flat=True))
    assert len(certified) == 2
    suggested = {s.responder_id for s in suggest_responders(make_incident(org, at=timezone.now()),
                                                             now=timezone.now())}
    assert suggested and suggested <= certified
