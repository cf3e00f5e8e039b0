"""No poison message (issue 10): a huge or strange text is stored whole, fast, and
holds the intake lock no longer than a short one.

Language detection (Lingua) took 40 s on one 256 K token and ran under the write lock,
so one 384 KB text killed its worker, was never stored, and the valid texts beside it
got 500 "database is locked".
"""

from __future__ import annotations

import random
import string
import time
from xml.etree import ElementTree

import pytest

from amparo.intake import keywords, pipeline
from amparo.places.extract import PLACE_TEXT_CHARS
from amparo.places.understand import understand
from amparo.reports.fingerprint import text_fingerprint
from amparo.reports.models import Report
from amparo.texts.language import LANGUAGE_TEXT_CHARS, detect_language
from conftest import NORTH_NUMBER

URL = "/hooks/twilio/sms"
BIG = 384 * 1024  # characters, one token


def _token(n: int, seed: int = 10) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice(string.ascii_lowercase) for _ in range(n))


def _sms(sid: str, body: str, sender: str) -> dict[str, str]:
    return {"MessageSid": sid, "AccountSid": "AC" + "0" * 32, "From": sender, "To": NORTH_NUMBER, "Body": body}


def _replies(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.text or "" for m in ElementTree.fromstring(response.content).iter("Message")]


NORMAL = [
    "ICE at 5th and Broadway right now", "la migra esta en la 5 y broadway ahorita",
    "agents at soto and cesar chavez ave", "vans parked at 470 mott street", "migra en el 90022, cuidado",
    "ICE at the home depot in 90065", "two vans at Whittier Blvd and Atlantic", "checkpoint on Vermont and 3rd",
    "estan deteniendo gente en la calle Soto", "agents knocking on doors near 90033",
]


def test_a_384_kb_token_beside_ten_sms_is_stored_whole_and_all_ten_are_answered(north, twilio_post):
    big = _token(BIG)
    for text in NORMAL:  # Lingua loads a language's model, and zipcodes its table, on first use
        detect_language(text, north.language_codes(), north.default_language)
        understand(north, text)
    timings: dict[str, float] = {}
    responses = {}
    order = [f"SMnormal{i}" for i in range(5)] + ["SMbig"] + [f"SMnormal{i}" for i in range(5, 10)]
    for sid in order:
        if sid == "SMbig":
            params = _sms(sid, big, "+13235550999")
        else:
            i = int(sid.removeprefix("SMnormal"))
            params = _sms(sid, NORMAL[i], f"+1323555{1000 + i}")
        start = time.perf_counter()
        responses[sid] = twilio_post(URL, params)
        timings[sid] = time.perf_counter() - start
    print({k: round(v, 3) for k, v in timings.items()})
    assert timings["SMbig"] < 3.0  # measured 0.1-0.2 s in process on 2 cores (was 40 s+ and a killed worker)
    for sid, response in responses.items():
        assert response.status_code == 200, sid
        assert timings[sid] < 3.0, sid
    for i in range(10):
        assert _replies(responses[f"SMnormal{i}"]), i  # answered
        assert Report.objects.get(provider_id=f"SMnormal{i}").body == NORMAL[i]  # stored
    stored = Report.objects.get(provider_id="SMbig")
    assert len(stored.body) == BIG and stored.body == big


def test_the_write_lock_is_held_briefly_for_a_message_at_the_request_limit(north, twilio_post, monkeypatch):
    """Everything CPU-bound runs before the lock; what remains under it is the insert."""
    marks: dict[str, float] = {}
    real_lock, real_ingest = pipeline.store_lock, pipeline.ingest_report

    def lock(org):  # type: ignore[no-untyped-def]
        real_lock(org)
        marks["locked"] = time.perf_counter()

    def ingest(**kwargs):  # type: ignore[no-untyped-def]
        result = real_ingest(**kwargs)
        marks["done"] = time.perf_counter()
        return result

    monkeypatch.setattr(pipeline, "store_lock", lock)
    monkeypatch.setattr("amparo.integrations.twilio.sms.views.ingest_report", ingest)
    body = _token(1_500_000, seed=3)  # under DATA_UPLOAD_MAX_MEMORY_SIZE (2 MB) with the other fields
    response = twilio_post(URL, _sms("SMhuge", body, "+13235550998"))
    assert response.status_code == 200
    held = marks["done"] - marks["locked"]
    print(f"lock held {held:.3f} s for a {len(body):,}-character body")
    assert held < 1.0  # the insert of an encrypted 1.5 MB row, and the reply
    assert Report.objects.get(provider_id="SMhuge").body == body


