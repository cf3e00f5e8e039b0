"""Pages of recruitment: admins' sign-ups list and decision, members' vouching, offboarding.

Thin: parse and authorize, call the action (vetting.py, offboarding.py), render.
Every page that shows a sign-up's personal fields audits the read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from amparo.accounts.access import CONSOLE_SESSION_KEY, SETS_ORG_ZONE, org_admin_required
from amparo.accounts.actions import invitation_url
from amparo.audit.log import audit
from amparo.core.clock import org_zone
from amparo.orgs.models import Membership, Organization, Role
from amparo.volunteers import offboarding, vetting
from amparo.volunteers.models import Applicant, ApplicantStatus
from amparo.volunteers.recruitment import recruitment_settings
from amparo.volunteers.selectors_recruit import signups, vouched_by, vouches_for

NOTE_MAX = 2000


def member_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login and an active membership with a declared role (any of them): the organization is the one chosen for the
    console in this session, else the oldest membership. The view gets it as second argument."""

    @wraps(view)
    @never_cache
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user  # login_required: a User
        memberships = list(Membership.objects.filter(user=user, is_active=True, role__in=Role.values)
                           .select_related("organization").order_by("created_at", "pk"))
        if not memberships:
            raise PermissionDenied
        chosen = request.session.get(CONSOLE_SESSION_KEY)
        org = next((m.organization for m in memberships if m.organization_id == chosen), memberships[0].organization)
        with timezone.override(org_zone(org)):
            return view(request, org, *args, **kwargs)

    setattr(wrapper, SETS_ORG_ZONE, True)
    return wrapper


# --- admins --------------------------------------------------------------------

@never_cache
@org_admin_required
def signup_list(request: HttpRequest, org: Organization) -> HttpResponse:
    status = request.GET.get("status", ApplicantStatus.PENDING)
    if status not in ApplicantStatus.values:
        status = ApplicantStatus.PENDING
    rows = signups(org, status=status)
    if rows:
        audit(org.pk, action="read", object_type="applicant", object_ids=[r.applicant.pk for r in rows],
              actor=request.user)
    return render(request, "volunteers/recruit/signups.html", {
        "org": org, "rows": rows, "status": status, "statuses": ApplicantStatus.choices,
        "needed": recruitment_settings(org).vouches_required})


@never_cache
@org_admin_required
def signup_detail(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    applicant = get_object_or_404(Applicant, pk=pk, organization=org)
    vouches = vouches_for(applicant)
    audit(org.pk, action="read", object_type="applicant", object_ids=[applicant.pk], actor=request.user)
    notes = [v.pk for v in vouches if v.note]
    if notes:
        audit(org.pk, action="read", object_type="vouch_note", object_ids=notes, actor=request.user)
    mutual = next((r.mutual for r in signups(org, status=applicant.status) if r.applicant.pk == applicant.pk), [])
    return render(request, "volunteers/recruit/signup.html", {
        "org": org, "a": applicant, "vouches": vouches, "mutual": mutual,
        "needed": recruitment_settings(org).vouches_required})


@require_POST
@org_admin_required
def signup_accept(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    applicant = get_object_or_404(Applicant, pk=pk, organization=org)
    try:
        invitation, token = vetting.accept_applicant(applicant, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("volunteers:signup", pk=applicant.pk)
    # Rendered, not redirected: the link is shown this once and never stored.
    return render(request, "volunteers/recruit/accepted.html",
                  {"org": org, "a": applicant, "invitation": invitation, "url": invitation_url(token)})


@require_POST
@org_admin_required
def signup_reject(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    applicant = get_object_or_404(Applicant, pk=pk, organization=org)
    if vetting.reject_applicant(applicant, by=request.user):
        messages.success(request, _("Not accepted. The sign-up will be deleted with the others not accepted."))
    else:
        messages.error(request, _("This sign-up has been decided already."))
    return redirect("volunteers:signups")


@never_cache
@org_admin_required
def offboard(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organization=org)
    if request.method == "POST":
        try:
            done = offboarding.offboard_member(membership, by=request.user,
                                               reason=request.POST.get("reason", "")[:200])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(who)s was offboarded: no role, no sessions, no API tokens, off duty, "
                                        "off the roster (%(n)d open offers or assignments released).")
                             % {"who": membership.user, "n": done.offers_released})
            return redirect("manage:members")
    return render(request, "volunteers/recruit/offboard.html", {"org": org, "m": membership})


# --- members ---------------------------------------------------------------------

@member_view
def vouch_list(request: HttpRequest, org: Organization) -> HttpResponse:
    """Pending sign-ups a member may know: the name, ZIP, languages and what they would do.
    Never their phone or e-mail."""
    rows = signups(org)
    if rows:
        audit(org.pk, action="read", object_type="applicant", object_ids=[r.applicant.pk for r in rows],
              actor=request.user)
    return render(request, "volunteers/recruit/vouch.html", {
        "org": org, "rows": rows, "mine": vouched_by(org, request.user),
        "needed": recruitment_settings(org).vouches_required})


@require_POST
@member_view
def vouch(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    applicant = get_object_or_404(Applicant, pk=pk, organization=org)
    try:
        vetting.vouch(applicant, by=request.user, note=request.POST.get("note", "")[:NOTE_MAX])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you. Your vouch is recorded with your name."))
    return redirect("volunteers:vouch_list")
