"""A closed case's purge, N days after closing: its family thread, contacts, consents, notes and person go when
nothing else needs them; counts stay; OptOut rows and a live subscriber's consent record stay."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from amparo.crypto.keys import keyed_hash
from amparo.intake.pipeline import ingest_report
from amparo.legal.actions import add_note, change_status, purge_closed_cases
from amparo.legal.family import share_event
from amparo.legal.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    ClosedCaseCount,
    Consent,
    EmergencyContact,
    FamilyDirection,
    FamilyMessage,
    LegalSettings,
    Person,
)
from amparo.legal.tests.referral_helpers import make_case, make_contact, run_on_commit
from amparo.messaging.models import OutboundMessage
from amparo.reports.models import OptOut, Report, Sender
from amparo.reports.optouts import opt_out
from amparo.retention.actions import purge_unattached
from amparo.retention.registry import _KEEPERS

pytestmark = pytest.mark.usefixtures("run_on_commit")
__all__ = ["run_on_commit"]

SISTER = "+12135550711"
_sids = count(1)


def inbound(org, body: str, at):  # type: ignore[no-untyped-def]
    return ingest_report(org=org, channel="sms", provider_id=f"SMpurge{next(_sids):05d}", from_number=SISTER,
                         body=body, received_at=at, to_number="+12135550100")


@pytest.fixture
def thread(north, legal):  # type: ignore[no-untyped-def]
    """A case with a contact, a shared event, the sister's reply, a note; the sister then texts STOP."""
    case = make_case(north)
    make_contact(case, SISTER)
    event = CaseEvent.objects.create(organization=north, case=case, kind=CaseEventKind.BOND_REQUESTED)
    share_event(event, by=legal)
    reply = inbound(north, "Canary reply: gracias", timezone.now() + timedelta(minutes=5)).report
    add_note(case, text="Canary note about the family", by=legal, version=None)
    opt_out(north.pk, keyed_hash(north.pk, "tel:" + SISTER), sender=Sender.HOTLINE)
    return case, reply


def test_the_family_thread_of_a_live_case_outlives_the_unattached_period(north, thread):
    case, reply = thread
    purge_unattached(north, now=timezone.now() + timedelta(days=60))
    reply.refresh_from_db()
    assert "Canary reply" in reply.body  # the case still lives: its thread is the case's, not "unattached"


def test_the_texts_sent_to_a_live_cases_family_outlive_the_unattached_period(north, thread):
    case, _reply = thread
    sent = OutboundMessage.objects.get(pk=FamilyMessage.objects.get(case=case, outbound__isnull=False).outbound_id)
    assert sent.incident_id is None and sent.body and sent.to_number
    other = OutboundMessage.objects.create(organization=north, to_number="+12135550999", to_hash="h-keyword",
                                           from_number="+12135550100", body="Answer to a keyword")
    purge_unattached(north, now=timezone.now() + timedelta(days=60))
    sent.refresh_from_db()
    other.refresh_from_db()
    assert sent.body and sent.to_number and sent.to_hash  # the case's, until the case's own purge
    assert (other.body, other.to_number, other.to_hash) == ("", "", "")  # the keeper keeps the family's only


def test_the_purge_takes_the_thread_contacts_notes_and_person_and_keeps_counts_and_opt_outs(north, legal, thread):
    case, reply = thread
    LegalSettings.objects.update_or_create(organization=north, defaults={"closed_case_purge_days": 30})
    change_status(case, status="closed", reason="released, nothing more to do", by=legal, version=None)
    person_id = case.person_id
    assert purge_closed_cases(north, now=timezone.now() + timedelta(days=29)) == 0
    assert FamilyMessage.objects.filter(case=case).count() == 2
    assert purge_closed_cases(north, now=timezone.now() + timedelta(days=31)) == 1
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()  # the note with it
    assert not FamilyMessage.objects.exists()
    assert not Person.objects.filter(pk=person_id).exists()
    assert not EmergencyContact.objects.exists() and not Consent.objects.exists()
    reply.refresh_from_db()
    assert (reply.body, reply.caller_number, reply.caller_hash) == ("", None, "")
    assert all(m.body == "" and m.to_number == "" for m in OutboundMessage.objects.all())
    assert ClosedCaseCount.objects.filter(organization=north).count() == 1
    # The STOP outlives the case: the number is never texted from the hotline again.
    assert OptOut.objects.filter(organization=north, sender=Sender.HOTLINE,
                                 caller_hash=keyed_hash(north.pk, "tel:" + SISTER)).exists()


def test_the_purge_keeps_a_live_subscribers_consent_record(north, legal, thread, monkeypatch):
    case, reply = thread
    # The alerts app's keeper claims its live subscribers' consent records; here the reply stands for one.
    monkeypatch.setitem(_KEEPERS, "alerts.test", lambda org_id, ids: {reply.pk} & set(ids))
    change_status(case, status="closed", reason="done", by=legal, version=None)
    purge_closed_cases(north, now=timezone.now() + timedelta(days=400))
    reply.refresh_from_db()
    assert "Canary reply" in reply.body and reply.caller_hash


def test_a_person_with_another_case_keeps_their_contacts(north, legal, thread):
    case, _reply = thread
    other = Case.objects.create(organization=north, number=99, person=case.person)
    change_status(case, status="closed", reason="done", by=legal, version=None)
    purge_closed_cases(north, now=timezone.now() + timedelta(days=400))
    assert Person.objects.filter(pk=other.person_id).exists()
    assert EmergencyContact.objects.filter(person_id=other.person_id).exists()
    assert not FamilyMessage.objects.filter(direction=FamilyDirection.IN).exists()


def test_another_organizations_thread_is_untouched(north, south, legal, thread):
    case, _reply = thread
    theirs = Report.objects.create(organization=south, channel="sms", provider_id="SMsouth1", body="Canary south",
                                   received_at=timezone.now())
    change_status(case, status="closed", reason="done", by=legal, version=None)
    purge_closed_cases(north, now=timezone.now() + timedelta(days=400))
    theirs.refresh_from_db()
    assert theirs.body == "Canary south"
