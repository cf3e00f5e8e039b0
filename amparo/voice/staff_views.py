"""The dispatchers' side of the hotline: duty, surge mode, calling back.

Dispatchers and admins, in the organization chosen in the session (the
console's rule, amparo.accounts.access); every query is scoped to it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import console_view
from amparo.accounts.models import User
from amparo.orgs.models import Organization, Role, member_role
from amparo.reports.models import Report
from amparo.voice import actions
from amparo.voice.duty import is_on_duty, on_duty
from amparo.voice.forms import DutyForm, SurgeForm
from amparo.voice.models import DutyStatus, VoiceSettings


def _duty_page(request: HttpRequest, org: Organization, form: DutyForm | None = None) -> HttpResponse:
    assert isinstance(request.user, User)  # only called from console_view views (logged in)
    mine = DutyStatus.objects.filter(organization=org, user=request.user).first()
    if form is None:
        form = DutyForm(initial={"on_duty": bool(mine and mine.on_duty), "phone": (mine.phone or "") if mine else ""},
                        schedule=mine.schedule if mine else [])
    now = timezone.now()
    colleagues = on_duty(org, now)
    vs = VoiceSettings.objects.filter(organization=org).first() or VoiceSettings(organization=org)
    is_admin = member_role(request.user, org) == Role.ADMIN
    surge_form = SurgeForm(initial={"surge_forced": vs.surge_forced, "surge_threshold": vs.surge_threshold})
    if not is_admin:
        del surge_form.fields["surge_threshold"]
    return render(request, "voice/duty.html", {
        "org": org, "form": form, "colleagues": colleagues, "settings": vs, "surge_form": surge_form,
        "surge_now": actions.surge_active(org, vs), "me_on_duty": bool(mine and is_on_duty(mine, org, now)),
    })


@console_view
def duty(request: HttpRequest, org: Organization) -> HttpResponse:
    if request.method != "POST":
        return _duty_page(request, org)
    form = DutyForm(request.POST)
    if not form.is_valid():
        return _duty_page(request, org, form)
    actions.set_duty(org, request.user, on_duty=form.cleaned_data["on_duty"], phone=form.cleaned_data["phone"],
                     schedule=form.cleaned_data["schedule"])
    messages.success(request, _("Your duty settings are saved."))
    return redirect("voice:duty")


@require_POST
@console_view
def surge(request: HttpRequest, org: Organization) -> HttpResponse:
    form = SurgeForm(request.POST)
    if form.is_valid():
        threshold = form.cleaned_data.get("surge_threshold")
        assert isinstance(request.user, User)  # console_view admits only logged-in users
        if member_role(request.user, org) != Role.ADMIN:
            threshold = None  # the threshold is the organization's policy: admins set it
        actions.set_surge(org, forced=form.cleaned_data["surge_forced"], threshold=threshold, by=request.user)
        messages.success(request, _("Surge mode is updated."))
    return redirect("voice:duty")


@require_POST
@console_view
def duty_off(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    status = DutyStatus.objects.filter(organization=org, pk=pk).first()
    if status is None:
        raise Http404
    actions.take_off_duty(status, by=request.user)
    messages.success(request, _("Switched off duty."))
    return redirect("voice:duty")


@require_POST
@console_view
def call_back(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    report = Report.objects.select_related("organization", "hotline", "incident").filter(organization=org, pk=pk).first()
    if report is None:
        raise Http404
    try:
        actions.call_back(report, by=request.user)
    except actions.CallBackError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your phone will ring now: answer it to be connected to the reporter."))
    if report.incident_id:
        return redirect(reverse("console:incident", args=[report.incident_id]))
    return redirect("voice:duty")
