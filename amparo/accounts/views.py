from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from amparo.accounts.actions import accept_invitation, find_invitation
from amparo.accounts.forms import SetPasswordForm
from amparo.accounts.models import User
from amparo.orgs.models import Membership, Role


@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = find_invitation(token)
    if invitation is None:
        # Unknown, used and expired links look alike: nothing to learn from probing.
        return render(request, "accounts/invitation_invalid.html", status=404)
    ctx = {"invitation": invitation, "org": invitation.organization, "role": Role(invitation.role).label}
    existing = User.objects.filter(email__iexact=invitation.email).first()
    me = request.user if request.user.is_authenticated else None

    if existing is not None:
        if me is None or me.pk != existing.pk:
            ctx["login_url"] = reverse("account_login") + "?next=" + request.path
            return render(request, "accounts/invitation_login_first.html", ctx, status=403 if me else 200)
        if request.method == "POST":
            try:
                accept_invitation(invitation, user=existing)
            except ValidationError:
                return render(request, "accounts/invitation_invalid.html", status=404)
            return redirect("accounts:home")
        return render(request, "accounts/invitation_join.html", ctx)

    if me is not None:
        return render(request, "accounts/invitation_login_first.html", ctx, status=403)
    form = SetPasswordForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(invitation, password=form.cleaned_data["password1"])
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        # Counts as a fresh password login, so allauth lets the new member
        # enroll TOTP right away instead of asking for the password again.
        record_authentication(request, user, method="password", email=user.email, reauthenticated=True)
        return perform_login(request, user, redirect_url=reverse("accounts:home"), email=user.email)
    ctx["form"] = form
    return render(request, "accounts/invitation_accept.html", ctx)


def _console_url() -> str | None:
    try:
        return reverse("console:queue")
    except NoReverseMatch:
        return None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(user_id=request.user.pk, is_active=True)  # type: ignore[misc]  # django-stubs types user.pk as Any here
        .select_related("organization").order_by("organization__name")
    )
    console_url = _console_url()
    rows = [
        {
            "org": m.organization,
            "role": m.get_role_display(),
            "manage": m.role == Role.ADMIN,
            "console": console_url if m.role in (Role.ADMIN, Role.DISPATCHER) else None,
        }
        for m in memberships
    ]
    return render(request, "accounts/home.html", {"rows": rows})
