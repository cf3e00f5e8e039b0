"""Issue 12's "Bad input": each form gets its message in the user's language and keeps what was typed; a
provider's unknown reply code is answered in the language of its verb and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from amparo.legal.actions import NOTE_MAX
from amparo.legal.models import CaseEvent, CaseEventKind, Referral, ReferralStatus
from amparo.legal.referrals import send_referral
from amparo.legal.tests.referral_helpers import make_case, make_provider, run_on_commit
from conftest import NORTH_NUMBER

__all__ = ["run_on_commit"]
ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def _record(client, case, event: str, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    case.refresh_from_db()
    data = {"event": event, f"{event}-version": str(case.version)}
    data.update({f"{event}-{k}": v for k, v in fields.items()})
    return client.post(reverse("legal:record", args=[case.pk]), data, **ES)


@pytest.fixture
def es_legal(client, legal):  # type: ignore[no-untyped-def]
    client.force_login(legal)
    return client


def test_a_facility_not_in_the_list(es_legal, case, facility):
    r = _record(es_legal, case, "located", {"facility": "Centro Inventado", "on": "2026-11-02"})
    page = r.content.decode()
    assert r.status_code == 400
    assert "«Centro Inventado» no está en la lista" in page or "“Centro Inventado” no está en la lista" in page
    assert 'value="Centro Inventado"' in page and 'value="2026-11-02"' in page
    assert not CaseEvent.objects.filter(case=case, kind=CaseEventKind.LOCATED).exists()


def test_an_over_long_note(es_legal, case):
    text = "Canary " + "x" * NOTE_MAX
    r = _record(es_legal, case, "note", {"text": text})
    page = r.content.decode()
    assert r.status_code == 400
    assert "La nota es demasiado larga" in page
    assert text in page  # kept, whole
    assert not CaseEvent.objects.filter(case=case, kind=CaseEventKind.NOTE).exists()


def test_a_past_hearing_without_its_confirmation(es_legal, case):
    day = (timezone.now() - timedelta(days=3)).date().isoformat()
    r = _record(es_legal, case, "hearing", {"day": day, "time": "09:30", "court": "Corte de Adelanto"})
    page = r.content.decode()
    assert r.status_code == 400
    assert "Esa fecha y hora ya pasaron" in page
    assert f'value="{day}"' in page and 'value="09:30"' in page and 'value="Corte de Adelanto"' in page


def test_an_unparseable_contact_phone(es_legal, person):
    r = es_legal.post(reverse("legal:contact_add", args=[person.pk]),
                      {"contact-name": "Ana", "contact-phone": "llámame", "contact-language": "es"}, **ES)
    page = r.content.decode()
    assert r.status_code == 400
    assert "teléfono" in page.lower() and 'value="llámame"' in page and 'value="Ana"' in page


def test_a_malformed_a_number_on_the_report_form(client, dispatcher, report):
    client.force_login(dispatcher)
    r = client.post(reverse("legal:person_from_report", args=[report.pk]),
                    {"name": "Ana López", "a_number": "A12-34", "language": "es"}, **ES)
    page = r.content.decode()
    assert r.status_code == 400 and "8 o 9 dígitos" in page and 'value="A12-34"' in page and "Ana López" in page


@pytest.mark.usefixtures("run_on_commit")
@pytest.mark.parametrize("text,expected", [
    ("TOMO C99", "ningún envío"), ("TAKE C99", "no referral"), ("PASO Cxyz", "C"), ("TOMO", "C"),
])
def test_an_unknown_provider_reply_code_is_answered_in_its_language_and_changes_nothing(
        twilio_post, north, legal, text, expected):
    provider = make_provider(north, "Esperanza Legal", phone="+12135550777")
    send_referral(make_case(north), provider, by=legal)
    r = twilio_post("/hooks/twilio/sms", {"MessageSid": f"SMbad{abs(hash(text))}", "From": "+12135550777",
                                          "To": NORTH_NUMBER, "Body": text})
    assert r.status_code == 200
    body = r.content.decode()
    assert expected.lower() in body.lower(), body
    assert Referral.objects.get().status == ReferralStatus.PENDING
