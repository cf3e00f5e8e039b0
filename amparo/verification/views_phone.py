"""The responder's phone pages: check in, file observations, photos and video,
report the outcome, check out, SOS.

Reached two ways: the signed link from the offer (no login; the link is the
key: ``/verification/o/<token>/scene/``) or, for a responder with an account,
``/verification/my/`` (login; another organization's or another person's
offer is a 404). A responder removed from the roster gets a 403 page that
says why. Works without JavaScript: plain forms, post/redirect/get.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from amparo.accounts.models import User
from amparo.core.clock import org_zone
from amparo.core.middleware import started_at
from amparo.reports.media import MediaRejected
from amparo.verification import evidence, notify, onscene, outcome_codes, safety
from amparo.verification.models import (
    ASSIGNED,
    Evidence,
    Offer,
    OfferStatus,
    Outcome,
    Responder,
    agencies_for,
)

# Short notes after a post (the redirect carries the key, not the text).
NOTES = {
    "arrived": gettext_lazy("You are checked in. Observe from a lawful distance; never intervene."),
    "noted": gettext_lazy("Observation saved."),
    "uploaded": gettext_lazy("File saved. Its fingerprint (SHA-256) was recorded."),
    "outcome": gettext_lazy("Outcome reported. Thank you."),
    "out": gettext_lazy("You are checked out. Thank you, and rest."),
    "sos": gettext_lazy("The dispatcher and the safety contact were alerted. Move away to a safe place now."),
    "too_large": gettext_lazy("That file is too large."),
    "not_media": gettext_lazy("That file is not a photo or a video we can take (JPEG, PNG, WebP, HEIC, MP4, MOV, WebM)."),
    "empty": gettext_lazy("The file or the text was empty."),
    "bad_outcome": gettext_lazy("Choose an outcome; for enforcement or another agency, choose the agency too."),
    "closed": gettext_lazy("This assignment is over: nothing was changed."),
    "already": gettext_lazy("The outcome was already reported: nothing was changed."),
    "too_late": gettext_lazy("It is too long since you checked out to report the outcome here: nothing was changed. "
                             "Please call the dispatcher."),
}
# The responder's list: what ended this long ago still shows (the outcome may be filed after leaving).
RECENT_HOURS = 24
MY_OFFERS_SHOWN = 30
ENDED_ASSIGNMENTS = (OfferStatus.CHECKED_OUT, OfferStatus.RELEASED)
FEDERAL_CHOICES = [(a.value, a.label) for a in agencies_for(Outcome.ENFORCEMENT_SEEN)]
OTHER_CHOICES = [(a.value, a.label) for a in agencies_for(Outcome.OTHER_AGENCY)]
OUTCOME_NOTES = {onscene.ALREADY_REPORTED: "already", onscene.TOO_LATE: "too_late"}


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "verification/phone/refused.html", status=403)


class LinkExpired(Exception):
    """The link's signature is good but it is older than the organization's ``link_days``."""


def expired(request: HttpRequest) -> HttpResponse:
    """410: the page says the link has ended, and who to call; nothing about the incident."""
    return render(request, "verification/phone/expired.html", status=410)


def _offer_by_token(token: str) -> Offer:
    offer_id = notify.read_offer_token(token)
    offer = (Offer.objects.select_related("dispatch", "incident__organization", "responder__organization")
             .filter(pk=offer_id).first() if offer_id else None)
    if offer is None:
        raise Http404
    if notify.link_expired(offer, token):
        raise LinkExpired
    # Before acceptance the link lives as long as the offer; an expired one is refused.
    if offer.status in (OfferStatus.OFFERED, OfferStatus.EXPIRED) and notify.read_offer_token(
            token, max_age=offer.dispatch.offer_minutes * 60) is None:
        raise Http404
    return offer


@never_cache
def scene_by_token(request: HttpRequest, token: str) -> HttpResponse:
    try:
        offer = _offer_by_token(token)
    except LinkExpired:
        return expired(request)
    return _scene(request, offer, reverse("verification:scene", args=[token]))


@never_cache
@login_required
def my_offers(request: HttpRequest) -> HttpResponse:
    """The responder's home: offers waiting for an answer, assignments under way,
    and those that ended in the last hours (the outcome can come after leaving)."""
    assert isinstance(request.user, User)  # login_required
    since = timezone.now() - timedelta(hours=RECENT_HOURS)
    offers = list(Offer.objects.filter(responder__user=request.user, responder__is_active=True)
                  .filter(Q(status__in=(OfferStatus.OFFERED, *ASSIGNED))
                          | Q(status__in=ENDED_ASSIGNMENTS, ended_at__gte=since))
                  .select_related("incident", "responder").order_by("-offered_at")[:MY_OFFERS_SHOWN])
    groups: dict[str, list[dict[str, Any]]] = {"waiting": [], "assigned": [], "ended": []}
    for o in offers:
        group = "waiting" if o.status == OfferStatus.OFFERED else "assigned" if o.status in ASSIGNED else "ended"
        link = (reverse("verification:offer_page", args=[notify.offer_token(o)]) if group == "waiting"
                else reverse("verification:my_offer", args=[o.pk]))
        groups[group].append({"offer": o, "area": notify.area(o.incident), "link": link})
    on_roster = Responder.objects.filter(user=request.user, is_active=True).exists()
    return render(request, "verification/phone/my.html", {**groups, "on_roster": on_roster,
                                                           "recent_hours": RECENT_HOURS})


@never_cache
@login_required
def my_offer(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the responder's own offer exists here: anyone else's (any organization) is a 404.
    assert isinstance(request.user, User)  # login_required
    offer = (Offer.objects.select_related("dispatch", "incident__organization", "responder__organization")
             .filter(pk=pk, responder__user=request.user).first())
    if offer is None:
        raise Http404
    return _scene(request, offer, reverse("verification:my_offer", args=[pk]))


def _in_offer_zone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Times on the page in the offer's organization's zone: the signed link has
    no login, so OrgTimeZoneMiddleware cannot know it."""

    @wraps(view)
    def wrapper(request: HttpRequest, offer: Offer, *args: Any) -> HttpResponse:
        with timezone.override(org_zone(offer.responder.organization)):
            return view(request, offer, *args)

    return wrapper


