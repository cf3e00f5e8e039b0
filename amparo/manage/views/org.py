from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from amparo.accounts.access import org_admin_required
from amparo.crypto.signing import fingerprint, org_public_key
from amparo.manage.forms import OrgSettingsForm
from amparo.orgs.actions import update_org_settings
from amparo.orgs.models import Organization


@org_admin_required
def org_settings(request: HttpRequest, org: Organization) -> HttpResponse:
    # The form works on a copy so that an invalid POST does not alter ``org``.
    form = OrgSettingsForm(request.POST or None, instance=Organization.objects.get(pk=org.pk))
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "twilio_auth_token"}
        update_org_settings(org, values=values, twilio_auth_token=form.cleaned_data["twilio_auth_token"],
                            actor=request.user)
        messages.success(request, _("Settings saved."))
        return redirect("manage:settings")
    has_token = bool(org.twilio_auth_token)
    # Attorneys check a dossier's signature against this key (made on first use; docs/dossier.md).
    public_key = org_public_key(org.pk)
    return render(request, "manage/settings.html", {"org": org, "form": form, "has_token": has_token,
                                                    "public_key": public_key, "key_fingerprint": fingerprint(public_key)})
