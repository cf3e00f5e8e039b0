"""Background jobs of the reports app.

Media: the pipeline creates a pending ReportMedia row per MMS/WhatsApp
attachment and calls ``enqueue_media_fetch`` on commit; ``fetch_twilio_media``
downloads and stores it; ``sweep_pending_media`` re-enqueues anything a crash
between commit and enqueue left pending.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.db.models import F
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from amparo.core.parse import ascii_int
from amparo.reports.media import sniff_image_type, store_bytes
from amparo.reports.models import ReportMedia

log = logging.getLogger(__name__)

FETCH_RETRIES = 5
# One first try plus the retries; past this the row is marked failed, so the
# sweeper stops re-enqueueing it.
MAX_FETCH_ATTEMPTS = FETCH_RETRIES + 1
MAX_REDIRECTS = 3
SWEEP_AFTER = timedelta(minutes=2)
TIMEOUT = (5, 30)  # connect, read (seconds)


class _Retry(Exception):
    """A transient failure: Huey retries the task."""


def media_url_allowed(url: str) -> bool:
    """Whether ``url`` may be fetched: https to a Twilio media host, nothing else.

    Plain http is allowed to 127.0.0.1 only when TWILIO_MEDIA_ALLOW_HTTP_LOOPBACK
    is on (tests with a fake server). The URL arrives in a webhook payload;
    without this check a forged or replayed payload could make the worker
    request internal addresses with the organization's Twilio credentials.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.username or parts.password or host not in settings.TWILIO_MEDIA_HOSTS:
        return False
    if parts.scheme == "https":
        return port in (None, 443)
    if parts.scheme == "http":
        return host == "127.0.0.1" and bool(getattr(settings, "TWILIO_MEDIA_ALLOW_HTTP_LOOPBACK", False))
    return False


def _set_status(media: ReportMedia, status: str) -> None:
    ReportMedia.objects.filter(pk=media.pk, status=ReportMedia.PENDING).update(status=status)
    media.status = status


def _download(media: ReportMedia, url: str) -> tuple[bytes, str] | None:
    """The bytes and content type at ``url``; None when refused or too large."""
    org = media.organization
    auth = (org.twilio_account_sid, org.twilio_auth_token or "") if org.twilio_account_sid else None
    first_host = urlsplit(url).hostname
    cap = settings.MEDIA_MAX_BYTES
    for _ in range(MAX_REDIRECTS + 1):
        if not media_url_allowed(url):
            log.warning("media %s: refused a URL outside TWILIO_MEDIA_HOSTS", media.pk)
            _set_status(media, ReportMedia.REFUSED)
            return None
        # Credentials go to the host the webhook named only, never to a
        # redirect target (Twilio redirects to pre-signed CDN URLs).
        send_auth = auth if urlsplit(url).hostname == first_host else None
        try:
            resp = requests.get(url, auth=send_auth, timeout=TIMEOUT, stream=True, allow_redirects=False)
        except requests.RequestException as exc:
            raise _Retry(f"media {media.pk}: {type(exc).__name__}")
        with resp:
            if resp.is_redirect:
                url = urljoin(url, resp.headers.get("Location", ""))
                continue
            if resp.status_code == 404:
                _set_status(media, ReportMedia.FAILED)
                return None
            if resp.status_code != 200:
                raise _Retry(f"media {media.pk}: HTTP {resp.status_code}")
            declared = ascii_int(resp.headers.get("Content-Length"), max_digits=15)
            if declared is not None and declared > cap:
                log.warning("media %s: larger than MEDIA_MAX_BYTES, not fetched", media.pk)
                _set_status(media, ReportMedia.FAILED)
                return None
            chunks, total = [], 0
            try:
                for chunk in resp.iter_content(64 * 1024):
                    total += len(chunk)
                    if total > cap:
                        log.warning("media %s: larger than MEDIA_MAX_BYTES, not fetched", media.pk)
                        _set_status(media, ReportMedia.FAILED)
                        return None
                    chunks.append(chunk)
            except requests.RequestException as exc:
                raise _Retry(f"media {media.pk}: {type(exc).__name__}")
            data = b"".join(chunks)
            declared_type = resp.headers.get("Content-Type", "application/octet-stream").split(";")[0].strip()
            return data, sniff_image_type(data[:32]) or declared_type
    _set_status(media, ReportMedia.FAILED)
    return None


def fetch_media(media_id: int) -> str:
    """Fetch and store one pending media row; returns its status afterwards.

    Raises _Retry on a transient failure while attempts remain.
    """
    media = ReportMedia.objects.select_related("organization").filter(pk=media_id).first()
    if media is None or media.status != ReportMedia.PENDING:
        return media.status if media else "missing"
    url = media.url or ""
    if not media_url_allowed(url):
        # Refused before any request: nothing is sent anywhere.
        _set_status(media, ReportMedia.REFUSED)
        return media.status
    ReportMedia.objects.filter(pk=media.pk).update(attempts=F("attempts") + 1)
    media.refresh_from_db(fields=["attempts"])
    try:
        got = _download(media, url)
    except _Retry:
        if media.attempts >= MAX_FETCH_ATTEMPTS:
            _set_status(media, ReportMedia.FAILED)
            return media.status
        raise
    if got is not None:
        store_bytes(media, *got)
        media.refresh_from_db(fields=["status"])
    return media.status


@db_task(retries=FETCH_RETRIES, retry_delay=60)
def fetch_twilio_media(media_id: int) -> str:
    return fetch_media(media_id)


def enqueue_media_fetch(media_ids: Iterable[int]) -> None:
    """Queue a fetch per media row. Call it from ``transaction.on_commit``."""
    for media_id in media_ids:
        fetch_twilio_media(media_id)


def sweep_pending(now: datetime | None = None) -> list[int]:
    """Re-enqueue media rows left pending (a crash between commit and enqueue)."""
    now = now or timezone.now()
    rows = ReportMedia.objects.filter(
        status=ReportMedia.PENDING, url__isnull=False, created_at__lt=now - SWEEP_AFTER
    )
    ReportMedia.objects.filter(pk__in=rows.filter(attempts__gte=MAX_FETCH_ATTEMPTS).values("pk")).update(
        status=ReportMedia.FAILED
    )
    ids = list(rows.filter(attempts__lt=MAX_FETCH_ATTEMPTS).values_list("pk", flat=True)[:500])
    enqueue_media_fetch(ids)
    return ids


@db_periodic_task(crontab(minute="*/5"))
def sweep_pending_media() -> list[int]:
    return sweep_pending()
