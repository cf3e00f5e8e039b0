"""A web reporter who asked to be texted gets their reference by SMS, within the anti-pumping rule."""

from __future__ import annotations

import pytest

from amparo.crypto.keys import keyed_hash
from amparo.messaging.models import MessageKind, MessageStatus, OutboundMessage
from amparo.public.tests.test_report_form import URL, form_data
from amparo.reports.models import Report, Sender
from amparo.reports.optouts import opt_out

NUMBER = "+12135550142"


@pytest.fixture(autouse=True)
def no_wait(settings):
    settings.AMPARO_FORM_MIN_SECONDS = 0


def report(client, **overrides):
    data = {"callback": "(213) 555-0142", "may_text": "on", **overrides}
    assert client.post(URL, form_data(client, **data)).status_code == 302
    return Report.objects.order_by("-pk").first()


def test_it_texts_the_reference_and_one_rights_line_from_the_hotline(client, north, django_assert_max_num_queries):
    data = form_data(client, callback="(213) 555-0142", may_text="on")
    with django_assert_max_num_queries(60):
        client.post(URL, data)
    stored = Report.objects.get()
    message = OutboundMessage.objects.get()
    assert message.kind == MessageKind.ACK and message.status == MessageStatus.QUEUED
    assert message.to_number == NUMBER and message.from_number == "+12135550100"
    assert message.report == stored and message.incident_id == stored.incident_id
    assert "(ref R-1)" in message.body and "remain silent" in message.body


def test_it_texts_in_the_reporters_language(client, north):
    report(client, lang="es")
    body = OutboundMessage.objects.get().body
    assert "(referencia R-1)" in body and "guardar silencio" in body


def test_it_texts_nobody_who_did_not_ask(client, north):
    report(client, may_text="")
    report(client, callback="", may_text="on")
    assert Report.objects.count() == 2 and not OutboundMessage.objects.exists()


def test_it_texts_once_for_a_resubmitted_form(client, north):
    data = form_data(client, callback="(213) 555-0142", may_text="on")
    client.post(URL, data)
    client.post(URL, data)
    assert Report.objects.count() == 1 and OutboundMessage.objects.count() == 1


def test_it_never_texts_a_number_of_another_country(client, north):
    report(client, callback="+44 20 7946 0958")
    assert Report.objects.get().caller_number == "+442079460958"
    assert not OutboundMessage.objects.exists()


def test_it_honours_a_stop_to_the_hotline_and_spends_no_budget(client, north, settings):
    settings.AMPARO_FORM_TEXTS_PER_DAY = {"report_form": 1}
    opt_out(north.pk, keyed_hash(north.pk, "tel:" + NUMBER), sender=Sender.HOTLINE)
    report(client)
    assert not OutboundMessage.objects.exists()
    report(client, callback="(213) 555-0143")  # the one text of the day is still there
    assert OutboundMessage.objects.get().to_number == "+12135550143"


def test_a_stop_to_the_alerts_sender_does_not_silence_the_hotline(client, north):
    opt_out(north.pk, keyed_hash(north.pk, "tel:" + NUMBER), sender=Sender.ALERTS)
    report(client)
    assert OutboundMessage.objects.count() == 1


def test_the_forms_daily_budget_stores_the_report_but_sends_nothing(client, north, settings):
    settings.AMPARO_FORM_TEXTS_PER_DAY = {"report_form": 2, "volunteer_signup": 5}
    for last in "123":
        report(client, callback=f"(213) 555-014{last}", description=f"Vans on Main, report {last}")
    assert Report.objects.count() == 3
    assert [m.to_number for m in OutboundMessage.objects.order_by("pk")] == ["+12135550141", "+12135550142"]
    page = client.get(client.post(URL, form_data(client, callback="(213) 555-0144", may_text="on"))["Location"])
    assert page.status_code == 200 and "R-4" in page.content.decode()  # the thanks page still gives the reference


def test_one_number_gets_at_most_the_daily_texts_for_typed_numbers(client, north, settings):
    settings.AMPARO_TYPED_NUMBER_TEXTS_PER_DAY = 2
    for n in range(3):
        report(client, description=f"Agents at the corner, again {n}")
    assert Report.objects.count() == 3 and OutboundMessage.objects.count() == 2
