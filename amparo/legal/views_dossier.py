"""Legal aid pages. The evidence dossier is a download: a ZIP streamed as it is written."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from amparo.legal.dossier.archive import filename, iter_dossier
from amparo.legal.dossier.collect import Subject, case_subject, incident_subject
from amparo.legal.dossier_access import dossier_access, dossier_case, dossier_incident


def _download(request: HttpRequest, subject: Subject) -> StreamingHttpResponse:
    pieces: Iterator[bytes] = iter_dossier(subject, actor=request.user, language=translation.get_language() or "en")
    response = StreamingHttpResponse(pieces, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename(subject)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@never_cache
@login_required
def incident_dossier(request: HttpRequest, incident_id: int) -> StreamingHttpResponse:
    access = dossier_access(request.user)
    if not access.any:
        raise PermissionDenied
    incident = dossier_incident(access, incident_id)
    if incident is None:
        raise Http404
    return _download(request, incident_subject(incident.organization, incident))


@require_GET
@never_cache
@login_required
def case_dossier(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    access = dossier_access(request.user)
    if not access.any:
        raise PermissionDenied
    case = dossier_case(access, pk)
    if case is None:
        raise Http404
    return _download(request, case_subject(case.organization, case))
