"""Shared test fixtures: personas, signed Twilio requests, a blocked network.

Personas (as in healthchecks' hc/test.py): an admin, a dispatcher, a
responder and a legal coordinator of organization "north", and an outsider
who is a dispatcher of organization "south". Each test of an endpoint checks
what the outsider gets.
"""

from __future__ import annotations

import os
import socket
import tempfile

import pyotp
import pytest
from django.conf import settings

# Tests run jobs inline (Huey's immediate mode, in-memory) and keep keys and
# files away from the developer's var/.
_TEST_DATA_DIR = tempfile.mkdtemp(prefix="amparo-test-")
settings.DATA_DIR = __import__("pathlib").Path(_TEST_DATA_DIR)
settings.STORAGES = {**settings.STORAGES, "default": {
    "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": _TEST_DATA_DIR + "/media"}}}
settings.AMPARO_MASTER_KEYS = "kdu_WCjmGxEx1AF3HzeDNbQMBUQ3I-HxyfPN5fKLpMA="
# Production hashes passwords with Django's default PBKDF2 (0.3 s a hash on a
# small machine, twice per failed login); tests create and check passwords by
# the thousand, and nothing they prove depends on the hash's cost.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
os.environ["HUEY_IMMEDIATE"] = "1"


def worker_redis_url(url: str, worker: str) -> str:
    """The Redis URL of one pytest-xdist worker: gw0 keeps the URL's database,
    gw<i> gets database N - i. ``cache.clear()`` is FLUSHDB, which a key prefix
    does not contain: only a database of its own keeps one worker from wiping
    another's throttle counters and queue keys."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    db = base - int(worker.removeprefix("gw"))
    if db < 1:
        raise pytest.UsageError(
            f"Redis test database {base} leaves no database >= 1 for xdist worker {worker}: "
            "run fewer workers (-n) or point REDIS_URL at a higher database")
    return urlunsplit(parts._replace(path=f"/{db}"))


_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if settings.REDIS_URL and _WORKER:
    from django.test.signals import setting_changed  # its receiver rebuilds the cache handler

    settings.REDIS_URL = worker_redis_url(settings.REDIS_URL, _WORKER)
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": settings.REDIS_URL}}
    setting_changed.send(sender=type(settings), setting="CACHES", value=settings.CACHES, enter=True)
    settings.HUEY = {**settings.HUEY, "url": settings.REDIS_URL, "name": f"{settings.HUEY['name']}-{_WORKER}"}

from huey.contrib.djhuey import HUEY  # noqa: E402

if _WORKER and "url" in HUEY.storage_kwargs:
    HUEY.name, HUEY.storage_kwargs["url"] = settings.HUEY["name"], settings.HUEY["url"]
HUEY.immediate = True
HUEY.storage = HUEY.create_storage()  # in memory in immediate mode; else the worker's name and database

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "correct horse battery staple"
NORTH_NUMBER = "+12135550100"
SOUTH_NUMBER = "+13105550199"
NORTH_TOKEN = "north-auth-token-for-tests-000000"
SOUTH_TOKEN = "south-auth-token-for-tests-111111"

_real_connect = socket.socket.connect


def _guarded_connect(self, address):  # type: ignore[no-untyped-def]
    """Nothing under test may reach the internet: loopback and unix sockets only."""
    if isinstance(address, tuple):
        host = address[0]
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise OSError(f"network blocked in tests: {address!r}")
    return _real_connect(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]


def totp_now(secret: str = TEST_TOTP_SECRET) -> str:
    return pyotp.TOTP(secret).now()


def enroll_totp(user, secret: str = TEST_TOTP_SECRET) -> None:  # type: ignore[no-untyped-def]
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(secret)}}
    )


def make_member(org, email: str, role: str):  # type: ignore[no-untyped-def]
    from amparo.accounts.models import User
    from amparo.orgs.models import Membership

    user = User.objects.create_user(email=email, password=PASSWORD)
    Membership.objects.create(user=user, organization=org, role=role)
    enroll_totp(user)
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """Flood limits, login throttles and used TOTP codes count in the cache, keyed
    by ids and client hashes that repeat across tests: each test starts from zero."""
    from django.core.cache import cache

    from amparo.orgs.lookup import forget
    from amparo.texts.render import forget_overrides

    cache.clear()
    # The per-process lookups of the webhook (hotline numbers, text overrides) hold rows by ids that
    # repeat across tests, and a rolled-back test sends no signal to forget them.
    forget()
    forget_overrides()


@pytest.fixture(autouse=True)
def _worker_alive():  # type: ignore[no-untyped-def]
    """Pages ask, every 15 s per process, whether the worker is alive: a query that would land in
    whichever test comes first. Tests assume it alive; amparo/verification/tests/test_worker_health.py
    looks for real."""
    from amparo.verification.health import assume

    assume(None)


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """A request through LocaleMiddleware leaves its language active in the thread (the
    next request activates its own): each test starts, and ends, in the default language."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def north(db):  # type: ignore[no-untyped-def]
    from amparo.orgs.actions import create_organization
    from amparo.orgs.models import HotlineNumber

    org = create_organization(slug="north", name="North Network", twilio_auth_token=NORTH_TOKEN)
    HotlineNumber.objects.create(organization=org, e164=NORTH_NUMBER)
    return org


@pytest.fixture
def south(db):  # type: ignore[no-untyped-def]
    from amparo.orgs.actions import create_organization
    from amparo.orgs.models import HotlineNumber

    org = create_organization(slug="south", name="South Network", default_language="es", twilio_auth_token=SOUTH_TOKEN)
    HotlineNumber.objects.create(organization=org, e164=SOUTH_NUMBER)
    return org


@pytest.fixture
def admin_user(north):  # type: ignore[no-untyped-def]
    return make_member(north, "admin@north.test", "admin")


@pytest.fixture
def dispatcher(north):  # type: ignore[no-untyped-def]
    return make_member(north, "dispatcher@north.test", "dispatcher")


@pytest.fixture
def responder(north):  # type: ignore[no-untyped-def]
    return make_member(north, "responder@north.test", "responder")


@pytest.fixture
def legal(north):  # type: ignore[no-untyped-def]
    return make_member(north, "legal@north.test", "legal")


@pytest.fixture
def outsider(south):  # type: ignore[no-untyped-def]
    return make_member(south, "dispatcher@south.test", "dispatcher")


@pytest.fixture
def twilio_post(client, settings):  # type: ignore[no-untyped-def]
    """POST a form to a Twilio webhook, signed as Twilio signs it."""
    from twilio.request_validator import RequestValidator

    def post(path: str, params: dict, token: str = NORTH_TOKEN, signature: str | None = None, **extra):  # type: ignore[no-untyped-def]
        url = settings.AMPARO_PUBLIC_URL + path
        sig = signature if signature is not None else RequestValidator(token).compute_signature(url, params)
        headers = {"HTTP_X_TWILIO_SIGNATURE": sig} if sig else {}
        return client.post(path, params, **headers, **extra)

    return post
