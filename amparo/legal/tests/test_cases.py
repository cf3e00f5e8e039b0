from datetime import date, timedelta

import pytest
from django.utils import timezone

from amparo.legal.actions import (
    BadInput,
    BondNotSet,
    CaseClosed,
    HearingInPast,
    StaleCase,
    add_note,
    change_status,
    open_case,
    record_bond_paid,
    record_bond_set,
    record_located,
    schedule_hearing,
)
from amparo.legal.models import Case, CaseEvent, Facility
from amparo.retention.actions import is_held


def test_open_case_numbers_and_holds_the_incidents(case, person, incident, dispatcher):
    assert case.reference == "C1" and case.status == "open"
    assert is_held(incident.pk)
    assert open_case(person, by=dispatcher).reference == "C2"


def test_events_bump_the_version_and_a_stale_form_is_refused(case, facility, legal):
    record_located(case, facility=facility, found_on=date.today(), by=legal, version=case.version)
    case.refresh_from_db()
    assert case.version == 1 and case.facility == facility
    with pytest.raises(StaleCase):
        add_note(case, text="typed on an old page", by=legal, version=0)
    assert not CaseEvent.objects.filter(kind="note").exists()


def test_bond_paid_needs_a_bond_set(case, legal):
    with pytest.raises(BondNotSet):
        record_bond_paid(case, on=None, by=legal, version=None)
    record_bond_set(case, amount_cents=150000, on=None, by=legal, version=None)
    record_bond_paid(case, on=None, by=legal, version=None)


def test_a_past_hearing_needs_confirmation_and_gets_no_reminders(case, legal):
    past = timezone.now() - timedelta(days=3)
    with pytest.raises(HearingInPast):
        schedule_hearing(case, starts_at=past, court="Adelanto", by=legal, version=None)
    h = schedule_hearing(case, starts_at=past, court="Adelanto", by=legal, version=None, confirm_past=True)
    assert h.reminded_week_at and h.reminded_day_at


def test_a_closed_case_takes_nothing_and_releases_its_holds(case, incident, legal, facility):
    with pytest.raises(BadInput):
        change_status(case, status="closed", by=legal, version=None)
    change_status(case, status="released", by=legal, version=None)
    assert is_held(incident.pk)  # released is not closed: the lawyer still works on it
    change_status(case, status="closed", reason="Released on bond, case moved", by=legal, version=None)
    assert not is_held(incident.pk)
    for act in (lambda: add_note(case, text="x", by=legal, version=None),
                lambda: record_located(case, facility=facility, found_on=None, by=legal, version=None),
                lambda: change_status(case, status="open", by=legal, version=None)):
        with pytest.raises(CaseClosed):
            act()
    case.refresh_from_db()
    assert case.closed_reason == "Released on bond, case moved" and case.ended_at


def test_another_organizations_facility_is_refused(case, south, legal):
    theirs = Facility.objects.create(organization=south, name="Elsewhere")
    with pytest.raises(BadInput):
        record_located(case, facility=theirs, found_on=None, by=legal, version=None)


def test_an_over_long_note_is_refused(case, legal):
    with pytest.raises(BadInput):
        add_note(case, text="x" * 2001, by=legal, version=None)
    assert Case.objects.get(pk=case.pk).version == 0
