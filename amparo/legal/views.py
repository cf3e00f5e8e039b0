"""The legal coordinator's pages: the cases list (their home), a case, and its hearings as .ics.

Thin views: parse and authorize, call the action, render. A refused entry
re-renders the case page with the form open, what was typed, and the reason
(status 400). Every page that shows a case or a person audits the read.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from amparo.audit.log import audit, page_reads
from amparo.legal import actions
from amparo.legal.access import CASE_ROLES, legal_view
from amparo.legal.forms import EVENT_FORMS, EventForm, HearingForm, MoveHearingForm, event_form
from amparo.legal.models import Case, CaseStatus, Hearing, HearingReminder
from amparo.legal.selectors import (
    audit_reads,
    case_hearings,
    facilities,
    home_cases,
    next_hearing,
    open_reminders,
    org_case,
    timeline,
)
from amparo.orgs.models import Organization

HEARING_HOURS = 1  # a calendar entry's length: courts give a start time only


@legal_view(CASE_ROLES)
@require_GET
def cases(request: HttpRequest, org: Organization) -> HttpResponse:
    """The coordinator's home: reminders of hearings, then the cases (open first)."""
    rows = home_cases(org)
    reminders = open_reminders(org)
    # A list re-opened all shift long audits only the records this coordinator had not been shown yet.
    with page_reads(f"legal-home:{org.pk}:{request.user.pk}", repeat=True):
        audit_reads(org.pk, request.user, people=sorted({c.person_id for c in rows}),
                    cases=sorted({c.pk for c in rows} | {r.case_id for r in reminders}), reason="cases list")
    return render(request, "legal/cases.html", {
        "org": org, "rows": rows, "reminders": reminders,
        "open_count": sum(1 for c in rows if c.status != CaseStatus.CLOSED),
    })


def record_forms(org: Organization, case: Case, *, bound: tuple[str, EventForm] | None = None) -> dict[str, Any]:
    """The "Record" section's context: a form per event (one bound, when it was refused) and the facilities."""
    hearings = case_hearings(case)
    forms = {name: event_form(name, org, version=case.version, hearings=hearings) for name in EVENT_FORMS
             if name != "move_hearing" or hearings}
    if bound is not None:
        forms[bound[0]] = bound[1]
    return {"forms": [(name, EVENT_FORMS[name][1], form) for name, form in forms.items()],
            "open_form": bound[0] if bound else "", "facilities": facilities(org),
            "closed": case.status == CaseStatus.CLOSED}


def _case_page(request: HttpRequest, org: Organization, case: Case, *, bound: tuple[str, EventForm] | None = None,
               status: int = 200) -> HttpResponse:
    audit_reads(org.pk, request.user, people=[case.person_id], cases=[case.pk], reason="case page")
    return render(request, "legal/case.html", {
        "org": org, "case": case, "person": case.person, "lines": timeline(case),
        # A closed case has no next step: no hearing to show, no provider to refer it to (send_referral
        # refuses any case that is not open, so the button shows only where it can work).
        "next_hearing": next_hearing(case), "statuses": CaseStatus.choices,
        "referable": case.status == CaseStatus.OPEN,
        "record_url": reverse("legal:record", args=[case.pk]), **record_forms(org, case, bound=bound),
    }, status=status)


