"""The shift pages: a member's shifts and the open places; the admin's week board and coverage.

Plain forms and links (post/redirect/get): they work without JavaScript on a
cheap phone. Times are the organization's local times. A member's page is
built from ``coverage.member_week``, which never carries another member.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from amparo.accounts.access import CONSOLE_SESSION_KEY, SETS_ORG_ZONE, org_admin_required
from amparo.accounts.models import User
from amparo.audit.log import audit, page_reads
from amparo.core.clock import org_zone
from amparo.orgs.models import Membership, Organization, Role
from amparo.voice.models import DutyStatus
from amparo.volunteers import coverage, shifts
from amparo.volunteers.models import Shift, ShiftKind, ShiftSignup, SignupStatus
from amparo.volunteers.shift_forms import FieldShiftForm, ShiftSettingsForm

MEMBER_ROLES = tuple(dict.fromkeys((*shifts.FIELD_ROLES, *shifts.DESK_ROLES)))

TAKE_NOTES = {
    shifts.Take.TAKEN: lambda: _("The shift is yours. You will get a reminder before it starts."),
    shifts.Take.FULL: lambda: _("Someone took the last place a moment ago. Choose another shift."),
    shifts.Take.ALREADY: lambda: _("You already hold this shift."),
    shifts.Take.ENDED: lambda: _("This shift is over."),
}


def member_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in (and MFA, by the middleware); an active member with a shift role. The organization is the one
    chosen for the console in this session, else the oldest membership. The view receives it and the role."""

    @wraps(view)
    @never_cache
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert isinstance(request.user, User)  # login_required
        rows = list(Membership.objects.filter(user=request.user, is_active=True, role__in=MEMBER_ROLES)
                    .select_related("organization").order_by("created_at", "pk"))
        if not rows:
            raise PermissionDenied
        chosen = request.session.get(CONSOLE_SESSION_KEY)
        membership = next((m for m in rows if m.organization_id == chosen), rows[0])
        with timezone.override(org_zone(membership.organization)):
            return view(request, membership.organization, membership.role, *args, **kwargs)

    setattr(wrapper, SETS_ORG_ZONE, True)
    return wrapper


def _monday(request: HttpRequest, org: Organization) -> date:
    today = shifts.week_monday(org, timezone.now())
    raw = request.GET.get("week", "")
    try:
        asked = date.fromisoformat(raw[:10]) if raw else today
    except ValueError:
        asked = today
    if abs((asked - today).days) > 400:  # a year either way
        asked = today
    return asked - timedelta(days=asked.weekday())


def _week_nav(monday: date) -> dict[str, Any]:
    return {"monday": monday, "sunday": monday + timedelta(days=6), "prev_week": monday - timedelta(days=7),
            "next_week": monday + timedelta(days=7)}


# --- the member's page ------------------------------------------------------------------------

@member_view
def my_shifts(request: HttpRequest, org: Organization, role: str) -> HttpResponse:
    assert isinstance(request.user, User)  # member_view
    now = timezone.now()
    monday = _monday(request, org)
    week = coverage.member_week(org, request.user, role, monday, now)
    drop_hours = shifts.shift_settings(org).drop_hours
    mine = [{"signup": s, "drop_until": s.shift.starts_at - timedelta(hours=drop_hours),
             "may_drop": now <= s.shift.starts_at - timedelta(hours=drop_hours),
             "check_in": (s.shift.kind == ShiftKind.FIELD and not s.checked_in_at and not s.checked_out_at
                          and s.shift.starts_at - timedelta(hours=1) <= now < s.shift.ends_at),
             "check_out": (s.shift.kind == ShiftKind.FIELD and not s.checked_out_at
                           and now >= s.shift.starts_at - timedelta(hours=1))}
            for s in week.mine]
    needs_phone = ShiftKind.DESK in week.kinds and not DutyStatus.objects.filter(
        organization=org, user=request.user).exclude(phone_hash="").exists()
    return render(request, "volunteers/shifts/my.html", {
        "org": org, "mine": mine, "days": week.open_days, "kinds": week.kinds, "needs_phone": needs_phone,
        "any_open": any(d.desk or d.field for d in week.open_days), "drop_hours": drop_hours,
        "is_admin": role == Role.ADMIN,
        **_week_nav(monday)})


def _back(request: HttpRequest, default: str = "volunteers:shifts") -> HttpResponse:
    week = request.POST.get("week", "")
    url = reverse(default)
    try:
        return redirect(f"{url}?week={date.fromisoformat(week[:10]).isoformat()}")
    except ValueError:
        return redirect(url)


