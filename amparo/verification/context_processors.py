from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from amparo.verification.health import worker_silent_since


def worker_health(request: HttpRequest) -> dict[str, Any]:
    """``worker_silent_since`` for members' pages (the banner in base.html); nothing for the public."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"worker_silent_since": worker_silent_since()}
