"""Texting reporters from the console, and the admins' canned replies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import org_admin_required
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.messaging.access import incident_for_texting
from amparo.messaging.actions import CannotMessage, send_to_reporter
from amparo.messaging.canned import (
    canned_replies,
    canned_text,
    delete_canned_reply,
    save_canned_reply,
    seed_canned_replies,
)
from amparo.messaging.forms import CannedReplyForm, WhatsAppTemplateForm
from amparo.messaging.models import CannedReply, WhatsAppTemplate
from amparo.messaging.whatsapp import delete_whatsapp_template, save_whatsapp_template
from amparo.orgs.models import Organization
from amparo.reports.models import Report


def console_incident_url(incident_id: int) -> str:
    return f"/console/incidents/{incident_id}/#thread"


@require_POST
@login_required
def reply(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = incident_for_texting(request.user, incident_id)
    back = redirect(console_incident_url(incident.pk))
    report_id = ascii_int(request.POST.get("report_id"), max_digits=ID_DIGITS)
    report = (Report.objects.filter(organization_id=incident.organization_id, incident=incident, pk=report_id).first()
              if report_id is not None else None)
    if report is None:
        messages.error(request, _("Choose a reporter of this incident."))
        return back
    text = request.POST.get("text", "")
    if request.POST.get("action") == "canned":
        canned = canned_text(incident.organization, request.POST.get("canned", "")[:100])
        if canned is None:
            messages.error(request, _("Choose a canned reply first."))
            return back
        text = canned
    try:
        sent = send_to_reporter(incident, report, text, by=request.user)
    except CannotMessage as exc:
        messages.error(request, str(exc))
        return back
    if sent.content_sid:
        messages.warning(request, _(
            "Outside WhatsApp's 24-hour window: the approved template asking the reporter to reply was sent, "
            "not your text. Send your text again once they reply."))
        return back
    messages.success(request, _("Text queued. Its delivery status shows in the conversation."))
    return back


@org_admin_required
def canned_list(request: HttpRequest, org: Organization) -> HttpResponse:
    replies = canned_replies(org, org.language_codes())
    return render(request, "messaging/canned_list.html", {"org": org, "replies": replies})


@require_POST
@org_admin_required
def canned_keep(request: HttpRequest, org: Organization, language: str) -> HttpResponse:
    """Store a language's default replies so an admin can edit or delete them."""
    if language in org.language_codes():
        seed_canned_replies(org, [language], by=request.user)
    return redirect("messaging:canned")


@org_admin_required
def canned_edit(request: HttpRequest, org: Organization, pk: int | None = None) -> HttpResponse:
    reply_obj = get_object_or_404(CannedReply, organization=org, pk=pk) if pk is not None else None
    initial = ({"language": reply_obj.language, "text": reply_obj.text, "position": reply_obj.position}
               if reply_obj else {"language": org.default_language})
    form = CannedReplyForm(request.POST or None, initial=initial, org=org)
    if request.method == "POST" and form.is_valid():
        save_canned_reply(org, reply_obj, by=request.user, **form.cleaned_data)
        messages.success(request, _("Canned reply saved."))
        return redirect("messaging:canned")
    return render(request, "messaging/canned_edit.html", {"org": org, "form": form, "reply": reply_obj})


@require_POST
@org_admin_required
def canned_delete(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    reply_obj = get_object_or_404(CannedReply, organization=org, pk=pk)
    delete_canned_reply(org, reply_obj, by=request.user)
    messages.success(request, _("Canned reply deleted."))
    return redirect("messaging:canned")


@org_admin_required
def whatsapp_templates(request: HttpRequest, org: Organization) -> HttpResponse:
    templates = WhatsAppTemplate.objects.filter(organization=org)
    return render(request, "messaging/whatsapp_templates.html", {"org": org, "templates": templates})


@org_admin_required
def whatsapp_template_edit(request: HttpRequest, org: Organization, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(WhatsAppTemplate, organization=org, pk=pk) if pk is not None else None
    initial = ({"key": template.key, "language": template.language, "content_sid": template.content_sid,
                "body_preview": template.body_preview} if template else {"language": org.default_language})
    form = WhatsAppTemplateForm(request.POST or None, initial=initial, org=org, instance_pk=pk)
    if request.method == "POST" and form.is_valid():
        save_whatsapp_template(org, template, by=request.user, **form.cleaned_data)
        messages.success(request, _("WhatsApp template saved."))
        return redirect("messaging:whatsapp_templates")
    return render(request, "messaging/whatsapp_template_edit.html", {"org": org, "form": form, "template": template})


@require_POST
@org_admin_required
def whatsapp_template_delete(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    template = get_object_or_404(WhatsAppTemplate, organization=org, pk=pk)
    delete_whatsapp_template(org, template, by=request.user)
    messages.success(request, _("WhatsApp template deleted."))
    return redirect("messaging:whatsapp_templates")
