"""When a request began, before anything read its body.

First in MIDDLEWARE: the CSRF middleware reads a POST's body (a large upload)
before any view runs, so a view's own clock says when the upload ended. A rule
about when something was sent (an upload begun before a link turned read-only)
reads ``request.started_at`` instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class RequestStartMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.started_at = timezone.now()  # type: ignore[attr-defined]
        return self.get_response(request)


def started_at(request: HttpRequest) -> datetime:
    """When ``request`` began (now, for a request that did not pass the middleware)."""
    return getattr(request, "started_at", None) or timezone.now()
