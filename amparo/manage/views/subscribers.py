from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_info
from django.views.decorators.http import require_GET

from amparo.accounts.access import org_admin_required
from amparo.alerts.selectors import SMALL_AREA, subscriber_counts
from amparo.orgs.models import Organization


@require_GET
@org_admin_required
def subscriber_counts_page(request: HttpRequest, org: Organization) -> HttpResponse:
    """Counts of the alerts' subscribers: never a number, never a list, never an export (audited)."""
    counts = subscriber_counts(org, actor=request.user)
    languages = [(get_language_info(code)["name_local"] if code else code, n) for code, n in counts.by_language]
    return render(request, "manage/subscribers.html", {"org": org, "counts": counts, "languages": languages,
                                                       "small": SMALL_AREA})