@_in_offer_zone
def _scene(request: HttpRequest, offer: Offer, here: str) -> HttpResponse:
    if not offer.responder.is_active:
        return _refused(request)
    if offer.status in (OfferStatus.OFFERED, OfferStatus.EXPIRED):
        return redirect("verification:offer_page", notify.offer_token(offer))
    if request.method == "POST":
        return redirect(f"{here}?m={_act(request, offer)}")
    note = NOTES.get(request.GET.get("m", ""), "")
    filed = list(Evidence.objects.filter(offer=offer).only("id", "kind", "sha256", "size", "created_at",
                                                             "content_type"))
    window = onscene.outcome_window(offer.responder.organization)
    now = timezone.now()
    refusal = onscene.outcome_refusal(offer, now, window)
    language = get_language() or "en"
    return render(request, "verification/phone/scene.html", {
        "offer": offer, "here": here, "note": note, "area": notify.area(offer.incident), "filed": filed,
        "can_act": offer.status in ASSIGNED, "can_file": evidence.may_file(offer.status, offer.checked_out_at, offer.organization_id, now),
        "can_report": not refusal, "outcome_too_late": refusal == onscene.TOO_LATE,
        "outcome_hours": int(window.total_seconds() // 3600),
        "sms_codes": outcome_codes.codes_text(language),
        "sms_example": outcome_codes.example(language, offer.incident.ref),
        "on_scene": offer.status == OfferStatus.ON_SCENE, "outcomes": Outcome.choices,
        "federal": FEDERAL_CHOICES, "others": OTHER_CHOICES, "max_mb": evidence.max_bytes() // (1024 * 1024),
    })


def _act(request: HttpRequest, offer: Offer) -> str:
    """Apply the posted action; returns the key of the note to show."""
    action = request.POST.get("action", "")
    try:
        if action == "sos":
            safety.raise_sos(offer.responder, offer=offer)
            return "sos"
        if action == "arrive":
            return "arrived" if onscene.arrive(offer, via="page") else "closed"
        if action == "out":
            return "out" if onscene.check_out(offer, via="page") else "closed"
        if action == "note":
            evidence.add_observation(offer, request.POST.get("text", ""), started_at=started_at(request))
            return "noted"
        if action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                return "empty"
            evidence.store_file(offer, upload, started_at=started_at(request))
            return "uploaded"
        if action == "outcome":
            outcome = request.POST.get("outcome", "")
            agency = request.POST.get("agency_federal" if outcome == Outcome.ENFORCEMENT_SEEN else "agency_other", "")
            onscene.report_outcome(offer, outcome=outcome, agency=agency, note=request.POST.get("note", ""))
            return "outcome"
    except MediaRejected as exc:
        return exc.reason if exc.reason in NOTES else "not_media"
    except ValueError:
        return "bad_outcome" if action == "outcome" else "empty"
    except onscene.OutcomeRefused as exc:
        return OUTCOME_NOTES.get(exc.reason, "closed")
    except PermissionDenied:
        return "closed"
    raise Http404(_("Unknown action"))
