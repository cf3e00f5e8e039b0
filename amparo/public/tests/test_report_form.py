"""The public report form: languages, validation, bot defense, idempotency, photos."""

from __future__ import annotations

import re
import struct
import time
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from amparo.public.tokens import issue_token
from amparo.reports.models import Report, ReportMedia
from amparo.testing.i18n import translated

URL = "/report/north/"


@pytest.fixture(autouse=True)
def no_wait(settings):
    settings.AMPARO_FORM_MIN_SECONDS = 0


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def form_data(client, url=URL, **overrides) -> dict:
    data = {
        "token": token_of(client.get(url)),
        "lang": "en",
        "what": "stop",
        "description": "Two vans, agents talking to people at the bus stop",
        "address": "",
        "cross_streets": "5th and Broadway",
        "zip": "90013",
        "landmark": "",
        "when": "now",
        "when_at": "",
        "callback": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_it_shows_the_form_in_english_and_spanish(client, north):
    r = client.get(URL)
    assert r.status_code == 200
    assert "What is happening?" in r.content.decode()
    assert 'name="website"' in r.content.decode() and 'class="hp"' in r.content.decode()
    r = client.get(URL + "?lang=es")
    body = r.content.decode()
    assert r.status_code == 200
    assert '<html lang="es">' in body
    assert r.cookies["amparo_lang"].value == "es"
    assert 'name="lang" value="es"' in body
    assert 'href="?lang=en"' in body
    # The cookie keeps Spanish on the next visit without ?lang.
    assert '<html lang="es">' in client.get(URL).content.decode()
    # And ?lang=en switches back.
    r = client.get(URL + "?lang=en")
    assert '<html lang="en">' in r.content.decode() and r.cookies["amparo_lang"].value == "en"


def test_it_speaks_spanish(client, north):
    question, send = translated("es", "What is happening?"), translated("es", "Send report")
    body = client.get(URL + "?lang=es").content.decode()
    assert question in body and send in body
    assert "What is happening?" not in body and "Send report" not in body


def test_it_picks_the_single_organization_or_lists_them(client, north):
    r = client.get("/report/?lang=es")
    assert r.status_code == 302 and r["Location"] == "/report/north/?lang=es"


def test_it_lists_organizations_by_name_only(client, north, south, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        r = client.get("/report/")
    body = r.content.decode()
    assert r.status_code == 200
    assert "North Network" in body and "South Network" in body
    assert 'href="/report/south/"' in body


def test_it_404s_an_unknown_organization(client, north):
    assert client.get("/report/nowhere/").status_code == 404
    assert client.post("/report/nowhere/", {}).status_code == 404


def test_it_stores_a_report_and_shows_the_confirmation(client, north):
    r = client.post(URL, form_data(client, callback="(213) 555-0142", may_text="on", landmark="Grand Park"))
    assert r.status_code == 302
    report = Report.objects.get()
    assert report.organization == north and report.channel == "web"
    assert report.provider_id.startswith("web:")
    assert report.caller_number == "+12135550142"
    assert report.body == (
        "Two vans, agents talking to people at the bus stop\n"
        "Where: 5th and Broadway / Grand Park / 90013\n"
        "When: happening now"
    )
    assert report.extra == {
        "what": "stop", "when": "now", "may_call": False, "may_text": True, "address": "",
        "cross_streets": "5th and Broadway", "zip": "90013", "landmark": "Grand Park",
    }
    page = client.get(r["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert report.number == 1 and "R-1" in text  # the network's own sequence, as SMS reporters get
    assert 'href="tel:+12135550100"' in text  # the hotline's number, to call with that reference
    assert "You have the right to remain silent" in text
    assert "bus stop" not in text  # never the report's content


def test_it_writes_a_spanish_body_and_a_specific_time(client, north):
    data = form_data(client, lang="es", description="", address="123 Main St", when="at", when_at="2024-05-01T14:30")
    assert client.post(URL, data).status_code == 302
    report = Report.objects.get()
    assert report.language == "es"
    # The time is read in the organization's time zone (America/Los_Angeles), as typed.
    assert report.extra["when"] == "2024-05-01T14:30:00-07:00"
    where = translated("es", "Where: %(place)s", place="123 Main St / 5th and Broadway / 90013")
    assert report.body == where + "\n" + translated("es", "When: %(when)s", when="2024-05-01 14:30")


def test_it_lists_validation_errors_in_spanish_and_keeps_the_input(client, north):
    data = form_data(client, lang="es", description="", cross_streets="", zip="9001", callback="12345",
                     landmark="<b>parque</b>")
    data["zip"] = "9001"
    r = client.post(URL + "?lang=es", data)
    body = r.content.decode()
    assert r.status_code == 200
    assert Report.objects.count() == 0
    assert 'class="errors-summary"' in body
    assert "90001" in body  # the ZIP error, with its example
    assert 'value="9001"' in body and 'value="12345"' in body
    assert "&lt;b&gt;parque&lt;/b&gt;" in body
    assert body.count("errorlist") >= 3  # at the top and next to each field
    zip_error = translated("es", "Enter a ZIP code of 5 digits, for example 90001.")
    phone_error = translated(
        "es", "This is not a phone number we can call. Enter it with the area code, for example 213-555-0100."
    )
    assert body.count(escape(zip_error)) == 2  # at the top and next to the field
    assert body.count(escape(phone_error)) == 2
    assert escape(translated("es", "Please correct these and send again:")) in body


def test_it_requires_a_place_or_a_description(client, north):
    data = form_data(client, description="", cross_streets="", zip="")
    r = client.post(URL, data)
    assert r.status_code == 200
    assert "Tell us where it is happening" in r.content.decode()
    assert Report.objects.count() == 0
    # Issue 15, item 11: the error sits in "Where?", at its first field, not under the description.
    assert list(r.context["form"].errors) == ["address"]
    html = r.content.decode()
    where = html.index("<legend>Where?</legend>")
    assert where < html.index('id="id_address_errors"') < html.index('id="id_address"')
    assert 'href="#id_address"' in html


def test_it_says_when_the_date_and_time_counts(client, north):
    html = client.get(URL).content.decode()
    hint = html.index("Only with “At a specific time”")
    assert html.index('for="id_when_at"') < hint < html.index('id="id_when_at"')


def test_it_stores_nothing_for_a_filled_honeypot(client, north):
    r = client.post(URL, form_data(client, website="http://spam.example"))
    assert r.status_code == 200
    assert "Please take a moment" in r.content.decode()
    assert "http://spam.example" not in r.content.decode()
    assert Report.objects.count() == 0


def test_it_stores_nothing_for_a_post_faster_than_a_person(client, north, settings):
    settings.AMPARO_FORM_MIN_SECONDS = 3
    data = form_data(client)
    r = client.post(URL, data)
    assert r.status_code == 200
    assert "Please take a moment" in r.content.decode()
    assert "bus stop" in r.content.decode()  # the input is kept
    assert Report.objects.count() == 0


def test_it_stores_nothing_for_a_forged_or_foreign_token(client, north, south):
    for token in ("nonsense", issue_token(south.pk)):
        r = client.post(URL, form_data(client, token=token))
        assert r.status_code == 200
        assert "open for a long time" in r.content.decode()
    assert Report.objects.count() == 0


def test_it_stores_one_report_for_a_resubmitted_form(client, north):
    data = form_data(client)
    first = client.post(URL, data)
    second = client.post(URL, {**data, "description": "edited after going back"})
    assert first["Location"] == second["Location"]
    assert Report.objects.count() == 1
    assert Report.objects.get().body.startswith("Two vans")


def test_it_stores_exactly_what_was_typed_and_escapes_it(client, north):
    nasty = "🚨 <script>alert(1)</script> <img src=x onerror=alert(1)> مرحبا עברית\r\nline2 " + "x" * 1900
    r = client.post(URL, form_data(client, description=nasty, zip="", cross_streets=""))
    assert r.status_code == 302
    report = Report.objects.get()
    assert report.body.split("\nWhen:")[0] == nasty.replace("\r\n", "\n")
    # And a form shown again with that input escapes it.
    r = client.post(URL, form_data(client, description=nasty, zip="bad"))
    assert "<script>alert(1)</script>" not in r.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.content.decode()


def test_it_accepts_a_png_and_stores_it_encrypted(client, north, settings):
    png = tiny_png()
    data = form_data(client, photo=SimpleUploadedFile("IMG_0001.HEIC", png, content_type="image/heic"))
    assert client.post(URL, data).status_code == 302
    media = ReportMedia.objects.get()
    assert media.report == Report.objects.get() and media.organization == north
    assert (media.content_type, media.size, media.status) == ("image/png", len(png), "stored")
    on_disk = (Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / media.stored_name).read_bytes()
    assert b"\x89PNG" not in on_disk and b"IHDR" not in on_disk


def test_it_refuses_a_text_file_named_jpg(client, north):
    data = form_data(client, photo=SimpleUploadedFile("photo.jpg", b"not a photo at all", content_type="image/jpeg"))
    r = client.post(URL, data)
    assert r.status_code == 200
    assert "This file is not a photo" in r.content.decode()
    assert Report.objects.count() == 0 and ReportMedia.objects.count() == 0


def test_it_refuses_an_oversize_photo_while_keeping_the_form(client, north, settings):
    settings.MEDIA_MAX_BYTES = 1024
    big = b"\xff\xd8\xff\xe0" + b"0" * 4000
    r = client.post(URL, form_data(client, photo=SimpleUploadedFile("big.jpg", big, content_type="image/jpeg")))
    body = r.content.decode()
    assert r.status_code == 200
    assert "The photo is too large" in body
    assert "bus stop" in body
    assert Report.objects.count() == 0 and ReportMedia.objects.count() == 0


def test_it_refuses_a_huge_post_without_reading_it(client, north, settings):
    settings.MEDIA_MAX_BYTES = 1024
    huge = b"\xff\xd8\xff\xe0" + b"0" * (300 * 1024)
    r = client.post(URL + "?lang=es", form_data(client, photo=SimpleUploadedFile("big.jpg", huge)))
    assert r.status_code == 413
    assert '<html lang="es">' in r.content.decode()
    assert Report.objects.count() == 0


def test_it_404s_a_forged_or_foreign_confirmation(client, north, south):
    r = client.post(URL, form_data(client))
    location = r["Location"]
    assert client.get(location).status_code == 200
    assert client.get(location.replace("/north/", "/south/")).status_code == 404
    assert client.get(location[:-3] + "xx/").status_code == 404


def test_it_shows_the_confirmation_in_spanish(client, north):
    r = client.post(URL, form_data(client, lang="es"))
    assert r.cookies["amparo_lang"].value == "es"
    page = client.get(r["Location"])
    assert '<html lang="es">' in page.content.decode()
    assert escape(translated("es", "Thank you. We received your report.")) in page.content.decode()


def test_it_takes_its_time_like_a_person(client, north, settings, monkeypatch):
    settings.AMPARO_FORM_MIN_SECONDS = 1
    data = form_data(client)
    # 1.05 s later on the form token's clock, without sleeping through them.
    later = time.time() + 1.05
    monkeypatch.setattr("amparo.public.tokens.time", SimpleNamespace(time=lambda: later))
    assert client.post(URL, data).status_code == 302


def test_it_checks_csrf_despite_the_upload_handler(north):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    data = form_data(strict)
    assert strict.post(URL, data).status_code == 403
    data["csrfmiddlewaretoken"] = strict.cookies["csrftoken"].value
    assert strict.post(URL, data).status_code == 302
    assert Report.objects.count() == 1


def test_it_keeps_the_nonce_when_a_fast_post_is_shown_again(client, north, settings):
    settings.AMPARO_FORM_MIN_SECONDS = 3
    data = form_data(client)
    again = client.post(URL, data)
    settings.AMPARO_FORM_MIN_SECONDS = 0
    assert client.post(URL, {**data, "token": token_of(again)}).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert Report.objects.count() == 1


@pytest.mark.parametrize("lang", [code for code, _name in django_settings.LANGUAGES])
def test_place_understanding_reads_the_whole_of_the_longest_form_report(north, lang):
    """The analysis bound (decision 52) must not cut off the "Where:" line of a long description."""
    from amparo.places.extract import PLACE_TEXT_CHARS
    from amparo.public.actions import report_body
    from amparo.public.forms import PLACE_FIELDS, ReportForm

    longest = {f: "y" * ReportForm.base_fields[f].max_length for f in ("description", *PLACE_FIELDS)}
    body = report_body(north, {**longest, "when": "earlier"}, lang)
    assert len(body) <= PLACE_TEXT_CHARS


def test_a_description_with_a_long_run_of_digits_is_stored(client, north):
    """4,301 digits made int() raise in place understanding: a 500, and the report was lost."""
    description = "ICE at 5th and Broadway, call " + "7" * 4301
    r = client.post(URL, form_data(client, description=description))
    assert r.status_code == 302
    assert Report.objects.get().body.startswith(description)
