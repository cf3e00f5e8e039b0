from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from amparo.accounts.access import org_admin_required
from amparo.alerts.actions import update_alert_settings
from amparo.alerts.selectors import alert_settings
from amparo.manage.forms import AlertSettingsForm
from amparo.orgs.models import Organization


@org_admin_required
def alert_settings_page(request: HttpRequest, org: Organization) -> HttpResponse:
    form = AlertSettingsForm(request.POST or None, instance=alert_settings(org))
    if request.method == "POST" and form.is_valid():
        update_alert_settings(org, values=form.cleaned_data, actor=request.user)
        messages.success(request, _("Settings saved."))
        return redirect("manage:alerts")
    return render(request, "manage/alerts.html", {"org": org, "form": form})
