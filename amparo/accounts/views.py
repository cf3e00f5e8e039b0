from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy
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


# Where each role's work is. Names, not imports: the pages live in higher layers.
WORK_PAGES: dict[str, str] = {
    Role.ADMIN: "console:queue",  # the console, whose menu leads to Manage and Audit
    Role.DISPATCHER: "console:queue",
    Role.RESPONDER: "verification:my_offers",
    Role.LEGAL: "legal:cases",
    Role.ATTORNEY: "legal:attorney_home",  # their provider's referrals and cases
}
WORK_LABELS: dict[str, Any] = {
    Role.ADMIN: gettext_lazy("Dispatch console"),
    Role.DISPATCHER: gettext_lazy("Dispatch console"),
    Role.RESPONDER: gettext_lazy("My verifications"),
    Role.LEGAL: gettext_lazy("Legal aid"),
    Role.ATTORNEY: gettext_lazy("Referrals and cases"),
}


def work_url(role: str) -> str | None:
    """The page of ``role``'s work; None for a role without one (a role nobody declared)."""
    name = WORK_PAGES.get(role)
    try:
        return reverse(name) if name else None
    except NoReverseMatch:
        return None


def _memberships(user: Any) -> list[Membership]:
    return list(Membership.objects.filter(user_id=user.pk, is_active=True)
                .select_related("organization").order_by("organization__name"))


def _overview(request: HttpRequest, memberships: list[Membership]) -> HttpResponse:
    rows = [
        {
            "org": m.organization,
            "role": m.get_role_display(),
            "manage": m.role == Role.ADMIN,
            "work": work_url(m.role),
            "work_label": WORK_LABELS.get(m.role, ""),
        }
        for m in memberships
    ]
    return render(request, "accounts/home.html", {"rows": rows})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each member lands where their work is: the console, their verifications,
    the legal-aid page. Someone whose memberships lead to different pages
    chooses on the overview."""
    memberships = _memberships(request.user)
    pages = {work_url(m.role) for m in memberships}
    if len(pages) == 1 and (page := pages.pop()) is not None:
        return redirect(page)
    return _overview(request, memberships)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The member's organizations, roles and pages, and their password and second factor."""
    return _overview(request, _memberships(request.user))


@login_required
def legal(request: HttpRequest) -> HttpResponse:
    """The old address of the legal coordinator's home (before the legal-aid app): on to the cases."""
    roles = {m.role for m in _memberships(request.user)}
    if not roles & {Role.LEGAL, Role.ADMIN}:
        raise PermissionDenied
    return redirect("legal:cases")
