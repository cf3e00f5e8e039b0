"""Legal aid providers on /manage/: list, add, edit, deactivate, import from CSV, invite an attorney.

Admins only; the actions live in ``amparo.legal.providers``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from amparo.accounts.access import org_admin_required
from amparo.accounts.actions import invitation_url
from amparo.audit.log import audit
from amparo.legal.models import Provider, ProviderAttorney
from amparo.legal.provider_forms import (
    AttorneyInviteForm,
    ProviderForm,
    ProviderImportForm,
    ReferralSettingsForm,
)
from amparo.legal.providers import (
    ProviderError,
    create_provider,
    import_providers,
    invite_attorney,
    set_provider_active,
    update_provider,
)
from amparo.legal.referrals import legal_settings, save_referral_settings
from amparo.orgs.models import Organization


@org_admin_required
def provider_list(request: HttpRequest, org: Organization) -> HttpResponse:
    current = legal_settings(org)
    form = ReferralSettingsForm(request.POST or None, initial={
        "answer_minutes": current.referral_answer_minutes, "family_reply_days": current.family_reply_days})
    if request.method == "POST" and form.is_valid():
        save_referral_settings(org, answer_minutes=form.cleaned_data["answer_minutes"],
                               family_reply_days=form.cleaned_data["family_reply_days"], actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("manage:providers")
    providers = list(Provider.objects.filter(organization=org).order_by("-is_active", "name"))
    attorneys: dict[int, int] = {}
    for provider_id in ProviderAttorney.objects.filter(organization=org).values_list("provider_id", flat=True):
        attorneys[provider_id] = attorneys.get(provider_id, 0) + 1
    # The contacts are encrypted personal data of the provider: reading the list is audited.
    audit(org.pk, action="read", object_type="legal_provider", object_ids=[p.pk for p in providers],
          actor=request.user)
    return render(request, "manage/providers.html",
                  {"org": org, "providers": providers, "attorneys": attorneys, "form": form})


@org_admin_required
def provider_edit(request: HttpRequest, org: Organization, pk: int | None = None) -> HttpResponse:
    provider = get_object_or_404(Provider, pk=pk, organization=org) if pk is not None else None
    form = ProviderForm(request.POST or None,
                        initial=ProviderForm.initial_for(provider) if provider else None)
    if request.method == "POST" and form.is_valid():
        try:
            if provider is None:
                provider = create_provider(org, form.values, actor=request.user)
            else:
                provider = update_provider(provider, form.values, actor=request.user)
        except ProviderError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Provider saved."))
            return redirect("manage:providers")
    return render(request, "manage/provider_edit.html", {"org": org, "form": form, "provider": provider})


@require_POST
@org_admin_required
def provider_active(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    provider = get_object_or_404(Provider, pk=pk, organization=org)
    set_provider_active(provider, not provider.is_active, actor=request.user)
    messages.success(request, _("Provider reactivated.") if provider.is_active else _("Provider deactivated."))
    return redirect("manage:providers")


@org_admin_required
def provider_import(request: HttpRequest, org: Organization) -> HttpResponse:
    form = ProviderImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_providers(org, form.cleaned_data["file"], actor=request.user)
    return render(request, "manage/provider_import.html", {"org": org, "form": form, "result": result})


@never_cache
@org_admin_required
def provider_invite(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    """Invite an attorney of this provider: the ordinary invitation, with the provider chosen."""
    provider = get_object_or_404(Provider, pk=pk, organization=org)
    form = AttorneyInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = invite_attorney(provider, email=form.cleaned_data["email"], invited_by=request.user)
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            # Rendered, not redirected: the link is shown this once and never stored.
            return render(request, "manage/invited.html",
                          {"org": org, "invitation": invitation, "url": invitation_url(token)})
    return render(request, "manage/provider_invite.html", {"org": org, "form": form, "provider": provider})