@legal_view(CASE_ROLES)
@require_GET
def case_page(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    return _case_page(request, org, org_case(org, pk))


def _apply(name: str, case: Case, form: Any, by: Any) -> None:
    d, v = form.cleaned_data, form.cleaned_data.get("version")
    version = v if v is not None else -1  # a form without its version is treated as stale, never as unlocked
    on = d.get("on")
    if name == "located":
        actions.record_located(case, facility=d["facility"], found_on=on, by=by, version=version)
    elif name == "transferred":
        actions.record_transferred(case, facility=d["facility"], on=on, by=by, version=version)
    elif name == "attorney":
        actions.record_attorney_assigned(case, attorney=d["attorney"], on=on, by=by, version=version)
    elif name == "bond_requested":
        actions.record_bond_requested(case, on=on, by=by, version=version)
    elif name == "bond_set":
        actions.record_bond_set(case, amount_cents=d["amount"], on=on, by=by, version=version)
    elif name == "bond_denied":
        actions.record_bond_denied(case, on=on, by=by, version=version)
    elif name == "bond_paid":
        actions.record_bond_paid(case, on=on, by=by, version=version)
    elif name == "hearing":
        assert isinstance(form, HearingForm)
        actions.schedule_hearing(case, starts_at=form.starts_at(), court=d["court"], by=by, version=version,
                                 confirm_past=d["confirm_past"], shareable=d["shareable"])
    elif name == "move_hearing":
        assert isinstance(form, MoveHearingForm)
        hearing = get_object_or_404(Hearing, organization_id=case.organization_id, case=case, pk=d["hearing"])
        actions.reschedule_hearing(hearing, starts_at=form.starts_at(), court=d["court"], by=by, version=version,
                                   confirm_past=d["confirm_past"])
    elif name == "note":
        actions.add_note(case, text=d["text"], by=by, version=version)
    elif name == "status":
        actions.change_status(case, status=d["status"], reason=d["reason"], by=by, version=version)


def record_event(request: HttpRequest, org: Organization, case: Case) -> tuple[str, EventForm] | None:
    """Parse the posted event form and call its action: None when saved, else the form to show again (with what
    was typed and why it was refused). Shared by the coordinator's case page and the attorney's; the caller
    checked that ``event`` names a form."""
    name = request.POST["event"]
    form = event_form(name, org, request.POST, version=case.version, hearings=case_hearings(case))
    if form.is_valid():
        try:
            _apply(name, case, form, request.user)
        except actions.BadInput as e:
            form.add_error(e.field if e.field in form.fields else None, str(e.message))
        except actions.StaleCase as e:
            form.add_error(None, str(e.message))
            # What was typed stays; the version becomes the current one, so sending again saves it.
            data: QueryDict = request.POST.copy()
            data[f"{name}-version"] = str(Case.objects.filter(pk=case.pk).values_list("version", flat=True)[0])
            form.data = data
        except actions.CaseRefused as e:
            form.add_error(None, str(e.message))
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": EVENT_FORMS[name][1]})
            return None
    return name, form


@legal_view(CASE_ROLES)
@require_POST
def record(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    """One event or status change, from the form named by ``event``."""
    case = org_case(org, pk)
    if request.POST.get("event", "") not in EVENT_FORMS:
        messages.error(request, _("Choose what to record."))
        return redirect("legal:case", pk=case.pk)
    refused = record_event(request, org, case)
    if refused is None:
        return redirect(reverse("legal:case", args=[case.pk]) + "#timeline")
    return _case_page(request, org, org_case(org, pk), bound=refused, status=400)


@legal_view(CASE_ROLES)
@require_GET
def hearings_ics(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    """The case's hearings as a calendar. The case reference only, never a name: calendars sync to outside
    services."""
    case = org_case(org, pk)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Amparo//Legal aid hearings//EN")
    cal.add("version", "2.0")
    stamp = timezone.now()
    for h in Hearing.objects.filter(organization=org, case=case).order_by("starts_at"):
        ev = icalendar.Event()
        ev.add("uid", f"amparo-{org.slug}-hearing-{h.pk}")
        ev.add("sequence", h.sequence)  # a moved hearing replaces its old time in the calendar
        ev.add("dtstamp", stamp)
        ev.add("dtstart", h.starts_at)
        ev.add("dtend", h.starts_at + timedelta(hours=HEARING_HOURS))
        ev.add("summary", _("Hearing, case %(ref)s") % {"ref": case.reference})
        ev.add("location", h.court)
        cal.add_component(ev)
    audit(org.pk, action="export", object_type="legal_case", object_ids=[case.pk], actor=request.user,
          reason="hearings .ics")
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="amparo-{case.reference}-hearings.ics"'
    return response


@legal_view(CASE_ROLES)
@require_POST
def reminder_done(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    reminder = get_object_or_404(HearingReminder, organization=org, pk=pk)
    actions.dismiss_reminder(reminder, by=request.user)
    return redirect("legal:cases")
