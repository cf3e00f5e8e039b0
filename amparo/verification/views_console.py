"""The console side of on-scene work: the dispatcher's override of an outcome,
and reading a piece of evidence (audited, integrity-checked)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from amparo.accounts.access import console_view
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.incidents.actions import InvalidTransition, StaleIncident
from amparo.incidents.models import Incident
from amparo.orgs.models import Organization
from amparo.verification import evidence as evidence_store
from amparo.verification import onscene
from amparo.verification.models import Evidence, EvidenceKind


@require_POST
@console_view
def override(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk, organization=org)
    version = request.POST.get("version", "")
    try:
        onscene.override_outcome(incident, request.POST.get("status", ""), by=request.user,
                                 reason=request.POST.get("reason", ""),
                                 expected_version=ascii_int(version, max_digits=ID_DIGITS))
    except ValueError:
        messages.error(request, _("Give a reason for overriding the responder's outcome."))
    except InvalidTransition:
        messages.error(request, _("This incident cannot take that status."))
    except StaleIncident as exc:
        messages.error(request, str(exc))
    return redirect(reverse("console:incident", args=[incident.pk]) + "#onscene")


@require_GET
@console_view
def evidence_file(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    item = get_object_or_404(Evidence, pk=pk, organization=org)
    try:
        data = evidence_store.read_evidence(item, actor=request.user, reason="console")
    except evidence_store.EvidenceIntegrityError:
        return HttpResponse(_("This evidence no longer matches the fingerprint recorded at upload."),
                            status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=item.content_type or "application/octet-stream")
    ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic",
           "image/heif": "heif", "video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm"}
    name = f"evidence-{item.pk}.{'txt' if item.kind == EvidenceKind.NOTE else ext.get(item.content_type, 'bin')}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Evidence-SHA256"] = item.sha256
    return response
