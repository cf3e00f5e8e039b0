"""A report turned into a Person (the dispatcher's two clicks), and the person's page.

The intake form opens prefilled from the report (its language, the caller's number
is not copied: the caller is often not the person detained). A duplicate is
proposed with its name and date of birth only, and the dispatcher chooses: the
same person (the report is tied to that record) or, for a name-and-date match,
someone else. An A-number match is always the same person.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.legal import actions
from amparo.legal.access import CASE_ROLES, INTAKE_ROLES, legal_view
from amparo.legal.forms import ConsentForm, ContactForm, IntakeForm
from amparo.legal.models import CaseType, EmergencyContact
from amparo.legal.selectors import (
    audit_reads,
    current_consents,
    org_person,
    parse_dob,
    person_details,
)
from amparo.orgs.models import Organization, Role
from amparo.reports.models import Report


def _fields(form: IntakeForm) -> actions.PersonFields:
    d = form.cleaned_data
    return actions.PersonFields(name=d.get("name") or "", date_of_birth=d.get("date_of_birth"),
                                language=d.get("language") or "", county=d.get("county") or "",
                                phone=d.get("phone") or "", a_number=d.get("a_number") or "")


def _after_intake(request: HttpRequest, person: Any, report: Report, form: IntakeForm, *, linked: bool) -> HttpResponse:
    case = None
    if form.cleaned_data.get("open_case"):
        existing = person.cases.exclude(status="closed").order_by("-opened_at").first()
        case = existing or actions.open_case(person, by=request.user,
                                             case_type=form.cleaned_data.get("case_type") or CaseType.DETENTION_BOND)
    if case is not None:
        messages.success(request, _("Person recorded and case %(ref)s is open. The legal coordinator takes it "
                                    "from here.") % {"ref": case.reference})
    elif linked:
        messages.success(request, _("This report is now tied to the existing person."))
    else:
        messages.success(request, _("Person recorded."))
    if getattr(request, "legal_role", "") in (Role.LEGAL,) and case is not None:
        return redirect("legal:case", pk=case.pk)
    if report.incident_id:
        return redirect("console:incident", pk=report.incident_id)
    return redirect("legal:person", pk=person.pk)


@legal_view(INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def person_from_report(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    """Click one: the button on the report. Click two: this form's button."""
    report = get_object_or_404(Report, organization=org, pk=pk)
    form = IntakeForm(request.POST or None, initial={"language": report.language or "es"})
    match = None
    if request.method == "POST" and form.is_valid():
        choice = request.POST.get("match_choice", "")
        use = None
        if choice.startswith("same:"):
            match_id = ascii_int(choice.removeprefix("same:"), max_digits=ID_DIGITS)
            use = org_person(org, match_id) if match_id is not None else None
        try:
            person = actions.person_from_report(report, _fields(form), by=request.user, use=use,
                                                allow_same_name_dob=(choice == "other"))
        except actions.BadInput as e:
            form.add_error(e.field if e.field in form.fields else None, str(e.message))
        except actions.DuplicateFound as dup:
            match = dup
            audit_reads(org.pk, request.user, people=[dup.person.pk], reason="duplicate check")
        else:
            return _after_intake(request, person, report, form, linked=use is not None)
    status = 400 if request.method == "POST" else 200
    return render(request, "legal/person_new.html", {
        "org": org, "report": report, "form": form, "match": match,
        "match_dob": parse_dob(match.person.date_of_birth) if match else None,
    }, status=status)


@legal_view(INTAKE_ROLES)
@require_POST
def open_case_view(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    """Open a case for a person already recorded (from the incident page's legal section)."""
    person = org_person(org, pk)
    case_type = request.POST.get("case_type") or CaseType.DETENTION_BOND
    if case_type not in CaseType.values:
        case_type = CaseType.DETENTION_BOND
    existing = person.cases.exclude(status="closed").order_by("-opened_at").first()
    case = existing or actions.open_case(person, by=request.user, case_type=case_type)
    messages.success(request, _("Case %(ref)s is open.") % {"ref": case.reference})
    back = ascii_int(request.POST.get("incident"), max_digits=ID_DIGITS)
    if getattr(request, "legal_role", "") == Role.DISPATCHER and back is not None:
        return redirect("console:incident", pk=back)
    if getattr(request, "legal_role", "") == Role.DISPATCHER:
        return redirect("console:queue")
    return redirect("legal:case", pk=case.pk)


def _person_page(request: HttpRequest, org: Organization, person: Any, *, contact_form: ContactForm | None = None,
                 consent_form: ConsentForm | None = None, status: int = 200) -> HttpResponse:
    details = person_details(person)
    audit_reads(org.pk, request.user, people=[person.pk], reason="person page")
    return render(request, "legal/person.html", {
        "org": org, "person": person, "dob": parse_dob(person.date_of_birth), **details,
        "current_consents": current_consents(details["consents"]),
        "contact_form": contact_form or ContactForm(prefix="contact"),
        "consent_form": consent_form or ConsentForm(prefix="consent", contacts=details["contacts"]),
    }, status=status)


@legal_view(CASE_ROLES)
@require_http_methods(["GET"])
def person_page(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    return _person_page(request, org, org_person(org, pk))


@legal_view(CASE_ROLES)
@require_POST
def contact_add(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    person = org_person(org, pk)
    form = ContactForm(request.POST, prefix="contact")
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.add_contact(person, by=request.user, name=d["name"], relation=d["relation"], phone=d["phone"],
                                language=d["language"], safe_to_call=d["safe_to_call"])
        except actions.BadInput as e:
            form.add_error(e.field if e.field in form.fields else None, str(e.message))
        else:
            messages.success(request, _("Contact added."))
            return redirect("legal:person", pk=person.pk)
    return _person_page(request, org, person, contact_form=form, status=400)


@legal_view(CASE_ROLES)
@require_POST
def contact_safe(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    contact = get_object_or_404(EmergencyContact, organization=org, pk=pk)
    actions.set_contact_safe(contact, safe_to_call=request.POST.get("safe_to_call") == "1", by=request.user)
    return redirect("legal:person", pk=contact.person_id)


@legal_view(CASE_ROLES)
@require_POST
def consent_add(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    person = org_person(org, pk)
    contacts = list(EmergencyContact.objects.filter(organization=org, person=person))
    form = ConsentForm(request.POST, prefix="consent", contacts=contacts)
    if form.is_valid():
        d = form.cleaned_data
        contact = next((c for c in contacts if c.pk == d.get("contact")), None)
        try:
            actions.record_consent(person, purpose=d["purpose"], given=d["given"], method=d["method"],
                                   by=request.user, contact=contact)
        except actions.BadInput as e:
            form.add_error(e.field if e.field in form.fields else None, str(e.message))
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("legal:person", pk=person.pk)
    return _person_page(request, org, person, consent_form=form, status=400)
