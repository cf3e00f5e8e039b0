"""Pages of the provider slice: the attorney's home, a referral's conflict check and answer, the
coordinator's referral of a case and queue of referrals, the case as its provider sees it, sharing an
event with the family, and the family thread. Thin: authorize, call the action, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.audit.log import audit
from amparo.core.parse import ascii_int
from amparo.legal.family import SHAREABLE_KINDS, reachable_contacts, share_event
from amparo.legal.forms import EVENT_FORMS, EventForm
from amparo.legal.models import (
    Case,
    CaseEvent,
    CaseStatus,
    EmergencyContact,
    FamilyMessage,
    Provider,
    Referral,
    ReferralStatus,
)
from amparo.legal.provider_access import LegalViewer, attorney_may_see_case, legal_view
from amparo.legal.referrals import (
    ReferralError,
    accept_referral,
    active_provider_facts,
    case_need,
    decline_referral,
    next_proposal,
    proposals_for,
    send_referral,
)
from amparo.legal.selectors import timeline
from amparo.legal.views import record_event, record_forms
from amparo.orgs.models import Role


@legal_view(Role.ATTORNEY)
def attorney_home(request: HttpRequest, viewer: LegalViewer) -> HttpResponse:
    """The attorney's home: their provider's referrals waiting for an answer, and its cases.
    Lists references and types only: the conflict-check fields are read (and audited) one by one."""
    provider = viewer.provider
    waiting = list(Referral.objects.filter(organization=viewer.org, provider=provider, status=ReferralStatus.PENDING)
                   .select_related("case").order_by("answer_due_at", "pk"))
    cases = list(Case.objects.filter(organization=viewer.org, provider=provider).order_by("-opened_at")[:200])
    return render(request, "legal/providers/attorney_home.html",
                  {"provider": provider, "waiting": waiting, "cases": cases})


def _conflict_check_read(request: HttpRequest, viewer: LegalViewer, referral: Referral) -> None:
    audit(viewer.org.pk, action="read", object_type="legal_person", object_ids=[referral.case.person_id],
          actor=request.user, reason=f"conflict check, referral {referral.pk}")


@legal_view(Role.ATTORNEY, Role.LEGAL)
def referral_detail(request: HttpRequest, viewer: LegalViewer, pk: int) -> HttpResponse:
    """Before accepting: the county, language, case type, facility and the person's name (audited)."""
    referrals = Referral.objects.filter(organization=viewer.org).select_related(
        "case", "case__person", "case__facility", "provider")
    if not viewer.is_coordinator:
        referrals = referrals.filter(provider=viewer.provider)
    referral = get_object_or_404(referrals, pk=pk)
    _conflict_check_read(request, viewer, referral)
    return render(request, "legal/providers/referral.html", {
        "referral": referral, "case": referral.case, "need": case_need(referral.case),
        "may_answer": not viewer.is_coordinator and referral.status == ReferralStatus.PENDING,
        "sees_case": attorney_may_see_case(viewer, referral.case)})


def _answer(request: HttpRequest, viewer: LegalViewer, pk: int, accept: bool) -> HttpResponse:
    referral = get_object_or_404(Referral, pk=pk, organization=viewer.org, provider=viewer.provider)
    try:
        if accept:
            accept_referral(referral, by=request.user, via="link")
        else:
            decline_referral(referral, by=request.user, via="link")
    except ReferralError as exc:
        messages.error(request, str(exc))
        return redirect("legal:referral", pk=pk)
    if accept:
        messages.success(request, _("You accepted case %(ref)s.") % {"ref": referral.case.reference})
        return redirect("legal:provider_case", pk=referral.case_id)
    messages.success(request, _("You passed on case %(ref)s.") % {"ref": referral.case.reference})
    return redirect("legal:attorney_home")


@require_POST
@legal_view(Role.ATTORNEY)
def referral_accept(request: HttpRequest, viewer: LegalViewer, pk: int) -> HttpResponse:
    return _answer(request, viewer, pk, accept=True)


@require_POST
@legal_view(Role.ATTORNEY)
def referral_decline(request: HttpRequest, viewer: LegalViewer, pk: int) -> HttpResponse:
    return _answer(request, viewer, pk, accept=False)


@legal_view(Role.LEGAL)
def case_referral(request: HttpRequest, viewer: LegalViewer, pk: int) -> HttpResponse:
    """The coordinator's choice: providers ranked with reasons, and the case's referrals so far."""
    case = get_object_or_404(Case.objects.select_related("person", "facility", "provider"), pk=pk,
                             organization=viewer.org)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        provider_id = ascii_int(request.POST.get("provider"))
        provider = get_object_or_404(Provider, pk=provider_id, organization=viewer.org) if provider_id else None
        if provider is None:
            messages.error(request, _("Choose a provider."))
        else:
            chosen = next((p for p in proposals_for(case) if p.provider.pk == provider.pk), None)
            try:
                send_referral(case, provider, by=request.user, reason=chosen.reason_text if chosen else "")
            except ReferralError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Case %(ref)s was referred to %(name)s. They were told, with no "
                                            "personal data.") % {"ref": case.reference, "name": provider.name})
                return redirect("legal:case_referral", pk=case.pk)
    audit(viewer.org.pk, action="read", object_type="legal_case", object_ids=[case.pk], actor=request.user,
          reason="referral")
    referrals = list(Referral.objects.filter(organization=viewer.org, case=case).select_related("provider")
                     .order_by("-sent_at", "-pk"))
    waiting = next((r for r in referrals if r.status == ReferralStatus.PENDING), None)
    referable = case.status == CaseStatus.OPEN
    return render(request, "legal/providers/case_referral.html", {
        "case": case, "need": case_need(case), "proposals": proposals_for(case) if referable else [],
        "referrals": referrals, "referable": referable,
        "waiting": waiting, "next": next_proposal(case) if waiting and waiting.escalated_at else None,
        "tried": {r.provider_id for r in referrals}})


