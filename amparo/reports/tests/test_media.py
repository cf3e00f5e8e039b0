"""Report media: encrypted storage, and the Twilio fetch against a fake server on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import struct
import threading
import zlib
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from amparo.reports.media import MediaRejected, read_media, sniff_image_type, store_upload
from amparo.reports.models import Report, ReportMedia
from amparo.reports.tasks import fetch_media, media_url_allowed, sweep_pending


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def make_report(org, provider_id="SM1") -> Report:
    return Report.objects.create(organization=org, channel="sms", provider_id=provider_id, body="x", received_at=timezone.now())


def media_file(settings, media: ReportMedia) -> Path:
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / media.stored_name


class FakeTwilio:
    """A tiny HTTP server standing in for api.twilio.com."""

    def __init__(self, routes: dict[str, tuple[int, dict, bytes]]):
        self.routes = routes
        self.requests: list[tuple[str, str | None]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                fake.requests.append((self.path, self.headers.get("Authorization")))
                status, headers, body = fake.routes.get(self.path, (404, {}, b""))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback_twilio(settings):
    settings.TWILIO_MEDIA_HOSTS = ("127.0.0.1",)
    settings.TWILIO_MEDIA_ALLOW_HTTP_LOOPBACK = True


def test_it_sniffs_images_by_content():
    assert sniff_image_type(tiny_png()) == "image/png"
    assert sniff_image_type(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "image/jpeg"
    assert sniff_image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_image_type(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00") == "image/heic"
    assert sniff_image_type(b"hello, I am text") is None
    assert sniff_image_type(b"") is None


def test_it_stores_uploads_encrypted_and_reads_them_back(north, settings):
    png = tiny_png()
    media = store_upload(make_report(north), SimpleUploadedFile("x.txt", png, content_type="text/plain"))
    assert media.status == ReportMedia.STORED
    assert media.content_type == "image/png"
    assert media.size == len(png)
    assert media.sha256 == hashlib.sha256(png).hexdigest()
    assert media.stored_name.startswith(f"{north.pk}/") and media.stored_name.endswith(".bin")
    on_disk = media_file(settings, media).read_bytes()
    assert b"PNG" not in on_disk and b"IHDR" not in on_disk
    assert read_media(ReportMedia.objects.get(pk=media.pk)) == png


def test_it_refuses_text_named_jpg_and_oversize(north, settings):
    report = make_report(north)
    with pytest.raises(MediaRejected) as exc:
        store_upload(report, SimpleUploadedFile("photo.jpg", b"just some text", content_type="image/jpeg"))
    assert exc.value.reason == "not_an_image"
    settings.MEDIA_MAX_BYTES = 10
    with pytest.raises(MediaRejected) as exc:
        store_upload(report, SimpleUploadedFile("photo.png", tiny_png(), content_type="image/png"))
    assert exc.value.reason == "too_large"
    assert ReportMedia.objects.count() == 0


def test_it_allows_only_twilio_hosts_over_https(settings):
    assert media_url_allowed("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1")
    assert not media_url_allowed("http://api.twilio.com/x")
    assert not media_url_allowed("https://api.twilio.com:8443/x")
    assert not media_url_allowed("https://evil.example/x")
    assert not media_url_allowed("https://api.twilio.com.evil.example/x")
    assert not media_url_allowed("https://user:pw@api.twilio.com/x")
    assert not media_url_allowed("file:///etc/passwd")
    assert not media_url_allowed("http://127.0.0.1:8000/x")
    settings.TWILIO_MEDIA_HOSTS = ("127.0.0.1",)
    assert not media_url_allowed("http://127.0.0.1:8000/x")  # loopback http needs the flag too
    settings.TWILIO_MEDIA_ALLOW_HTTP_LOOPBACK = True
    assert media_url_allowed("http://127.0.0.1:8000/x")
    assert not media_url_allowed("http://localhost:8000/x")


def test_it_fetches_with_basic_auth_and_stores_encrypted(north, settings, loopback_twilio):
    north.twilio_account_sid = "AC123"
    north.save(update_fields=["twilio_account_sid"])
    png = tiny_png()
    with FakeTwilio({"/Media/ME1": (200, {"Content-Type": "image/png"}, png)}) as fake:
        media = ReportMedia.objects.create(organization=north, report=make_report(north), url=fake.base + "/Media/ME1")
        assert fetch_media(media.pk) == ReportMedia.STORED
    expected = "Basic " + base64.b64encode(b"AC123:north-auth-token-for-tests-000000").decode()
    assert fake.requests == [("/Media/ME1", expected)]
    media.refresh_from_db()
    assert (media.status, media.content_type, media.size, media.attempts) == ("stored", "image/png", len(png), 1)
    assert b"PNG" not in media_file(settings, media).read_bytes()
    assert read_media(media) == png
    # A second run (retry or sweeper) changes nothing and requests nothing.
    assert fetch_media(media.pk) == ReportMedia.STORED
    assert len(fake.requests) == 1


def test_it_refuses_hosts_outside_the_allowlist_without_a_request(north, settings):
    # The fake server is up on loopback, but 127.0.0.1 is not in TWILIO_MEDIA_HOSTS.
    with FakeTwilio({"/Media/ME1": (200, {}, tiny_png())}) as fake:
        media = ReportMedia.objects.create(organization=north, report=make_report(north), url=fake.base + "/Media/ME1")
        assert fetch_media(media.pk) == ReportMedia.REFUSED
    assert fake.requests == []
    media.refresh_from_db()
    assert media.status == ReportMedia.REFUSED and media.stored_name == ""


def test_it_refuses_a_redirect_off_the_allowlist(north, settings, loopback_twilio):
    with FakeTwilio({"/Media/ME1": (302, {"Location": "https://evil.example/steal"}, b"")}) as fake:
        media = ReportMedia.objects.create(organization=north, report=make_report(north), url=fake.base + "/Media/ME1")
        assert fetch_media(media.pk) == ReportMedia.REFUSED
    assert len(fake.requests) == 1


def test_it_follows_a_redirect_on_the_allowlist(north, settings, loopback_twilio):
    north.twilio_account_sid = "AC123"
    north.save(update_fields=["twilio_account_sid"])
    with FakeTwilio({}) as fake:
        fake.routes["/Media/ME1"] = (307, {"Location": "/cdn/abc"}, b"")
        fake.routes["/cdn/abc"] = (200, {"Content-Type": "image/png"}, tiny_png())
        media = ReportMedia.objects.create(organization=north, report=make_report(north), url=fake.base + "/Media/ME1")
        assert fetch_media(media.pk) == ReportMedia.STORED
    assert [p for p, _ in fake.requests] == ["/Media/ME1", "/cdn/abc"]


def test_it_caps_the_size(north, settings, loopback_twilio):
    settings.MEDIA_MAX_BYTES = 100
    with FakeTwilio({"/big": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff" + b"0" * 500)}) as fake:
        media = ReportMedia.objects.create(organization=north, report=make_report(north), url=fake.base + "/big")
        assert fetch_media(media.pk) == ReportMedia.FAILED
    media.refresh_from_db()
    assert media.stored_name == "" and media.size == 0


def test_it_retries_server_errors_then_gives_up(north, settings, loopback_twilio):
    from amparo.reports.tasks import MAX_FETCH_ATTEMPTS, _Retry

    with FakeTwilio({"/Media/ME1": (503, {}, b"")}) as fake:
        media = ReportMedia.objects.create(organization=north, report=make_report(north), url=fake.base + "/Media/ME1")
        for _ in range(MAX_FETCH_ATTEMPTS - 1):
            with pytest.raises(_Retry):
                fetch_media(media.pk)
        assert fetch_media(media.pk) == ReportMedia.FAILED
    assert len(fake.requests) == MAX_FETCH_ATTEMPTS


def test_it_sweeps_media_left_pending(north, settings, loopback_twilio):
    with FakeTwilio({"/Media/ME1": (200, {"Content-Type": "image/png"}, tiny_png())}) as fake:
        report = make_report(north)
        old = ReportMedia.objects.create(organization=north, report=report, url=fake.base + "/Media/ME1")
        fresh = ReportMedia.objects.create(organization=north, report=report, url=fake.base + "/Media/ME1")
        exhausted = ReportMedia.objects.create(organization=north, report=report, url=fake.base + "/x", attempts=6)
        ReportMedia.objects.filter(pk__in=[old.pk, exhausted.pk]).update(created_at=timezone.now() - timedelta(minutes=3))
        # Huey runs immediately in tests: the sweep fetches at once.
        assert sweep_pending() == [old.pk]
    statuses = dict(ReportMedia.objects.values_list("pk", "status"))
    assert statuses == {old.pk: "stored", fresh.pk: "pending", exhausted.pk: "failed"}


def test_it_enqueues_on_commit_through_huey(north, settings, loopback_twilio, django_capture_on_commit_callbacks):
    from django.db import transaction

    from amparo.reports.tasks import enqueue_media_fetch

    with FakeTwilio({"/Media/ME1": (200, {"Content-Type": "image/png"}, tiny_png())}) as fake:
        media = ReportMedia.objects.create(organization=north, report=make_report(north), url=fake.base + "/Media/ME1")
        with django_capture_on_commit_callbacks(execute=True):
            transaction.on_commit(lambda: enqueue_media_fetch([media.pk]))
    media.refresh_from_db()
    assert media.status == ReportMedia.STORED
