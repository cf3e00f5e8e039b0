"""The incident page's alerts panel (amparo.alerts): compose, approve, cancel, and the panel alone
(polled while an alert is under way). Each form parses, calls one action of amparo.alerts.compose and
redirects; a refusal becomes a message and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from amparo.accounts.access import console_view
from amparo.alerts.compose import AlertRefused, approve_alert, cancel_alert, compose_alert
from amparo.alerts.models import Alert
from amparo.alerts.panel import alerts_context
from amparo.console.views.incident import org_incident
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.orgs.models import Organization


def _alert(request: HttpRequest, org: Organization, pk: int) -> Alert | None:
    """The alert of the form, of this organization's incident ``pk`` (404 for another's incident);
    None, with a message, for an alert that is not this incident's."""
    incident = org_incident(org, pk)
    alert_id = ascii_int(request.POST.get("alert"), max_digits=ID_DIGITS)
    alert = Alert.objects.select_related("incident", "organization").filter(
        organization=org, incident=incident, pk=alert_id).first() if alert_id else None
    if alert is None:
        messages.error(request, _("That alert was not found on this incident."))
    return alert


@require_GET
@console_view
def alert_panel(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    incident = org_incident(org, pk)
    return render(request, "alerts/panel.html", {"alerts_panel": alerts_context(incident, request.user)})


@require_POST
@console_view
def alert_compose(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    incident = org_incident(org, pk)
    try:
        alert = compose_alert(incident, actor=request.user)
    except AlertRefused as exc:
        messages.error(request, str(exc))
    else:
        if alert.status == "awaiting":
            messages.success(request, _("The alert waits for a second dispatcher's approval."))
        else:
            messages.success(request, _("The alert is being sent."))
    return redirect("console:incident", pk=incident.pk)


@require_POST
@console_view
def alert_approve(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    alert = _alert(request, org, pk)
    if alert is None:
        return redirect("console:incident", pk=pk)
    try:
        approve_alert(alert, actor=request.user)
    except AlertRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Approved: the alert is being sent."))
    return redirect("console:incident", pk=pk)


@require_POST
@console_view
def alert_cancel(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    alert = _alert(request, org, pk)
    if alert is None:
        return redirect("console:incident", pk=pk)
    reason = request.POST.get("reason", "").strip()[:200]
    if not reason:
        messages.error(request, _("Say why the alert is cancelled."))
        return redirect("console:incident", pk=pk)
    try:
        cancel_alert(alert, actor=request.user, reason=reason)
    except AlertRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The alert is cancelled: nothing more of it will be sent."))
    return redirect("console:incident", pk=pk)
