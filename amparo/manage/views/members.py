from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from amparo.accounts.access import org_admin_required
from amparo.accounts.actions import (
    change_role,
    deactivate_member,
    invitation_url,
    invite_member,
    reactivate_member,
    revoke_invitation,
)
from amparo.accounts.models import Invitation
from amparo.manage.forms import InviteForm, RoleForm
from amparo.orgs.models import Membership, Organization, Role


def _member_lists(org: Organization) -> dict:
    members = list(Membership.objects.filter(organization=org).select_related("user").order_by("user__email"))
    pending = list(Invitation.objects.filter(organization=org, accepted_at__isnull=True,
                                             expires_at__gt=timezone.now()).order_by("email"))
    return {"members": members, "pending": pending, "roles": Role.choices}


@never_cache
@org_admin_required
def member_list(request: HttpRequest, org: Organization) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = invite_member(org, email=form.cleaned_data["email"],
                                              role=form.cleaned_data["role"], invited_by=request.user)
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            # Rendered, not redirected: the link is shown this once and never stored.
            return render(request, "manage/invited.html",
                          {"org": org, "invitation": invitation, "url": invitation_url(token)})
    return render(request, "manage/members.html", {"org": org, "form": form, **_member_lists(org)})


def _membership(org: Organization, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), pk=pk, organization=org)


def _apply(request: HttpRequest, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> HttpResponse:
    try:
        fn(*args, actor=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("manage:members")


@require_POST
@org_admin_required
def member_role(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    membership = _membership(org, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("manage:members")
    return _apply(request, change_role, membership, role=form.cleaned_data["role"])


@require_POST
@org_admin_required
def member_deactivate(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    return _apply(request, deactivate_member, _membership(org, pk))


@require_POST
@org_admin_required
def member_reactivate(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    return _apply(request, reactivate_member, _membership(org, pk))


@require_POST
@org_admin_required
def invitation_revoke(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, organization=org, accepted_at__isnull=True)
    return _apply(request, revoke_invitation, invitation)
