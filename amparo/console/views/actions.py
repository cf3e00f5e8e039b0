"""The incident page's forms. Each parses, authorizes, calls one action of
amparo.incidents.actions with the version the dispatcher saw, and redirects.
A StaleIncident or InvalidTransition becomes a message and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import CONSOLE_ROLES, console_view
from amparo.console.views.incident import incident_context, org_incident
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.incidents import actions
from amparo.incidents.actions import InvalidTransition, StaleIncident
from amparo.incidents.models import Incident
from amparo.orgs.models import Membership, Organization


def _int(value: str | None) -> int | None:
    """An id or a version from the form: ASCII digits only (amparo.core.parse)."""
    return ascii_int(value, max_digits=ID_DIGITS)


def ensure_version(incident: Incident, version: int) -> None:
    """Fail early with the conflict, not with a confusing transition error
    ("Verifying cannot become Verifying") when someone else acted first. The
    action's conditional update still guards the race after this check."""
    if incident.version != version:
        raise StaleIncident(_("Someone else changed this incident a moment ago. Reload it and try again."))


def incident_form(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """POST only, console access, the organization's incident (404 otherwise),
    and the submitted ``version``; the view returns a success message."""

    @wraps(view)
    @require_POST
    @console_view
    def wrapper(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
        incident = org_incident(org, pk)
        version = _int(request.POST.get("version"))
        if version is None:
            messages.error(request, _("The form was missing the incident's version. Reload the page and try again."))
            return redirect("console:incident", pk=incident.pk)
        try:
            result = view(request, org, incident, version)
        except (StaleIncident, InvalidTransition) as exc:
            messages.error(request, str(exc))
            return redirect("console:incident", pk=incident.pk)
        if isinstance(result, HttpResponse):
            return result
        messages.success(request, result)
        return redirect("console:incident", pk=incident.pk)

    return wrapper


@incident_form
def change_status(request: HttpRequest, org: Organization, incident: Incident, version: int) -> str:
    ensure_version(incident, version)
    to = request.POST.get("to", "")
    actions.transition(incident, to, by=request.user, reason=request.POST.get("reason", "").strip(),
                       expected_version=version)
    return _("Incident #%(id)s is now “%(status)s”.") % {"id": incident.seq, "status": incident.get_status_display()}


@incident_form
def merge(request: HttpRequest, org: Organization, incident: Incident, version: int) -> str:
    ensure_version(incident, version)
    # The choice carries the other incident's version as the dispatcher saw it: "id:version".
    source_id, _sep, source_version = request.POST.get("source", "").partition(":")
    source_pk = _int(source_id)
    source = Incident.objects.filter(organization=org, pk=source_pk).first() if source_pk else None
    if source is None or source.pk == incident.pk:
        raise InvalidTransition(_("Choose another incident of your network to merge."))
    # A merge moves every report and closes the other incident: a slip of the thumb on a phone
    # must not do it. Checked here too, since the page works without JavaScript.
    if request.POST.get("confirm") != "yes":
        raise InvalidTransition(_("Tick “Same event” to confirm: a merge moves every report and closes the other incident."))
    actions.merge_incidents(incident, [source], by=request.user,
                            expected_versions={incident.pk: version, source.pk: _int(source_version) or source.version})
    return _("Incident #%(source)s was merged into this one.") % {"source": source.seq}


@incident_form
def split(request: HttpRequest, org: Organization, incident: Incident, version: int) -> str:
    ensure_version(incident, version)
    ids = [i for i in (_int(v) for v in request.POST.getlist("reports")) if i is not None]
    new = actions.split_reports(incident, ids, by=request.user, expected_version=version)
    return _("The chosen reports are now incident #%(id)s.") % {"id": new.seq}


@incident_form
def add_note(request: HttpRequest, org: Organization, incident: Incident, version: int) -> str | HttpResponse:
    text = request.POST.get("text", "")
    try:
        ensure_version(incident, version)
        actions.add_note(incident, text, by=request.user, expected_version=version)
    except (StaleIncident, InvalidTransition) as exc:
        # Show the page again with the note still in the box: a conflict must not eat what was typed.
        messages.error(request, str(exc))
        incident.refresh_from_db()
        ctx = incident_context(request, org, incident)
        ctx["note_draft"] = text
        return render(request, "console/incident.html", ctx, status=409)
    return _("Note added.")


@incident_form
def assign(request: HttpRequest, org: Organization, incident: Incident, version: int) -> str:
    ensure_version(incident, version)
    user_id = _int(request.POST.get("user"))
    assignee = None
    if user_id is not None:
        membership = (Membership.objects.filter(organization=org, user_id=user_id, is_active=True,
                                                role__in=CONSOLE_ROLES).select_related("user").first())
        if membership is None:
            raise InvalidTransition(_("Only an active dispatcher or admin of this network can be assigned."))
        assignee = membership.user
    actions.assign_incident(incident, assignee, by=request.user, expected_version=version)
    if assignee is None:
        return _("Incident #%(id)s is unassigned.") % {"id": incident.seq}
    return _("Incident #%(id)s is assigned to %(name)s.") % {"id": incident.seq, "name": str(assignee)}
