"""Per-page additions to the strict Content-Security-Policy (settings.CONTENT_SECURITY_POLICY).

The policy allows images from our own origin only. A page that shows a map
needs the organization's tile server too; allowing ``https:`` everywhere would
let any injected image leak the page's visitors to any host, so each map page
adds exactly its organizations' tile hosts, nothing else."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from amparo.orgs.models import Organization

_HOST = re.compile(r"(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?")


def tile_origin(tile_url: str) -> str | None:
    """``https://host[:port]`` of a tile URL template, or None when it is not plain https.

    The result goes into a response header: anything but a host name and a
    port (a space or ";" would add directives) is refused."""
    url = (tile_url or "").strip()
    loopback = _loopback_origin(url)
    if loopback:
        return loopback
    if not url.lower().startswith("https://"):
        return None
    netloc = url[len("https://"):].split("/", 1)[0].lower()
    if netloc.startswith("{s}."):
        # Leaflet's {s} picks a subdomain (a., b., c.).
        netloc = "*." + netloc[len("{s}."):]
    if not _HOST.fullmatch(netloc):
        return None
    return f"https://{netloc}"


_LOOPBACK = re.compile(r"http://(127\.0\.0\.1|localhost)(:[0-9]{1,5})?(?=/|$)", re.ASCII)


def _loopback_origin(url: str) -> str | None:
    """``http://127.0.0.1:port`` for a local tile server, only where settings allow it (tests)."""
    if not getattr(settings, "AMPARO_TILES_ALLOW_HTTP_LOOPBACK", False):
        return None
    m = _LOOPBACK.match(url.lower())
    return m.group(0) if m else None


def allow_images_from(response: HttpResponseBase, origins: Iterable[str | None]) -> HttpResponseBase:
    """Add ``origins`` to this response's img-src (and nothing else)."""
    extra = sorted({o for o in origins if o})
    if extra:
        current: dict[str, Any] = dict(getattr(response, "_csp_update", None) or {})
        current["img-src"] = sorted(set(current.get("img-src", [])) | set(extra))
        response._csp_update = current  # type: ignore[attr-defined]  # django-csp reads this response attribute
    return response


def allow_map_tiles(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Decorate a view that shows a map: its response may load tiles from the tile
    servers of the organizations the signed-in user is an active member of.

    A view that knows its one organization can instead call
    ``allow_images_from(response, [tile_origin(org.map_tile_url)])``."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        urls = Organization.objects.filter(
            memberships__user_id=user.pk, memberships__is_active=True
        ).exclude(map_tile_url="").values_list("map_tile_url", flat=True)
        return allow_images_from(response, [tile_origin(u) for u in urls])

    return wrapped
