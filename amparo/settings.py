"""The one settings module. Everything that differs between machines comes
from the environment; the table of variables is in README.md (Configuration)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from amparo.env import env, envbool, envint, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent

AMPARO_ENV = env("AMPARO_ENV", "development")
if AMPARO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"AMPARO_ENV must be 'development' or 'production', not {AMPARO_ENV!r}")
PRODUCTION = AMPARO_ENV == "production"

DATA_DIR = Path(env("AMPARO_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)

# Development defaults that production refuses (below, and
# amparo.crypto.keys): anything equal to one of these is "a default secret".
DEV_SECRET_KEY = "dev-insecure-secret-key-do-not-use-in-production"
DEV_TWILIO_AUTH_TOKEN = "dev-twilio-auth-token-0000000000"


def _secret_key() -> str:
    value = envsecret("SECRET_KEY")
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set in production")
    return DEV_SECRET_KEY


SECRET_KEY = _secret_key()
if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured("SECRET_KEY is a default or too short (min 40 chars) for production")

DEBUG = envbool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on in production")

# The public base URL Twilio calls us on, e.g. https://hotline.example.org.
# Signatures are computed over it, because a proxy hides the real URL from Django.
AMPARO_PUBLIC_URL = env("AMPARO_PUBLIC_URL", "http://localhost:8000").rstrip("/")
if PRODUCTION and not AMPARO_PUBLIC_URL.startswith("https://"):
    raise ImproperlyConfigured("AMPARO_PUBLIC_URL must be an https:// URL in production")

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [AMPARO_PUBLIC_URL] if AMPARO_PUBLIC_URL.startswith("https://") else []

# Master keys wrap each organization's data key. Comma-separated Fernet keys,
# newest first; older keys keep unwrapping until `rotate_keys` has run.
AMPARO_MASTER_KEYS = envsecret("AMPARO_MASTER_KEYS")
if PRODUCTION:
    if not AMPARO_MASTER_KEYS:
        raise ImproperlyConfigured("AMPARO_MASTER_KEYS (or AMPARO_MASTER_KEYS_FILE) must be set in production")
    from cryptography.fernet import Fernet  # production only: checks the master keys parse

    try:
        [Fernet(k.strip().encode()) for k in AMPARO_MASTER_KEYS.split(",") if k.strip()]
    except ValueError:
        raise ImproperlyConfigured("AMPARO_MASTER_KEYS holds a value that is not a Fernet key")

# The default Twilio auth token given to organizations created by load_demo.
TWILIO_AUTH_TOKEN = envsecret("TWILIO_AUTH_TOKEN", "" if PRODUCTION else DEV_TWILIO_AUTH_TOKEN)
if PRODUCTION and TWILIO_AUTH_TOKEN == DEV_TWILIO_AUTH_TOKEN:
    raise ImproperlyConfigured("TWILIO_AUTH_TOKEN is the development default: set the real one or leave it unset")
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", "")
# Hosts media and recordings may be fetched from: Twilio's, nothing else.
TWILIO_MEDIA_HOSTS = ("api.twilio.com", "media.twiliocdn.com", "mms.twiliocdn.com")
# Plain http to 127.0.0.1 for media fetches: only tests with a fake server turn this on.
TWILIO_MEDIA_ALLOW_HTTP_LOOPBACK = False
# Map tiles over plain http from 127.0.0.1/localhost: only tests with a local tile server turn this on.
AMPARO_TILES_ALLOW_HTTP_LOOPBACK = False
# How texts to reporters leave: "twilio" (the REST API) or "console" (recorded
# and shown in the console, nothing sent). Production may use "console" for a
# rehearsal, but the messaging app logs an error at every start.
AMPARO_SMS_TRANSPORT = env("AMPARO_SMS_TRANSPORT", "twilio" if PRODUCTION else "console")
if AMPARO_SMS_TRANSPORT not in {"console", "twilio"}:
    raise ImproperlyConfigured(f"AMPARO_SMS_TRANSPORT must be 'console' or 'twilio', not {AMPARO_SMS_TRANSPORT!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Not "allauth.usersessions": it stores every session's IP address and user agent.
    "csp",
    "huey.contrib.djhuey",
    "ninja",
    # Amparo's apps in layer order, foundation first (docs/architecture.md).
    "amparo.core",
    "amparo.crypto",
    "amparo.audit",
    "amparo.orgs",
    "amparo.texts",
    "amparo.security",
    "amparo.accounts",
    "amparo.places",
    "amparo.reports",
    "amparo.incidents",
    "amparo.retention",
    "amparo.blocklist",
    "amparo.messaging",
    "amparo.intake",
    "amparo.voice",
    "amparo.verification",
    "amparo.alerts",
    "amparo.legal",
    "amparo.volunteers",
    "amparo.integrations.twilio",
    "amparo.console",
    "amparo.manage",
    "amparo.public",
    "amparo.api",
    "amparo.demo",
]

MIDDLEWARE = [
    "amparo.core.middleware.RequestStartMiddleware",  # first: before anything reads a body
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "amparo.accounts.middleware.SessionTimeoutMiddleware",
    "amparo.accounts.middleware.RequireMFAMiddleware",
    "amparo.accounts.middleware.OrgTimeZoneMiddleware",
]

ROOT_URLCONF = "amparo.urls"
WSGI_APPLICATION = "amparo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "amparo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "amparo.core.context_processors.amparo",
                "amparo.verification.context_processors.worker_health",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'amparo.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0 if DEBUG else _db["CONN_MAX_AGE"]
    # WAL lets readers run beside the one writer. FULL (the default) makes every commit survive
    # power loss: an acknowledged report is on disk. NORMAL skips the fsync per commit, so a commit
    # survives the process being killed but not the machine losing power (decision 151).
    SQLITE_SYNCHRONOUS = env("AMPARO_SQLITE_SYNCHRONOUS", "full").strip().lower()
    if SQLITE_SYNCHRONOUS not in {"full", "normal"}:
        raise ImproperlyConfigured(
            f"AMPARO_SQLITE_SYNCHRONOUS must be 'full' or 'normal', not {SQLITE_SYNCHRONOUS!r}")
    _db["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two intake transactions
        # serialize instead of deadlocking on lock upgrade.
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={SQLITE_SYNCHRONOUS.upper()}; "
                        "PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db.setdefault("OPTIONS", {})
else:
    raise ImproperlyConfigured("DATABASE_URL must be sqlite:// or postgres://")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and queue ------------------------------------------------------
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env("HUEY_NAME", "amparo"),
        "url": REDIS_URL,
        "immediate": envbool("HUEY_IMMEDIATE", False),
        "consumer": {"workers": envint("HUEY_WORKERS", 2), "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {
        # The queue's commits skip the fsync (synchronous=NORMAL): a task lost with the machine's
        # power is found again by the minute sweep, since the report it names is stored pending.
        "huey_class": "amparo.core.queue.SqliteQueueHuey",
        "name": "amparo",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": envbool("HUEY_IMMEDIATE", False),
        "consumer": {"workers": envint("HUEY_WORKERS", 2), "worker_type": "thread"},
    }
# Throttles, lockouts, flood counters and used TOTP codes live in the cache. Without
# Redis that is each process's memory, so several web processes would each keep their
# own count: refuse to start that way (deploy/gunicorn.conf.py runs one process with
# threads on SQLite; gunicorn reads WEB_CONCURRENCY as its worker count).
WEB_CONCURRENCY = envint("WEB_CONCURRENCY", 1)
if WEB_CONCURRENCY > 1 and not REDIS_URL:
    raise ImproperlyConfigured(
        f"WEB_CONCURRENCY={WEB_CONCURRENCY} web processes without REDIS_URL: login limits, flood limits and used "
        "TOTP codes would be counted separately in each process. Set REDIS_URL, or run one process with threads "
        "(deploy/gunicorn.conf.py does).")

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/home/"
ACCOUNT_ADAPTER = "amparo.accounts.adapter.InvitationOnlyAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# WebAuthn needs a host name and, outside localhost, https. The demo runs on
# http://localhost:8000, which browsers treat as secure but fido2 does not.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
# Passkeys replace the password, not the second factor: keep email + password + factor.
MFA_PASSKEY_LOGIN_ENABLED = False
# Failed logins (docs/security.md, "Accounts"): "ip" is our keyed hash of the
# address (InvitationOnlyAdapter.get_client_ip), "key" the account. Five wrong
# passwords (or TOTP codes) for one account lock it for 15 minutes.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "20/10m/ip,5/15m/key",
    "reset_password": "20/m/ip,5/m/key",
}
AMPARO_LOGIN_LOCKOUT_MINUTES = 15
# The operator's age PUBLIC key (age1...): backups are encrypted to it (amparo/core/backup.py, docs/deploy.md).
AMPARO_BACKUP_RECIPIENT = env("AMPARO_BACKUP_RECIPIENT", "")
AMPARO_BACKUP_KEEP_DAYS = envint("AMPARO_BACKUP_KEEP_DAYS", 14)
# No minute sweep for this long: every member's page shows a banner and the admins get one SMS.
AMPARO_WORKER_SILENT_SECONDS = envint("AMPARO_WORKER_SILENT_SECONDS", 180)
# The same five, as an atomic counter every process shares (amparo.security.logins).
AMPARO_LOGIN_FAILURES_PER_ACCOUNT = 5
# Behind a reverse proxy, the number of proxies that append to X-Forwarded-For
# (allauth reads it; amparo.security.clients hashes what it finds).
ALLAUTH_TRUSTED_PROXY_COUNT = envint("AMPARO_TRUSTED_PROXY_COUNT", 0)
MFA_TOTP_ISSUER = "Amparo"
MFA_ADAPTER = "amparo.accounts.adapter.AmparoMFAAdapter"
# A code reused within its window is refused with a message that says so (amparo/accounts/mfa_forms.py).
MFA_FORMS = {"authenticate": "amparo.accounts.mfa_forms.AmparoAuthenticateForm",
             "reauthenticate": "amparo.accounts.mfa_forms.AmparoReauthenticateForm",
             "authenticate_webauthn": "amparo.accounts.mfa_forms.AmparoAuthenticateWebAuthnForm"}
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 3600)
# Sessions end 12 h after login whatever happens, and after 2 h without a
# request (amparo.accounts.middleware.SessionTimeoutMiddleware).
AMPARO_SESSION_MAX_SECONDS = SESSION_COOKIE_AGE
AMPARO_SESSION_IDLE_SECONDS = envint("AMPARO_SESSION_IDLE_SECONDS", 2 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = AMPARO_PUBLIC_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "amparo@localhost")

# NIST SP 800-63B: 15 characters without MFA, 8 with it; no composition rules;
# breached passwords refused offline (amparo/security/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "amparo.security.passwords.NISTPasswordValidator",
     "OPTIONS": {"min_length": 15, "min_length_with_mfa": 8, "max_length": 1024}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Security headers -----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if AMPARO_PUBLIC_URL.startswith("https://"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only a request at hstspreload.org puts a domain on the list; the header alone does not.
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)

# A strict policy: no inline script or style anywhere (a test scans the
# templates), nothing from another origin. Map pages add their network's tile
# host (amparo.security.csp.allow_images_from, tile_origin).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Flood limits of the public web form and the API: (requests, seconds), per
# keyed client hash and per organization. Webhooks are never refused.
AMPARO_FLOOD_LIMITS = {
    "form:client": (envint("AMPARO_FORM_POSTS_PER_CLIENT", 10), 600),
    "form:global": (envint("AMPARO_FORM_POSTS_PER_MINUTE", 120), 60),
    "api:client": (envint("AMPARO_API_REQUESTS_PER_CLIENT", 120), 60),
    "api:global": (envint("AMPARO_API_REQUESTS_PER_MINUTE", 600), 60),
    "api:auth_failures": (envint("AMPARO_API_AUTH_FAILURES_PER_CLIENT", 20), 600),
}

# Auto-replies (acknowledgements, HELP) per organization per day, all callers
# together: past it intake still stores everything but sends nothing back, so a
# flood from many numbers cannot run up the SMS bill.
AMPARO_AUTO_REPLIES_PER_DAY = envint("AMPARO_AUTO_REPLIES_PER_DAY", 2000)
# Public forms that text a typed-in number (amparo/messaging/typed_numbers.py) must
# not become an SMS-pumping tool: only numbers of the organization's country, at
# most this many texts a day to one number (all forms together), and a daily
# budget per form across the organization.
AMPARO_TYPED_NUMBER_TEXTS_PER_DAY = envint("AMPARO_TYPED_NUMBER_TEXTS_PER_DAY", 2)
AMPARO_FORM_TEXTS_PER_DAY = {
    "volunteer_signup": envint("AMPARO_SIGNUP_TEXTS_PER_DAY", 100),
    # The alerts sign-up page's confirmations (amparo/alerts/subscriptions.py request_by_web).
    "alerts": envint("AMPARO_ALERTS_SIGNUP_TEXTS_PER_DAY", 500),
    # The public report form's acknowledgement: a surge is hundreds of web reports a day.
    "report_form": envint("AMPARO_REPORT_FORM_TEXTS_PER_DAY", 500),
}
# A member reading more sensitive records than this within the window raises an
# AuditAlert (amparo/audit/alerts.py).
AMPARO_AUDIT_BULK_READS = envint("AMPARO_AUDIT_BULK_READS", 200)
AMPARO_AUDIT_BULK_WINDOW_SECONDS = envint("AMPARO_AUDIT_BULK_WINDOW_SECONDS", 600)

# --- I18N -----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("ko", _("Korean")),
    ("zh-hans", _("Chinese (simplified)")),
    ("tl", _("Tagalog")),
    ("vi", _("Vietnamese")),
    ("hy", _("Armenian")),
]
LOCALE_PATHS = [BASE_DIR / "amparo" / "locale"]
# Django has no locale info for Tagalog; get_language_info("tl") (the public
# pages' language links) needs its name.
LANG_INFO.setdefault("tl", {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"})
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Vendored browser libraries (tools/vendor.sh): served from our origin, never a CDN.
STATICFILES_DIRS = [BASE_DIR / "amparo" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(DATA_DIR / "media")}},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_MAX_BYTES = envint("AMPARO_MEDIA_MAX_BYTES", 10 * 1024 * 1024)
# Responders' photos and video (amparo/verification/evidence.py): larger, a short clip must fit.
EVIDENCE_MAX_BYTES = envint("AMPARO_EVIDENCE_MAX_BYTES", 50 * 1024 * 1024)
# The public report form refuses posts sent sooner than this after it was shown (bots).
AMPARO_FORM_MIN_SECONDS = envint("AMPARO_FORM_MIN_SECONDS", 3)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Logging: never an IP address or a user agent ----------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client": {"()": "amparo.core.logging.StripClientInfo"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_client"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
