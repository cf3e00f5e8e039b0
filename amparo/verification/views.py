"""Dispatch panel actions, the roster admin, and the responder's phone page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import console_view
from amparo.accounts.models import User
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.incidents.actions import InvalidTransition
from amparo.incidents.models import Incident
from amparo.orgs.models import Organization, Role, member_role
from amparo.verification import actions, notify
from amparo.verification.eligibility import NotDispatchable, refusals
from amparo.verification.forms import ResponderForm, schedule_lines
from amparo.verification.models import ACTIVE_DISPATCH, Dispatch, Offer, OfferStatus, Responder
from amparo.verification.views_phone import LinkExpired, expired


def _incident_url(incident_id: int) -> str:
    return reverse("console:incident", args=[incident_id]) + "#dispatch"


@require_POST
@console_view
def offer(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    """Offer the incident: to the responders ticked by hand, else to the next ring of suggestions."""
    incident = get_object_or_404(Incident, pk=pk, organization=org)
    ids = [i for i in (ascii_int(v, max_digits=ID_DIGITS) for v in request.POST.getlist("responders"))
           if i is not None]
    picked = list(Responder.objects.filter(organization=org, pk__in=ids)) if ids else None
    try:
        actions.offer_incident(incident, by=request.user, responders=picked)
    except NotDispatchable as refused:
        messages.error(request, _("Not sent: %(reason)s") % {"reason": refused.reason})
    except (PermissionDenied, InvalidTransition):
        messages.error(request, _("This incident cannot be offered to those responders."))
    except IntegrityError:
        messages.error(request, _("Someone else dispatched this incident a moment ago. Reload and try again."))
    return redirect(_incident_url(incident.pk))


@require_POST
@console_view
def cancel(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    dispatch = get_object_or_404(Dispatch, pk=pk, organization=org)
    actions.cancel_dispatch(dispatch, by=request.user, reason=request.POST.get("reason", ""))
    return redirect(_incident_url(dispatch.incident_id))


# --- roster ---------------------------------------------------------------------

def _require_admin(request: HttpRequest, org: Organization) -> None:
    assert isinstance(request.user, User)  # only called from console_view views (logged in)
    if member_role(request.user, org) != Role.ADMIN:
        raise PermissionDenied


@console_view
def roster(request: HttpRequest, org: Organization) -> HttpResponse:
    responders = list(Responder.objects.filter(organization=org).prefetch_related("zones")
                      .order_by("-is_active", "id"))
    assert isinstance(request.user, User)  # console_view admits only logged-in users
    # Why a cleared responder is still not dispatchable (a certification missing or expired), per the checks.
    refused = refusals(org.pk, [r.pk for r in responders if r.is_active and r.field_eligible], timezone.now())
    return render(request, "verification/roster.html", {
        "org": org, "rows": [{"r": r, "refused": refused.get(r.pk, "")} for r in responders],
        "is_admin": member_role(request.user, org) == Role.ADMIN})


@console_view
def responder_form(request: HttpRequest, org: Organization, pk: int | None = None) -> HttpResponse:
    # Another organization's responder is a 404 before any role question.
    responder = get_object_or_404(Responder, pk=pk, organization=org, is_active=True) if pk else None
    _require_admin(request, org)
    initial = {}
    if responder is not None:
        initial = {"name": responder.name, "phone": responder.phone, "languages": responder.languages,
                   "training": responder.training, "zones": list(responder.zones.all()),
                   "field_eligible": responder.field_eligible, "on_call": responder.on_call,
                   "schedule": schedule_lines(responder.schedule)}
    form = ResponderForm(org, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.save_responder(org, responder, name=d["name"], phone=d["phone"], languages=d["languages"],
                                   training=d["training"], zones=list(d["zones"]), field_eligible=d["field_eligible"],
                                   on_call=d["on_call"], schedule=d["schedule"])
        except IntegrityError:
            form.add_error("phone", _("Another responder already has this phone number."))
        else:
            return redirect("verification:roster")
    return render(request, "verification/responder_form.html", {"org": org, "form": form, "responder": responder})


@require_POST
@console_view
def responder_remove(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    responder = get_object_or_404(Responder, pk=pk, organization=org)
    _require_admin(request, org)
    actions.remove_responder(responder, by=request.user)
    return redirect("verification:roster")


# --- the responder's phone page (no login: the signed link is the key) ------------

def _offer_from_token(token: str) -> Offer:
    offer_id = notify.read_offer_token(token)
    if offer_id is None:
        raise Http404
    offer = Offer.objects.select_related("dispatch", "incident", "responder__organization").filter(pk=offer_id).first()
    if offer is None or not offer.responder.is_active:
        raise Http404
    if notify.link_expired(offer, token):
        raise LinkExpired
    if offer.status == OfferStatus.OFFERED or offer.status == OfferStatus.EXPIRED:
        # Before acceptance the link lives as long as the offer (T minutes).
        if notify.read_offer_token(token, max_age=offer.dispatch.offer_minutes * 60) is None:
            raise Http404
    return offer


def offer_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        offer = _offer_from_token(token)
    except LinkExpired:
        return expired(request)
    note = ""
    if request.method == "POST":
        choice = request.POST.get("choice")
        if choice == "accept":
            result = actions.accept_offer(offer, via="page")
            note = {actions.Accept.ASSIGNED: "", actions.Accept.ALREADY: "",
                    actions.Accept.NOT_NEEDED: _("Thank you! Enough responders already accepted; you are not needed this time.")
                    }.get(result, _("This offer is closed."))
        elif choice == "decline":
            if not actions.decline_offer(offer, via="page"):
                note = _("This offer is closed.")
        offer.refresh_from_db()
    open_ = offer.status in actions.ACCEPTABLE and offer.dispatch.status in ACTIVE_DISPATCH
    return render(request, "verification/offer_page.html", {
        "offer": offer, "token": token, "area": notify.area(offer.incident), "note": note, "open": open_,
        "assigned": offer.status in ("accepted", "on_scene"), "now": timezone.now(),
    })
