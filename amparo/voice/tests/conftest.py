"""Driving a call as Twilio drives it: signed webhooks replayed from the
fixtures, each answer parsed as TwiML, the next request sent to the URL the
answer names. REST calls and recording downloads go to a fake Twilio on
127.0.0.1."""

from __future__ import annotations

import base64
import json
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ACCOUNT = "AC00000000000000000000000000000000"
CALL_SID = "CA5f2b8c7d9e0a1b2c3d4e5f60718293a4"
CALLER = "+13235550142"
DISPATCHER_PHONE = "+13105550111"
ADMIN_PHONE = "+13105550122"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" * 64


def payload(name: str, **over: str) -> dict:
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    data.update(over)
    return data


def twiml(response) -> ET.Element:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "Response"
    return root


def local(url: str, settings) -> str:  # type: ignore[no-untyped-def]
    assert url.startswith(settings.AMPARO_PUBLIC_URL + "/hooks/twilio/voice/"), url
    return url[len(settings.AMPARO_PUBLIC_URL):]


def says(node: ET.Element) -> list[tuple[str, str, str]]:
    return [(s.get("language", ""), s.get("voice", ""), s.text or "") for s in node.iter("Say")]


class Caller:
    """One inbound call, step by step."""

    def __init__(self, twilio_post, settings, call_sid: str = CALL_SID, caller: str = CALLER) -> None:  # type: ignore[no-untyped-def]
        self.post, self.settings, self.sid, self.caller = twilio_post, settings, call_sid, caller
        self.root: ET.Element | None = None
        self.record_callback = ""

    def _seen(self, root: ET.Element) -> ET.Element:
        self.root = root
        record = root.find(".//Record")
        if record is not None:
            self.record_callback = local(record.get("recordingStatusCallback", ""), self.settings)
        return root

    def dial_in(self, **over: str) -> ET.Element:
        resp = self.post("/hooks/twilio/voice", payload("call_incoming", CallSid=self.sid, From=self.caller,
                                                         Caller=self.caller, **over))
        return self._seen(twiml(resp))

    def url_of(self, tag: str, attr: str = "action") -> str:
        assert self.root is not None
        node = self.root.find(f".//{tag}")
        assert node is not None, ET.tostring(self.root)
        return local(node.get(attr) or (node.text or "").strip(), self.settings)

    def press(self, digits: str, tag: str = "Gather") -> ET.Element:
        return self.to(self.url_of(tag), Digits=digits)

    def follow_redirect(self) -> ET.Element:
        return self.to(self.url_of("Redirect", attr=""))

    def to(self, path: str, name: str = "gather", **over: str) -> ET.Element:
        return self._seen(twiml(self.post(path, payload(name, CallSid=self.sid, From=self.caller, Caller=self.caller,
                                                       **over))))

    def hang_up(self, status: str = "completed"):  # type: ignore[no-untyped-def]
        return self.post("/hooks/twilio/voice/status", payload("call_status", CallSid=self.sid, From=self.caller,
                                                               CallStatus=status))

    def recording(self, base: str = "https://api.twilio.com", **over: str):  # type: ignore[no-untyped-def]
        path = self.record_callback
        assert path, "the call never reached <Record>"
        data = payload("recording_status", CallSid=self.sid, **over)
        data.setdefault("RecordingUrl", "")
        data["RecordingUrl"] = data["RecordingUrl"].replace("https://api.twilio.com", base)
        return self.post(path, data)


@pytest.fixture
def caller(twilio_post, settings):  # type: ignore[no-untyped-def]
    return Caller(twilio_post, settings)


class FakeTwilio:
    """api.twilio.com on 127.0.0.1: recordings to download and delete, calls to create."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.routes: dict[tuple[str, str], tuple[int, dict, bytes]] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length", "0") or 0)
                body = self.rfile.read(length).decode() if length else ""
                fake.requests.append({"method": self.command, "path": self.path,
                                      "auth": self.headers.get("Authorization", ""),
                                      "form": {k: v[0] for k, v in parse_qs(body).items()}})
                status, headers, content = fake.routes.get((self.command, self.path.split("?")[0]), (404, {}, b""))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_DELETE = _serve  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()

    def recording(self, sid: str, audio: bytes = MP3, delete_status: int = 204) -> None:
        base = f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{sid}"
        self.routes[("GET", base + ".mp3")] = (200, {"Content-Type": "audio/mpeg"}, audio)
        self.routes[("DELETE", base + ".json")] = (delete_status, {}, b"")

    def made(self, method: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == method]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def basic_auth(token: str) -> str:
    return "Basic " + base64.b64encode(f"{ACCOUNT}:{token}".encode()).decode()


@pytest.fixture
def fake_twilio(settings, north):  # type: ignore[no-untyped-def]
    fake = FakeTwilio()
    settings.TWILIO_API_BASE = fake.url
    settings.TWILIO_MEDIA_HOSTS = ("127.0.0.1",)
    settings.TWILIO_MEDIA_ALLOW_HTTP_LOOPBACK = True
    north.twilio_account_sid = ACCOUNT
    north.save(update_fields=["twilio_account_sid"])
    yield fake
    fake.close()


@pytest.fixture
def bilingual(north):  # type: ignore[no-untyped-def]
    north.languages = ["en", "es"]
    north.save(update_fields=["languages"])
    return north


@pytest.fixture
def on_duty(north, dispatcher, admin_user):  # type: ignore[no-untyped-def]
    from amparo.voice.actions import set_duty

    return [set_duty(north, dispatcher, on_duty=True, phone=DISPATCHER_PHONE, schedule=[]),
            set_duty(north, admin_user, on_duty=True, phone=ADMIN_PHONE, schedule=[])]


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def as_user(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return as_user
