from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import org_admin_required
from amparo.manage.forms import HotlineNumberForm
from amparo.orgs.actions import add_hotline_number, remove_hotline_number, update_hotline_number
from amparo.orgs.models import HotlineNumber, Organization


@org_admin_required
def number_list(request: HttpRequest, org: Organization) -> HttpResponse:
    form = HotlineNumberForm(request.POST or None, org_id=org.pk)
    if request.method == "POST" and form.is_valid():
        try:
            add_hotline_number(org, **form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            form.add_error("e164", exc)
        else:
            messages.success(request, _("Number added."))
            return redirect("manage:numbers")
    numbers = HotlineNumber.objects.filter(organization=org).order_by("e164")
    return render(request, "manage/numbers.html", {"org": org, "form": form, "numbers": numbers})


@org_admin_required
def number_edit(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    number = get_object_or_404(HotlineNumber, pk=pk, organization=org)
    initial = {"label": number.label, "sms": number.sms, "voice": number.voice, "whatsapp": number.whatsapp}
    form = HotlineNumberForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        update_hotline_number(number, **form.cleaned_data, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("manage:numbers")
    return render(request, "manage/number_edit.html", {"org": org, "form": form, "number": number})


@require_POST
@org_admin_required
def number_remove(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    number = get_object_or_404(HotlineNumber, pk=pk, organization=org)
    remove_hotline_number(number, actor=request.user)
    messages.success(request, _("Number removed."))
    return redirect("manage:numbers")