@legal_view(Role.LEGAL)
def referral_queue(request: HttpRequest, viewer: LegalViewer) -> HttpResponse:
    """Referrals waiting for a provider; those past their time first, each with the next provider."""
    waiting = list(Referral.objects.filter(organization=viewer.org, status=ReferralStatus.PENDING)
                   .select_related("case", "provider", "case__person", "case__facility")
                   .order_by("escalated_at", "answer_due_at", "pk")[:200])
    waiting.sort(key=lambda r: r.escalated_at is None)  # unanswered in time first
    late = [r for r in waiting if r.escalated_at]
    providers = active_provider_facts(viewer.org.pk) if late else []
    tried: dict[int, set[int]] = {}
    for case_id, provider_id in Referral.objects.filter(organization=viewer.org, case_id__in=[
            r.case_id for r in late]).values_list("case_id", "provider_id"):
        tried.setdefault(case_id, set()).add(provider_id)
    rows = [{"referral": r, "next": next_proposal(r.case, providers, tried.get(r.case_id, set()))
             if r.escalated_at else None} for r in waiting]
    return render(request, "legal/providers/referral_queue.html", {"rows": rows})


def _case_for(viewer: LegalViewer, pk: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("person", "facility", "provider"), pk=pk,
                             organization=viewer.org)
    if not attorney_may_see_case(viewer, case):
        raise Http404
    return case


def _provider_case_page(request: HttpRequest, viewer: LegalViewer, case: Case, *,
                        bound: tuple[str, EventForm] | None = None, status: int = 200) -> HttpResponse:
    contacts = list(EmergencyContact.objects.filter(organization=viewer.org, person=case.person).order_by("pk"))
    audit(viewer.org.pk, action="read", object_type="legal_person", object_ids=[case.person_id], actor=request.user,
          reason=f"case {case.pk}")
    audit(viewer.org.pk, action="read", object_type="legal_case", object_ids=[case.pk], actor=request.user)
    reachable = {c.pk for c in reachable_contacts(case)}
    return render(request, "legal/providers/case.html", {
        "case": case, "person": case.person, "lines": timeline(case), "shareable_kinds": SHAREABLE_KINDS,
        "contacts": contacts, "reachable": reachable,
        "thread_count": FamilyMessage.objects.filter(organization=viewer.org, case=case).count(),
        "record_url": reverse("legal:provider_record", args=[case.pk]),
        **record_forms(viewer.org, case, bound=bound)}, status=status)


@legal_view(Role.LEGAL, Role.ATTORNEY)
def provider_case(request: HttpRequest, viewer: LegalViewer, pk: int) -> HttpResponse:
    """The whole case, for its coordinator and, once accepted, its provider's attorneys (audited), with the
    forms to record what happens: the attorney on the case records located, bond, hearings as the coordinator
    does, through the same actions."""
    return _provider_case_page(request, viewer, _case_for(viewer, pk))


@require_POST
@legal_view(Role.LEGAL, Role.ATTORNEY)
def provider_record(request: HttpRequest, viewer: LegalViewer, pk: int) -> HttpResponse:
    case = _case_for(viewer, pk)
    if request.POST.get("event", "") not in EVENT_FORMS:
        messages.error(request, _("Choose what to record."))
        return redirect("legal:provider_case", pk=case.pk)
    refused = record_event(request, viewer.org, case)
    if refused is None:
        return redirect(reverse("legal:provider_case", args=[case.pk]) + "#events")
    return _provider_case_page(request, viewer, _case_for(viewer, pk), bound=refused, status=400)


@require_POST
@legal_view(Role.LEGAL, Role.ATTORNEY)
def event_share(request: HttpRequest, viewer: LegalViewer, pk: int) -> HttpResponse:
    event = get_object_or_404(CaseEvent.objects.select_related("case"), pk=pk, organization=viewer.org)
    case = _case_for(viewer, event.case_id)
    if event.kind not in SHAREABLE_KINDS:
        messages.error(request, _("This kind of event is never texted to the family."))
    elif event.shared_at is not None:
        messages.info(request, _("This event was already shared with the family."))
    else:
        sent = share_event(event, by=request.user)
        messages.success(request, _("Shared with the family: %(n)d text(s) sent.") % {"n": sent})
    return redirect("legal:provider_case", pk=case.pk)


@legal_view(Role.LEGAL, Role.ATTORNEY)
def family_thread(request: HttpRequest, viewer: LegalViewer, pk: int) -> HttpResponse:
    """The case's family thread: texts sent and replies received, oldest first (audited)."""
    case = _case_for(viewer, pk)
    items = list(FamilyMessage.objects.filter(organization=viewer.org, case=case)
                 .select_related("outbound", "report", "contact").order_by("created_at", "pk")[:500])
    audit(viewer.org.pk, action="read", object_type="legal_family_thread", object_ids=[case.pk],
          actor=request.user)
    return render(request, "legal/providers/family_thread.html", {"case": case, "items": items})
