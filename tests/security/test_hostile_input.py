"""Hostile input at every door: never a 5xx, and a valid message is stored (issue 10, "No poison message").

Each door gets arbitrary Unicode: any code point a UTF-8 request can carry (hypothesis
leaves out lone surrogates, which cannot be encoded), digits of other scripts and
superscripts ("²", "٣", "９", "𝟗"), runs of digits past int()'s 4,300-digit limit, NUL,
and bodies up to the request limit (DATA_UPLOAD_MAX_MEMORY_SIZE, 2 MB). Django's test
client raises a view's exception instead of answering 500, so an error anywhere fails the
example; a view that turned errors into 400s would fail the "stored" assertions.

Budget: each test states its examples (``max_examples``); derandomized, so a run is
repeatable. The whole file takes about 30-40 s on the 2-core development machine.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from amparo.incidents.models import Incident, IncidentNote
from amparo.messaging.models import MessageStatus, MessageStatusEvent, OutboundMessage
from amparo.public.tokens import issue_token
from amparo.reports.models import Report
from amparo.voice.models import Call
from conftest import NORTH_NUMBER


def budget(examples: int) -> Callable[[Any], Any]:
    return settings(max_examples=examples, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


OTHER_DIGITS = list("²³¹٣۳९০๓０９①½Ⅻ߃᠓") + ["𝟗"]
SPECIAL = ["", "\x00", "0", "1", "-1", "+1", " 1", "1 ", "1\n", "1_0", "1e3", "0x1", "NaN", "∞", "\ufeff1", "²",
           "٣", "٩٠٠١٢", "９００１２", "90012", "12345", "9" * 18, "9" * 19, "9" * 4300, "9" * 4301, "0" * 5000]
# Each of these, in each parameter of each door, before hypothesis explores around them.
KNOWN_POISON = ["²", "٣", "٩٠٠١٢", "𝟗", "9" * 19, "9" * 4301, "\x00", "-1", "1_0", " 1"]
DIGITS_RUN = st.builds(lambda d, n: d * n, st.sampled_from(["9", "0", "7", *OTHER_DIGITS]),
                       st.sampled_from([1, 2, 5, 9, 18, 19, 4300, 4301, 10_000]))
HOSTILE = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from([*"0123456789", *OTHER_DIGITS, " ", "\x00", "-", ":"]), max_size=12),
    DIGITS_RUN,
)
# Big texts: one token (what made Lingua take 40 s), words, other-script digits; sized in UTF-8
# bytes so that a body plus the other fields stays within the 2 MB request limit.
BIG_SIZES = [4_301, 64 * 1024, 384 * 1024, 1_500_000]
BIG = st.builds(lambda unit, size: unit * (size // len(unit.encode())),
                st.sampled_from(["a", "x7", "9", "٣", "²", "la migra en la 5 y broadway ", "\x00"]),
                st.sampled_from(BIG_SIZES))
BODY = st.one_of(HOSTILE, BIG, st.lists(HOSTILE, max_size=6).map(" ".join))

_ids = itertools.count()


def sid(prefix: str) -> str:
    return f"{prefix}{next(_ids):030d}"


@pytest.fixture(autouse=True)
def _fast_forms(settings):  # type: ignore[no-untyped-def]
    settings.AMPARO_FORM_MIN_SECONDS = 0


def _clear_limits() -> None:
    from django.core.cache import cache

    cache.clear()  # flood limits and reply throttles count across examples


# -- SMS and WhatsApp --------------------------------------------------------------------------

SMS = "/hooks/twilio/sms"
SENDERS = st.one_of(st.sampled_from(["+13235550142", "whatsapp:+13235550188", "+٣٢٣٥٥٥٠١٤٢", "²", "anonymous"]),
                    HOSTILE.filter(lambda s: s.strip() != "" and "\x00" not in s))


@pytest.mark.django_db
def test_a_signed_sms_or_whatsapp_with_any_body_is_stored_exactly(north, twilio_post):
    @budget(40)
    @given(body=BODY, sender=SENDERS)
    def run(body: str, sender: str) -> None:
        _clear_limits()
        event(f"body of {len(body.encode()) // 1024} KB" if len(body) > 4096 else "body under 4 KB")
        message_sid = sid("SM")
        to = "whatsapp:" + NORTH_NUMBER if sender.startswith("whatsapp:") else NORTH_NUMBER
        response = twilio_post(SMS, {"MessageSid": message_sid, "From": sender, "To": to, "Body": body})
        assert response.status_code == 200, response.content[:200]
        assert Report.objects.get(organization=north, provider_id=message_sid).body == body

    run()


@pytest.mark.django_db
def test_any_signed_sms_form_gets_no_server_error(north, twilio_post):
    fields = st.dictionaries(st.sampled_from(["Body", "From", "MessageSid", "SmsSid", "NumMedia", "MediaUrl0",
                                              "MediaUrl1", "MediaContentType0", "AccountSid", "Foo"]), BODY, max_size=6)

    @budget(60)
    @given(params=fields, to=st.sampled_from([NORTH_NUMBER, "whatsapp:" + NORTH_NUMBER, "٢١٣٥٥٥٠١٠٠", "\x00"]))
    def run(params: dict[str, str], to: str) -> None:
        _clear_limits()
        response = twilio_post(SMS, {**params, "To": to})
        assert response.status_code < 500

    run()


def test_a_body_past_the_request_limit_is_refused_not_an_error(north, twilio_post):
    body = "a" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = twilio_post(SMS, {"MessageSid": sid("SM"), "From": "+13235550142", "To": NORTH_NUMBER, "Body": body})
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
def test_a_status_callback_with_any_values_is_recorded_or_ignored(north, twilio_post):
    @budget(40)
    @given(status=st.one_of(st.sampled_from(["delivered", "sent", "failed", "undelivered", "read"]), HOSTILE),
           error=HOSTILE, known=st.booleans())
    def run(status: str, error: str, known: bool) -> None:
        message_sid = sid("SM")
        if known:
            OutboundMessage.objects.create(organization=north, to_hash="h" * 64, to_number="+13235550142",
                                           from_number=NORTH_NUMBER, body="Where exactly?",
                                           status=MessageStatus.SENDING, provider_id=message_sid)
        params = {"MessageSid": message_sid, "MessageStatus": status, "ErrorCode": error, "From": NORTH_NUMBER}
        response = twilio_post(SMS + "/status", params)
        assert response.status_code < 500
        valid = known and status.strip() and len(status.strip()) <= 24 and "\x00" not in status
        if valid:
            assert response.status_code == 200
            assert MessageStatusEvent.objects.filter(message__provider_id=message_sid).count() == 1

    run()


# -- voice -------------------------------------------------------------------------------------

VOICE = "/hooks/twilio/voice"
STEPS = ["status", "language", "menu", "kyr", "dialed", "whisper", "accept", "zip", "recorded", "recording", "bridge"]
VOICE_FIELDS = ["Digits", "RecordingDuration", "RecordingUrl", "RecordingSid", "RecordingStatus", "CallSid",
                "ParentCallSid", "CallStatus", "DialCallStatus", "Direction", "From", "To", "SpeechResult"]


def _dial_in(twilio_post) -> Call:  # type: ignore[no-untyped-def]
    call_sid = sid("CA")
    response = twilio_post(VOICE, {"CallSid": call_sid, "From": "+13235550142", "To": NORTH_NUMBER,
                                   "Direction": "inbound", "CallStatus": "ringing"})
    assert response.status_code == 200
    return Call.objects.get(call_sid=call_sid)


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["", *STEPS])
def test_every_voice_step_survives_any_query_and_form(north, twilio_post, step):
    real = _dial_in(twilio_post)

    @budget(15)
    @given(call=st.one_of(st.just(str(real.pk)), HOSTILE),
           query=st.dictionaries(st.sampled_from(["attempt", "lang"]), HOSTILE, max_size=2),
           form=st.dictionaries(st.sampled_from(VOICE_FIELDS), st.one_of(st.just(real.call_sid), HOSTILE), max_size=5),
           signed=st.booleans())
    def run(call: str, query: dict[str, str], form: dict[str, str], signed: bool) -> None:
        path = f"{VOICE}/{step}?" + urlencode({"call": call, **query}) if step else VOICE
        response = twilio_post(path, form, **({} if signed else {"signature": ""}))
        assert response.status_code < 500, (path, form)

    for value in KNOWN_POISON:
        run.hypothesis.inner_test(value, {"attempt": value, "lang": value}, {}, False)
        run.hypothesis.inner_test(str(real.pk), {"attempt": value}, dict.fromkeys(VOICE_FIELDS, value), True)
        for name in ("Digits", "RecordingDuration"):  # the numbers the steps read
            run.hypothesis.inner_test(str(real.pk), {}, {"CallSid": real.call_sid, name: value}, True)
    run()


@pytest.mark.django_db
def test_a_call_with_any_keypad_input_and_duration_still_files_its_recording(north, twilio_post):
    @budget(20)
    @given(language=HOSTILE, zip_code=HOSTILE, duration=HOSTILE)
    def run(language: str, zip_code: str, duration: str) -> None:
        call = _dial_in(twilio_post)
        for step, digits in (("language", language), ("menu", "2"), ("zip", zip_code), ("zip", zip_code)):
            response = twilio_post(f"{VOICE}/{step}?call={call.pk}&attempt=1", {"CallSid": call.call_sid,
                                                                              "Digits": digits})
            assert response.status_code == 200, (step, digits)
        response = twilio_post(f"{VOICE}/recording?call={call.pk}", {
            "CallSid": call.call_sid, "RecordingSid": "RE" + call.call_sid[2:], "RecordingStatus": "completed",
            "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1",
            "RecordingDuration": duration})
        assert response.status_code == 204
        report = Report.objects.get(organization=north, provider_id=call.call_sid)  # stored
        assert report.extra["duration"] == (int(duration) if re.fullmatch(r"[0-9]{1,6}", duration) else None)

    run()


# -- the public report form ----------------------------------------------------------------------

FORM = "/report/north/"
NO_NUL = st.one_of(HOSTILE, st.lists(HOSTILE, max_size=4).map(" ".join)).map(lambda s: s.replace("\x00", ""))


@pytest.mark.django_db
def test_a_valid_report_form_with_any_text_is_stored(client, north):
    @budget(40)
    @given(description=st.one_of(NO_NUL.map(lambda s: s[:4900]),
                                 st.sampled_from(["7" * 4301, "ICE at 5th and Broadway " + "9" * 4700])),
           address=NO_NUL.map(lambda s: s[:300]), landmark=NO_NUL.map(lambda s: s[:300]))
    def run(description: str, address: str, landmark: str) -> None:
        _clear_limits()
        before = Report.objects.filter(organization=north).count()
        data = {"token": issue_token(north.pk), "what": "stop", "description": description + " ICE here",
                "address": address, "landmark": landmark, "cross_streets": "", "zip": "90013", "when": "now",
                "when_at": "", "callback": "", "website": ""}
        response = client.post(FORM, data)
        assert response.status_code == 302, re.findall(r"(?s)errorlist[^>]*>(.*?)</ul>|notice[^>]*>(.*?)<",
                                                       response.content.decode())
        assert Report.objects.filter(organization=north).count() == before + 1  # stored

    run()


@pytest.mark.django_db
def test_any_report_form_post_gets_no_server_error(client, north):
    names = ["description", "what", "when", "when_at", "address", "cross_streets", "zip", "landmark", "callback",
             "may_call", "may_text", "website", "lang"]

    @budget(40)
    @given(data=st.dictionaries(st.sampled_from(names), st.one_of(HOSTILE, BIG.filter(lambda s: len(s) < 70_000)),
                                max_size=8),
           lang=HOSTILE)
    def run(data: dict[str, str], lang: str) -> None:
        _clear_limits()
        response = client.post(f"{FORM}?{urlencode({'lang': lang})}", {**data, "token": issue_token(north.pk)})
        assert response.status_code < 500

    run()


# -- console, manage and audit parameters --------------------------------------------------------

# Hostile parts inside the shapes the views split: a schedule line ("Mon 08:00-17:00") and "id:version".
KNOWN_SHAPED = ["² 08:00-17:00", "٣ 08:00-17:00", "9" * 4301 + " 08:00-17:00", "1 ٠٨:٠٠-17:00", "²:1", "1:²", "٣:٣",
                "9" * 4301 + ":1"]
SHAPED = st.one_of(st.sampled_from(KNOWN_SHAPED),
                   st.builds("{} 08:00-17:00".format, HOSTILE), st.builds("Mon {}-{}".format, HOSTILE, HOSTILE),
                   st.builds("{}:{}".format, HOSTILE, HOSTILE))
DOORS = [  # (method, path, the parameters each view reads); {i} is an incident of the network
    ("get", "/audit/", ["actor", "type", "from", "to", "page"]),
    ("get", "/console/", ["zone", "status"]),
    ("get", "/console/queue/fragment", ["zone", "status", "since"]),
    ("get", "/console/incidents/{i}/presence", ["v"]),
    ("get", "/manage/places/", ["page"]),
    ("post", "/console/org/", ["org"]),
    ("post", "/manage/org/", ["org"]),
    ("post", "/messaging/incidents/{i}/reply", ["report_id", "canned", "action", "text"]),
    ("post", "/verification/incidents/{i}/offer", ["responders"]),
    ("post", "/verification/responders/new", ["schedule", "name", "phone", "languages"]),
    ("post", "/verification/incidents/{i}/override", ["version", "status", "reason"]),
    ("post", "/console/incidents/{i}/status", ["version", "to", "reason"]),
    ("post", "/console/incidents/{i}/merge", ["version", "source"]),
    ("post", "/console/incidents/{i}/split", ["version", "reports"]),
    ("post", "/console/incidents/{i}/note", ["version", "text"]),
    ("post", "/console/incidents/{i}/assign", ["version", "user"]),
]


@pytest.fixture
def staffed(north, admin_user, client):  # type: ignore[no-untyped-def]
    from amparo.intake.pipeline import ingest_report
    from amparo.verification.tests.conftest import make_responder

    report = ingest_report(org=north, channel="sms", provider_id="SMconsole", from_number="+13235550142",
                           to_number=NORTH_NUMBER, body="ICE at 5th and Broadway 90013").report
    make_responder(north, "+12135550201")
    client.force_login(admin_user)
    assert report.incident is not None
    return report.incident


@pytest.mark.django_db
@pytest.mark.parametrize("door", range(len(DOORS)), ids=[f"{m} {p}" for m, p, _names in DOORS])
def test_every_console_manage_and_audit_parameter_survives_any_value(client, north, staffed, door):
    method, template, names = DOORS[door]
    path = template.format(i=staffed.pk)

    @budget(15)
    @given(values=st.fixed_dictionaries({n: st.one_of(HOSTILE, SHAPED, st.lists(HOSTILE, min_size=1, max_size=3))
                                         for n in names}),
           current_version=st.booleans())
    def run(values: dict[str, str | list[str]], current_version: bool) -> None:
        if current_version and "version" in values:
            values = {**values, "version": str(Incident.objects.get(pk=staffed.pk).version)}
        if method == "get":
            flat = {k: (v[0] if isinstance(v, list) else v) for k, v in values.items()}
            response = client.get(path + "?" + urlencode(flat))
        else:
            response = client.post(path, values)
        assert response.status_code < 500, (path, values)

    for name in names:  # the poison in one parameter; a current version in "version" when it is not the one
        for value in KNOWN_POISON + (KNOWN_SHAPED if name in ("schedule", "source") else []):
            poison = [value, "1"] if name in ("responders", "reports") else value
            run.hypothesis.inner_test({**dict.fromkeys(names, ""), name: poison}, name != "version")
    run()


@pytest.mark.django_db
def test_a_note_with_any_text_is_stored(client, north, staffed):
    @budget(20)
    @given(text=NO_NUL.map(lambda s: (s.strip() or "note")[:4000]))
    def run(text: str) -> None:
        version = Incident.objects.get(pk=staffed.pk).version
        response = client.post(f"/console/incidents/{staffed.pk}/note", {"version": str(version), "text": text})
        assert response.status_code == 302
        assert IncidentNote.objects.filter(incident=staffed).order_by("-id")[0].text == text.strip()  # stored

    run()
