"""Pages of trainings and certifications: thin views over ``trainings`` and ``certifications``.

Admins: the trainings list and the form to add one, the kinds and their periods,
the certifications expiring in 30 days. The trainer (or an admin): a training's
attendance. Every member: "my trainings and certifications", with sign-up.
Every query is scoped to the organization the decorator chose.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from amparo.accounts.access import CONSOLE_SESSION_KEY, SETS_ORG_ZONE, org_admin_required
from amparo.audit.log import audit
from amparo.core.clock import org_zone
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.orgs.models import Membership, Organization, Role
from amparo.volunteers import certifications, trainings
from amparo.volunteers.models import CertificationKind, Training, TrainingSeat
from amparo.volunteers.training_forms import KindForm, TrainingForm

MEMBER_VIEW = Callable[..., HttpResponse]
SOON = timedelta(days=30)


def member_view(view: MEMBER_VIEW) -> MEMBER_VIEW:
    """Any active member with a declared role; the view gets their organization
    (the console's choice in the session, else their oldest membership) and membership."""

    @wraps(view)
    @login_required
    @never_cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user  # logged in (login_required)
        rows = list(Membership.objects.filter(user=user, is_active=True, role__in=Role.values)
                    .select_related("organization").order_by("created_at", "pk"))
        if not rows:
            raise PermissionDenied
        chosen = request.session.get(CONSOLE_SESSION_KEY)
        membership = next((m for m in rows if m.organization_id == chosen), rows[0])
        with timezone.override(org_zone(membership.organization)):
            return view(request, membership.organization, membership, *args, **kwargs)

    setattr(wrapper, SETS_ORG_ZONE, True)
    return wrapper


def person_name(row: Any) -> str:
    """A seat's or a certification's person: the roster name, else the member's name or e-mail."""
    if row.responder_id and row.responder.name:
        return str(row.responder.name)
    if row.user_id:
        return row.user.get_full_name() or str(row.user.email)
    return _("Unnamed volunteer")


def _language(org: Organization) -> str:
    code = (get_language() or org.default_language).split("-")[0]
    return code if code in ("en", "es") else org.default_language


# --- admins ---------------------------------------------------------------------------

@org_admin_required
def training_list(request: HttpRequest, org: Organization) -> HttpResponse:
    certifications.ensure_default_kinds(org)
    now = timezone.now()
    rows = list(Training.objects.filter(organization_id=org.pk).select_related("kind", "trainer")
                .annotate(attended=Count("seats", filter=Q(seats__attended=True)))
                .order_by("-starts_at", "-id")[:100])
    return render(request, "volunteers/training/list.html", {
        "org": org, "upcoming": [{"t": t, "label": certifications.kind_label(t.kind)}
                                 for t in reversed(rows) if t.starts_at > now],
        "past": [{"t": t, "label": certifications.kind_label(t.kind)} for t in rows if t.starts_at <= now],
        "expiring_count": certifications.expiring(org, now=now).count()})


@org_admin_required
def training_new(request: HttpRequest, org: Organization) -> HttpResponse:
    certifications.ensure_default_kinds(org)
    form = TrainingForm(org, request.POST or None, initial={"language": org.default_language})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        training = trainings.create_training(
            org, kind=d["kind"], starts_at=d["starts_at"], ends_at=d["ends_at"], place=d["place"], link=d["link"],
            capacity=d["capacity"], language=d["language"], trainer=d["trainer"], by=request.user)
        messages.success(request, _("Training %(n)s added. Members sign up on their page or by texting TRAINING %(n)s.")
                         % {"n": training.pk})
        return redirect("volunteers:training_list")
    return render(request, "volunteers/training/new.html", {"org": org, "form": form})


@org_admin_required
def kinds(request: HttpRequest, org: Organization) -> HttpResponse:
    all_kinds = certifications.ensure_default_kinds(org)
    if request.method == "POST":
        pk = ascii_int(request.POST.get("kind", ""), max_digits=ID_DIGITS)
        kind = get_object_or_404(CertificationKind, pk=pk, organization_id=org.pk)
        form = KindForm(request.POST)
        if form.is_valid():
            certifications.save_kind(org, kind=kind, name=kind.name, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("volunteers:kinds")
        messages.error(request, _("Check the numbers and try again."))
    rows = [{"kind": k, "label": certifications.kind_label(k)} for k in sorted(all_kinds, key=lambda k: k.pk)]
    return render(request, "volunteers/training/kinds.html", {
        "org": org, "rows": rows, "roles": KindForm.base_fields["required_for_roles"].choices})  # type: ignore[attr-defined]  # a MultipleChoiceField


@org_admin_required
def expiring(request: HttpRequest, org: Organization) -> HttpResponse:
    now = timezone.now()
    certs = list(certifications.expiring(org, now=now, days=30)[:500])
    audit(org.pk, action="read", object_type="certification", object_ids=[c.pk for c in certs], actor=request.user)
    return render(request, "volunteers/training/expiring.html", {"org": org, "rows": [
        {"c": c, "label": certifications.kind_label(c.kind), "name": person_name(c)} for c in certs]})


# --- the trainer -----------------------------------------------------------------------

@member_view
def attendance(request: HttpRequest, org: Organization, membership: Membership, pk: int) -> HttpResponse:
    training = get_object_or_404(Training.objects.select_related("kind", "organization"), pk=pk,
                                 organization_id=org.pk)
    if not trainings.may_record_attendance(request.user, training, is_admin=membership.role == Role.ADMIN):
        raise PermissionDenied
    seats = list(TrainingSeat.objects.filter(training=training, cancelled_at__isnull=True)
                 .select_related("user", "responder"))
    if request.method == "POST":
        marks: dict[int, bool] = {}
        for seat in seats:
            value = request.POST.get(f"seat-{seat.pk}", "")
            if value in ("yes", "no"):
                marks[seat.pk] = value == "yes"
        granted = trainings.record_attendance(training, marks, by=request.user)
        messages.success(request, _("Attendance saved. Certifications granted: %(n)d.") % {"n": granted})
        return redirect("volunteers:training_attendance", pk=training.pk)
    audit(org.pk, action="read", object_type="training_seat", object_ids=[s.pk for s in seats], actor=request.user)
    return render(request, "volunteers/training/attendance.html", {
        "org": org, "training": training, "rows": [{"seat": s, "name": person_name(s)} for s in seats],
        "label": certifications.kind_label(training.kind),
        "is_admin": membership.role == Role.ADMIN})


@member_view
def invitation(request: HttpRequest, org: Organization, membership: Membership, pk: int) -> HttpResponse:
    """The .ics of a training: for those with a seat, its trainer and admins (it names the place)."""
    training = get_object_or_404(Training.objects.select_related("kind", "organization"), pk=pk,
                                 organization_id=org.pk)
    has_seat = TrainingSeat.objects.filter(certifications.person_q(org.pk, user_id=request.user.pk),
                                           training=training, cancelled_at__isnull=True).exists()
    if not (has_seat or trainings.may_record_attendance(request.user, training,
                                                        is_admin=membership.role == Role.ADMIN)):
        raise Http404
    response = HttpResponse(trainings.training_ics(training, _language(org)), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="training-{training.pk}.ics"'
    return response


# --- members ---------------------------------------------------------------------------

@member_view
def mine(request: HttpRequest, org: Organization, membership: Membership) -> HttpResponse:
    now = timezone.now()
    user_id = request.user.pk
    profile = trainings.roster_profile(org.pk, user_id)
    seats = {s.training_id: s for s in TrainingSeat.objects.filter(
        certifications.person_q(org.pk, user_id=user_id, responder=profile), organization_id=org.pk,
        cancelled_at__isnull=True)}
    upcoming = list(trainings.open_trainings(org, now)[:20])
    certs = list(certifications.person_certifications(org, user_id=user_id, responder=profile))
    return render(request, "volunteers/training/mine.html", {
        "org": org, "upcoming": [{"t": t, "seat": seats.get(t.pk), "label": certifications.kind_label(t.kind),
                                  "full": t.seats_taken >= t.capacity, "left": max(0, t.capacity - t.seats_taken)}
                                 for t in upcoming],
        "certs": [{"c": c, "label": certifications.kind_label(c.kind),
                   "valid": c.revoked_at is None and c.granted_at <= now < c.expires_at,
                   "soon": c.expires_at <= now + SOON} for c in certs],
        "dispatchable": profile is not None and profile.field_eligible and not certifications
        .field_certification_refusals(org.pk, [profile.pk], now),
        "profile": profile, "now": now})


@require_POST
@member_view
def signup(request: HttpRequest, org: Organization, membership: Membership, pk: int) -> HttpResponse:
    training = get_object_or_404(Training, pk=pk, organization_id=org.pk)
    profile = trainings.roster_profile(org.pk, request.user.pk)
    result = trainings.sign_up(training, user=request.user, responder=profile)
    text = {trainings.SignUp.TAKEN: _("You have a seat. We will remind you the day before and two hours before."),
            trainings.SignUp.ALREADY: _("You already have a seat at this training."),
            trainings.SignUp.FULL: _("Sorry, someone took the last seat first. This training is full."),
            trainings.SignUp.CLOSED: _("This training is no longer open.")}[result]
    (messages.success if result == trainings.SignUp.TAKEN else messages.error)(request, text)
    return redirect("volunteers:my_trainings")


@require_POST
@member_view
def leave_seat(request: HttpRequest, org: Organization, membership: Membership, pk: int) -> HttpResponse:
    training = get_object_or_404(Training, pk=pk, organization_id=org.pk)
    seat = TrainingSeat.objects.filter(certifications.person_q(org.pk, user_id=request.user.pk),
                                       training=training, cancelled_at__isnull=True).first()
    if seat is not None and trainings.leave(seat):
        messages.success(request, _("Your seat is given back. Thank you for telling us."))
    return redirect("volunteers:my_trainings")

