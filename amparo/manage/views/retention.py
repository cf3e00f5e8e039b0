"""/manage/retention/: how long closed incidents keep callers' data, and what the
next purge would remove. There is no purge button: the periodic job purges."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amparo.accounts.access import org_admin_required
from amparo.orgs.models import Organization
from amparo.retention.actions import plan_purge, retention_for, set_retention
from amparo.retention.models import Mode

# The dry run lists incident numbers up to this many; the counts cover them all.
PLAN_SHOWN = 200


class RetentionForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("Days after an incident is closed"), min_value=1, max_value=3650)
    mode = forms.ChoiceField(label=gettext_lazy("What happens then"), choices=Mode.choices,
                             widget=forms.RadioSelect)
    unattached_days = forms.IntegerField(
        label=gettext_lazy("Days to keep texts that belong to no incident and no case"), min_value=1, max_value=3650,
        required=False, help_text=gettext_lazy("Keyword texts (STOP, HELP, a responder's YES) and the answers sent. "
                                               "Opt-outs are always kept."))


@org_admin_required
def retention_page(request: HttpRequest, org: Organization) -> HttpResponse:
    policy = retention_for(org)
    form = RetentionForm(request.POST or None, initial={"days": policy.days, "mode": policy.mode,
                                                        "unattached_days": policy.unattached_days})
    if request.method == "POST" and form.is_valid():
        set_retention(org, days=form.cleaned_data["days"], mode=form.cleaned_data["mode"], by=request.user,
                      unattached_days=form.cleaned_data.get("unattached_days"))
        messages.success(request, _("Retention saved. The periodic job applies it."))
        return redirect("manage:retention")
    plan = plan_purge(org)
    return render(request, "manage/retention.html", {
        "org": org, "form": form, "policy": policy, "plan": plan,
        "plan_shown": plan.incidents[:PLAN_SHOWN], "held_shown": plan.held[:PLAN_SHOWN],
    })
