"""A report's stored media (a call's recording, a photo), decrypted for the console."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from amparo.accounts.access import console_view
from amparo.audit.log import audit
from amparo.orgs.models import Organization
from amparo.reports.media import MediaIntegrityError, read_media
from amparo.reports.models import ReportMedia

# Shown in the page (<audio>, <img>) only for types a browser plays or shows
# without running anything. The stored type of an MMS is what the sender's
# carrier declared, so anything else (text/html, image/svg+xml…) is a download.
INLINE_TYPES = frozenset({
    "audio/mpeg", "audio/mp3", "audio/wav", "audio/x-wav", "audio/ogg", "audio/mp4", "audio/aac", "audio/amr",
    "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif",
    "video/mp4", "video/3gpp", "video/quicktime", "video/webm",
})


def is_audio(media: ReportMedia) -> bool:
    return media.content_type.startswith("audio/") and media.content_type in INLINE_TYPES


@require_GET
@console_view
def media_file(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    media = get_object_or_404(ReportMedia, organization=org, pk=pk, status=ReportMedia.STORED)
    try:
        data = read_media(media)
    except FileNotFoundError:
        raise Http404 from None
    except MediaIntegrityError:
        return HttpResponse(_("This file no longer matches the fingerprint recorded when it was received."),
                            status=409, content_type="text/plain; charset=utf-8")
    # A recording or photo can identify the person who sent it: each read is audited.
    audit(org.pk, action="read", object_type="media", object_ids=[media.pk], actor=request.user)
    inline = media.content_type in INLINE_TYPES
    response = HttpResponse(data, content_type=media.content_type if inline else "application/octet-stream")
    response["Content-Disposition"] = "inline" if inline else f'attachment; filename="media-{media.pk}.bin"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