def test_language_and_place_are_worked_out_before_the_lock(north, twilio_post, monkeypatch):
    events: list[str] = []

    def record(name, fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            events.append(name)
            return fn(*args, **kwargs)
        return wrapper

    for name in ("detect_language", "understand", "text_fingerprint", "store_lock"):
        monkeypatch.setattr(pipeline, name, record(name, getattr(pipeline, name)))
    assert twilio_post(URL, _sms("SMorder", "la migra esta en la 5 y broadway", "+13235550142")).status_code == 200
    assert events[-1] == "store_lock"
    assert set(events) == {"detect_language", "understand", "text_fingerprint", "store_lock"}


def test_the_stored_row_is_what_the_analysis_says_for_a_normal_text(north, twilio_post):
    body = "Hay migra en la 5 y Broadway 90013 ahorita, se estan llevando gente de la parada"
    assert twilio_post(URL, _sms("SMsame", body, "+13235550142")).status_code == 200
    report = Report.objects.get(provider_id="SMsame")
    pu = understand(north, body)
    assert report.language == detect_language(body, north.language_codes(), north.default_language)[0] == "es"
    assert (report.zip, report.h3_r8, report.geo_precision, report.place_confidence, report.place_info) == (
        pu.zip, pu.h3_r8, pu.precision, pu.confidence, pu.to_json())
    assert report.text_fingerprint == text_fingerprint(north.pk, body) != ""


def test_a_replay_returns_the_stored_report_untouched(north, twilio_post):
    assert twilio_post(URL, _sms("SMreplay", "ICE at 5th and Broadway", "+13235550142")).status_code == 200
    again = twilio_post(URL, _sms("SMreplay", _token(BIG), "+13235550143"))
    assert again.status_code == 200 and _replies(again) == []
    report = Report.objects.get(provider_id="SMreplay")
    assert report.body == "ICE at 5th and Broadway" and report.caller_number == "+13235550142"


def test_language_detection_reads_the_head_only() -> None:
    start = time.perf_counter()
    detect_language(_token(256 * 1024), ["en", "es", "ko"], "en")
    assert time.perf_counter() - start < 2.0  # was 40 s
    spanish = "la migra esta en la calle y se estan llevando a la gente " * 3
    # English words past the head would outvote the Spanish ones if they were read.
    assert detect_language(spanish + "x" * LANGUAGE_TEXT_CHARS + " the" * 5000, ["en", "es"], "en") == ("es", True)
    assert detect_language("x" * LANGUAGE_TEXT_CHARS + spanish, ["en", "es"], "en") == ("en", False)


def test_the_bounds_fit_what_people_send() -> None:
    assert LANGUAGE_TEXT_CHARS >= 1_600  # a whole SMS (10 segments)
    assert PLACE_TEXT_CHARS >= 1_600


@pytest.mark.parametrize("body", ["STOP", "stop.", "  Stop!  ", "STOP" + " " * 300, "\nSTOP\n" + "." * 300])
def test_a_keyword_with_spaces_around_is_still_a_keyword(body: str) -> None:
    assert keywords.parse(body) == ("STOP", None)


def test_a_long_text_is_never_folded_for_keywords(monkeypatch) -> None:
    def fold(body: str) -> str:
        raise AssertionError("folded a long text")

    monkeypatch.setattr(keywords, "fold", fold)
    assert keywords.parse("STOP " + "x" * keywords.KEYWORD_MAX_CHARS) is None
    assert keywords.parse("9" * 1_000_000) is None
