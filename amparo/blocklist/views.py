"""The blocklist page: dispatchers and admins add and remove numbers."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amparo.accounts.access import console_view
from amparo.blocklist.actions import block_number, unblock
from amparo.blocklist.models import BlockedNumber
from amparo.orgs.models import Organization

PAGE_SIZE = 200


class BlockForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Phone number"), max_length=32)
    reason = forms.CharField(label=gettext_lazy("Reason (optional)"), max_length=200, required=False)


@console_view
def blocklist(request: HttpRequest, org: Organization) -> HttpResponse:
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            block_number(org, form.cleaned_data["number"], by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("number", exc)
        else:
            messages.success(request, _("The number is blocked: its messages are kept for review and not answered."))
            return redirect("blocklist:list")
    entries = list(BlockedNumber.objects.filter(organization=org).select_related("created_by")[:PAGE_SIZE])
    return render(request, "blocklist/list.html", {"org": org, "form": form, "entries": entries})


@require_POST
@console_view
def remove(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    unblock(get_object_or_404(BlockedNumber, organization=org, pk=pk), by=request.user)
    messages.success(request, _("The number is no longer blocked."))
    return redirect("blocklist:list")
