"""Rumor control on the incident page: offer, choose, send or dismiss the
correction of a false alarm (amparo.alerts.corrections). Each form parses,
calls one action and redirects to the page; a CorrectionError becomes a message."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import console_view
from amparo.alerts import corrections
from amparo.alerts.corrections import CorrectionError
from amparo.alerts.models import Correction
from amparo.console.views.incident import org_incident
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.incidents.models import Incident, Kind
from amparo.orgs.models import Organization


def correction_form(view: Callable[..., str]) -> Callable[..., HttpResponse]:
    """POST only, console access, the organization's incident (404 otherwise); the view returns a message."""

    @wraps(view)
    @require_POST
    @console_view
    def wrapper(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
        incident = org_incident(org, pk)
        try:
            messages.success(request, view(request, incident))
        except CorrectionError as exc:
            messages.error(request, str(exc))
        return redirect(reverse("console:incident", kwargs={"pk": incident.pk}) + "#correction")

    return wrapper


def _correction(incident: Incident) -> Correction:
    correction = corrections.correction_for(incident)
    if correction is None:
        raise CorrectionError(_("Offer the correction first."))
    correction.incident = incident
    return correction


@correction_form
def offer(request: HttpRequest, incident: Incident) -> str:
    corrections.offer_correction(incident, by=request.user)
    return _("Correction offered: check who it reaches, then send it.")


@correction_form
def choose(request: HttpRequest, incident: Incident) -> str:
    report_ids = None
    if incident.kind == Kind.VAGUE:
        report_ids = [i for i in (ascii_int(v, max_digits=ID_DIGITS) for v in request.POST.getlist("reports"))
                      if i is not None]
    include_flood = request.POST.get("flood") == "all" if incident.kind == Kind.FLOOD else None
    corrections.choose_correction_reports(_correction(incident), by=request.user, report_ids=report_ids,
                                          include_flood=include_flood)
    return _("Choice saved.")


@correction_form
def send(request: HttpRequest, incident: Incident) -> str:
    plan = corrections.send_correction(_correction(incident), by=request.user)
    return _("Correction sent. Reporters: %(reporters)d. Alert recipients: %(recipients)d.") % {
        "reporters": len(plan.reporters), "recipients": plan.recipient_count}


@correction_form
def dismiss(request: HttpRequest, incident: Incident) -> str:
    corrections.dismiss_correction(_correction(incident), by=request.user)
    return _("The correction will not be sent.")