@require_POST
@member_view
def take(request: HttpRequest, org: Organization, role: str, pk: int) -> HttpResponse:
    shift = Shift.objects.filter(organization=org, pk=pk).select_related("organization").first()
    if shift is None:
        raise Http404
    result = shifts.take_shift(shift, request.user)
    if result == shifts.Take.NOT_ALLOWED:
        messages.error(request, shifts.may_hold(org, request.user, shift.kind) or _("You cannot take this shift."))
    elif result == shifts.Take.TAKEN:
        messages.success(request, TAKE_NOTES[result]())
    else:
        messages.warning(request, TAKE_NOTES[result]())
    return _back(request)


def _own_signup(org: Organization, user: Any, pk: int) -> ShiftSignup:
    signup = (ShiftSignup.objects.filter(organization=org, user=user, pk=pk, status=SignupStatus.HELD)
              .select_related("shift__organization", "shift__place", "user").first())
    if signup is None:
        raise Http404
    return signup


@require_POST
@member_view
def drop(request: HttpRequest, org: Organization, role: str, pk: int) -> HttpResponse:
    result = shifts.drop_shift(_own_signup(org, request.user, pk))
    if result == shifts.Drop.DROPPED:
        messages.success(request, _("You dropped the shift; your coordinator was told."))
    else:
        messages.error(request, _("It is too late to drop this shift here. Please call your coordinator."))
    return _back(request)


@require_POST
@member_view
def check_in(request: HttpRequest, org: Organization, role: str, pk: int) -> HttpResponse:
    if shifts.check_in(_own_signup(org, request.user, pk)):
        messages.success(request, _("You are checked in. Observe from a lawful distance: be present and document; "
                                    "never block or confront anyone."))
    else:
        messages.error(request, _("You can check in from an hour before the shift until it ends."))
    return _back(request)


@require_POST
@member_view
def check_out(request: HttpRequest, org: Organization, role: str, pk: int) -> HttpResponse:
    if shifts.check_out(_own_signup(org, request.user, pk)):
        messages.success(request, _("You are checked out. Thank you, and rest."))
    else:
        messages.error(request, _("This shift was already checked out."))
    return _back(request)


# --- the admin's board --------------------------------------------------------------------

@org_admin_required
def board(request: HttpRequest, org: Organization) -> HttpResponse:
    now = timezone.now()
    monday = _monday(request, org)
    rows = coverage.week_shifts(org, monday, with_holders=True)
    conf = shifts.shift_settings(org)
    # Who stands where and when is sensitive: the board's read is audited, once per signup shown.
    shown = [s.pk for shift in rows for s in getattr(shift, "held", [])]
    if shown:
        with page_reads(f"shifts:{monday.isoformat()}:{request.user.pk}", repeat=True):
            audit(org.pk, action="read", object_type="shift_signup", object_ids=shown, actor=request.user)
    settings_form = ShiftSettingsForm(initial={"block_hours": conf.block_hours, "desk_seats": conf.desk_seats,
                                               "drop_hours": conf.drop_hours,
                                               "reminder_minutes": conf.reminder_minutes})
    return render(request, "volunteers/shifts/board.html", {
        "org": org, "days": coverage.by_day(org, monday, rows), "cov": coverage.coverage(org, rows, now),
        "conf": conf, "settings_form": settings_form, "now": now, **_week_nav(monday)})


@require_POST
@org_admin_required
def release(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    signup = (ShiftSignup.objects.filter(organization=org, pk=pk, status=SignupStatus.HELD)
              .select_related("shift").first())
    if signup is None:
        raise Http404
    shifts.release_signup(signup, by=request.user)
    messages.success(request, _("The member was taken off the shift. The place is open again."))
    return _back(request, "volunteers:shifts_board")


@org_admin_required
def field_new(request: HttpRequest, org: Organization) -> HttpResponse:
    form = FieldShiftForm(org, request.POST or None)
    if request.method == "POST" and form.is_valid():
        place = form.places.get(form.cleaned_data["place"])
        if place is None:
            form.add_error("place", _("Choose a site of your network that is not a home."))
        else:
            try:
                made = [shifts.create_field_shift(org, place=place, starts_at=a, ends_at=b,
                                                  seats=form.cleaned_data["seats"], by=request.user)
                        for a, b in form.occurrences()]
            except shifts.FieldShiftError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Field shifts added: %(n)s.") % {"n": len(made)})
                week = shifts.week_monday(org, made[0].starts_at)
                return redirect(f"{reverse('volunteers:shifts_board')}?week={week.isoformat()}")
    return render(request, "volunteers/shifts/field_new.html", {"org": org, "form": form})


@require_POST
@org_admin_required
def settings_save(request: HttpRequest, org: Organization) -> HttpResponse:
    form = ShiftSettingsForm(request.POST)
    if form.is_valid():
        shifts.save_shift_settings(org, by=request.user, **form.cleaned_data)
        messages.success(request, _("Shift settings saved. New desk blocks follow them; blocks already made keep "
                                    "their length and places."))
    else:
        messages.error(request, _("Shift settings not saved: check the values."))
    return _back(request, "volunteers:shifts_board")
