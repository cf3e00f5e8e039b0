"""Referrals: a coordinator sends a case to one provider; the provider accepts or declines.

Each change is one function, called by the pages, the SMS replies and the sweep alike.

- ``send_referral`` takes one of the provider's places with a conditional UPDATE
  (``open_cases < capacity``), as dispatch seats are taken: two coordinators
  referring to the last place at the same instant, one wins and the other is
  told (``ProviderFull``). It locks the case row, so one case has at most one
  referral waiting for an answer. The provider is told on commit, by SMS and
  e-mail, with the case's reference, its type and a link to log in: no name, no
  county, nothing personal leaves in a text or an e-mail.
- ``accept_referral`` gives the case to the provider (the place stays taken);
  ``decline_referral`` and a withdrawal give the place back.
- A referral not answered in ``LegalSettings.referral_answer_minutes`` is marked
  by the minute sweep (``referral_sweep``): the coordinator who sent it is told
  and shown the next provider. Nothing goes to a provider no coordinator chose.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info, override
from django.utils.translation import gettext as _

from amparo.audit.log import audit
from amparo.legal.matching import CaseNeed, Proposal, ProviderFacts, propose
from amparo.legal.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    CaseType,
    LegalSettings,
    Provider,
    Referral,
    ReferralStatus,
)
from amparo.messaging.actions import CannotMessage, send_sms
from amparo.messaging.models import MessageKind
from amparo.orgs.models import Organization
from amparo.texts.render import render_text

log = logging.getLogger(__name__)


class ReferralError(Exception):
    """The referral cannot change this way; the message says why, in the user's language."""


class ProviderFull(ReferralError):
    """The provider had no free place left when the referral tried to take one."""


def legal_settings(org: Organization | int) -> LegalSettings:
    org_id = org if isinstance(org, int) else org.pk
    found, _created = LegalSettings.objects.get_or_create(organization_id=org_id)
    return found


def save_referral_settings(org: Organization, *, answer_minutes: int, family_reply_days: int,
                           actor: Any) -> LegalSettings:
    """An admin sets how long a provider has to answer, and how long a family's reply joins its case."""
    found = legal_settings(org)
    found.referral_answer_minutes, found.family_reply_days = answer_minutes, family_reply_days
    found.save(update_fields=["referral_answer_minutes", "family_reply_days"])
    audit(org.pk, action="change", object_type="legal_settings", object_ids=[org.pk], actor=actor)
    return found


def case_need(case: Case) -> CaseNeed:
    """What the match reads of a case: where the person is held (else lives), their language, the case type."""
    county = (case.facility.county if case.facility_id and case.facility else "") or (case.person.county or "")
    language = case.person.language or ""
    try:
        language_label = get_language_info(language)["name_translated"] if language else ""
    except KeyError:
        language_label = language
    return CaseNeed(county=county, language=language, case_type=case.case_type, county_label=county,
                    language_label=str(language_label), case_type_label=str(CaseType(case.case_type).label))


def facts(provider: Provider) -> ProviderFacts:
    return ProviderFacts(provider.pk, provider.name, tuple(provider.counties or ()), tuple(provider.languages or ()),
                         tuple(provider.case_types or ()), provider.capacity, provider.open_cases)


def proposals_for(case: Case) -> list[Proposal]:
    """The organization's active providers, ranked for ``case`` with reasons (nothing is sent)."""
    providers = Provider.objects.filter(organization_id=case.organization_id, is_active=True)
    return propose(case_need(case), [facts(p) for p in providers])


def take_place(provider_id: int) -> bool:
    """One of the provider's places, if one is free: the conditional UPDATE that decides a race."""
    return Provider.objects.filter(pk=provider_id, open_cases__lt=F("capacity")).update(
        open_cases=F("open_cases") + 1) == 1


def release_place(provider_id: int) -> None:
    """Give a place back (a declined, expired or withdrawn referral; a case that ended)."""
    Provider.objects.filter(pk=provider_id, open_cases__gt=0).update(open_cases=F("open_cases") - 1)


def _event(case: Case, kind: str, *, actor: Any, details: str = "") -> CaseEvent:
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
    return CaseEvent.objects.create(organization_id=case.organization_id, case=case, kind=kind,
                                    details=details or None, actor=actor if getattr(actor, "pk", None) else None)


def _close_pending(case: Case, *, status: str, now: datetime) -> None:
    for old in Referral.objects.select_for_update().filter(organization_id=case.organization_id, case=case,
                                                            status=ReferralStatus.PENDING):
        old.status = status
        old.answered_at = now
        old.save(update_fields=["status", "answered_at"])
        release_place(old.provider_id)


@transaction.atomic
def send_referral(case: Case, provider: Provider, *, by: Any, reason: str = "",
                  now: datetime | None = None) -> Referral:
    """Refer ``case`` to ``provider``, chosen by the coordinator ``by``. Locks the case row.

    A referral still waiting for its answer blocks a new one, unless the sweep marked it
    unanswered: then it is closed as expired (its place given back) and this one goes out."""
    now = now or timezone.now()
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk,
                                                                          organization_id=case.organization_id)
    if provider.organization_id != case.organization_id:
        raise ReferralError(_("This provider is not one of this organization's."))
    if case.status != CaseStatus.OPEN:
        raise ReferralError(_("This case is no longer open."))
    if case.provider_id is not None:
        raise ReferralError(_("A provider has already accepted this case."))
    if not provider.is_active:
        raise ReferralError(_("This provider is deactivated."))
    waiting = list(Referral.objects.filter(organization_id=case.organization_id, case=case,
                                           status=ReferralStatus.PENDING).select_related("provider"))
    if any(r.escalated_at is None for r in waiting):
        raise ReferralError(_("This case is waiting for %(name)s to answer.") % {"name": waiting[0].provider.name})
    _close_pending(case, status=ReferralStatus.EXPIRED, now=now)
    if not take_place(provider.pk):
        raise ProviderFull(_("%(name)s has no free place any more: choose another provider.")
                           % {"name": provider.name})
    minutes = legal_settings(case.organization_id).referral_answer_minutes
    referral = Referral.objects.create(organization_id=case.organization_id, case=case, provider=provider,
                                       reason=reason[:300], sent_by=by if getattr(by, "pk", None) else None,
                                       answer_due_at=now + timedelta(minutes=minutes))
    _event(case, CaseEventKind.REFERRED, actor=by, details=provider.name)
    audit(case.organization_id, action="change", object_type="legal_referral", object_ids=[referral.pk], actor=by)
    referral_id = referral.pk
    transaction.on_commit(lambda: notify_provider(referral_id))
    return referral


def _lock_pending(referral: Referral) -> Referral:
    locked = (Referral.objects.select_for_update().select_related("provider", "case")
              .get(pk=referral.pk, organization_id=referral.organization_id))
    if locked.status != ReferralStatus.PENDING:
        raise ReferralError(_("This referral was already answered or withdrawn (%(status)s).")
                            % {"status": locked.get_status_display()})
    return locked


@transaction.atomic
def accept_referral(referral: Referral, *, by: Any, via: str = "link", now: datetime | None = None) -> Referral:
    """The provider takes the case: its attorneys now see the whole case. Locks the referral row."""
    now = now or timezone.now()
    referral = _lock_pending(referral)
    case = Case.objects.select_for_update().get(pk=referral.case_id, organization_id=referral.organization_id)
    if case.provider_id is not None:
        raise ReferralError(_("A provider has already accepted this case."))
    referral.status, referral.answered_at = ReferralStatus.ACCEPTED, now
    referral.answered_by = by if getattr(by, "pk", None) else None
    referral.save(update_fields=["status", "answered_at", "answered_by"])
    Case.objects.filter(pk=case.pk, organization_id=case.organization_id).update(provider=referral.provider)
    _event(case, CaseEventKind.REFERRAL_ACCEPTED, actor=by, details=f"{referral.provider.name} ({via})")
    audit(referral.organization_id, action="change", object_type="legal_referral", object_ids=[referral.pk],
          actor=by, actor_label="" if getattr(by, "pk", None) else f"provider {referral.provider_id} by {via}")
    referral_id = referral.pk
    transaction.on_commit(lambda: notify_coordinator(referral_id, "answered"))
    return referral


@transaction.atomic
def decline_referral(referral: Referral, *, by: Any, via: str = "link", now: datetime | None = None) -> Referral:
    """The provider passes: the place is given back and the coordinator is told. Locks the referral row."""
    now = now or timezone.now()
    referral = _lock_pending(referral)
    referral.status, referral.answered_at = ReferralStatus.DECLINED, now
    referral.answered_by = by if getattr(by, "pk", None) else None
    referral.save(update_fields=["status", "answered_at", "answered_by"])
    release_place(referral.provider_id)
    _event(referral.case, CaseEventKind.REFERRAL_DECLINED, actor=by, details=f"{referral.provider.name} ({via})")
    audit(referral.organization_id, action="change", object_type="legal_referral", object_ids=[referral.pk],
          actor=by, actor_label="" if getattr(by, "pk", None) else f"provider {referral.provider_id} by {via}")
    referral_id = referral.pk
    transaction.on_commit(lambda: notify_coordinator(referral_id, "answered"))
    return referral


@transaction.atomic
def withdraw_referral(referral: Referral, *, by: Any, now: datetime | None = None) -> Referral:
    """The coordinator takes the referral back before an answer: the place is given back."""
    referral = _lock_pending(referral)
    referral.status, referral.answered_at = ReferralStatus.WITHDRAWN, now or timezone.now()
    referral.save(update_fields=["status", "answered_at"])
    release_place(referral.provider_id)
    audit(referral.organization_id, action="change", object_type="legal_referral", object_ids=[referral.pk],
          actor=by, reason="withdrawn")
    return referral


def referral_url(referral: Referral) -> str:
    return settings.AMPARO_PUBLIC_URL + reverse("legal:referral", args=[referral.pk])


def _provider_language(provider: Provider, org: Organization) -> str:
    for code in provider.languages or ():
        if code in ("en", "es"):
            return code
    return org.default_language if org.default_language in ("en", "es") else "en"


def notify_provider(referral_id: int) -> None:
    """Tell the provider a case waits for them: the reference, the type, a link. Nothing personal."""
    referral = Referral.objects.select_related("provider", "case", "provider__organization").get(pk=referral_id)
    provider, case, org = referral.provider, referral.case, referral.provider.organization
    language = _provider_language(provider, org)
    with override(language):
        case_type = str(CaseType(case.case_type).label)
    text = render_text(org.pk, "legal.referral_new", language, ref=case.reference, type=case_type,
                       url=referral_url(referral), minutes=legal_settings(org).referral_answer_minutes)
    if provider.contact_phone:
        try:
            send_sms(org, provider.contact_phone, text, kind=MessageKind.SYSTEM)
        except CannotMessage:
            log.warning("referral %s: no hotline number to text the provider from", referral_id)
    if provider.contact_email:
        with override(language):
            subject = _("Amparo: a new referral, case %(ref)s") % {"ref": case.reference}
        try:
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [provider.contact_email])
        except (OSError, SMTPException):
            log.exception("referral %s: e-mail to the provider not sent", referral_id)


def notify_coordinator(referral_id: int, what: str, next_name: str = "") -> None:
    """E-mail the coordinator who sent the referral: answered, or unanswered with the next provider.
    The case page says the rest; the e-mail names no one but the provider."""
    referral = (Referral.objects.select_related("provider", "case", "sent_by", "case__organization")
                .get(pk=referral_id))
    if referral.sent_by is None or not referral.sent_by.email:
        return
    org = referral.case.organization
    url = settings.AMPARO_PUBLIC_URL + reverse("legal:case_referral", args=[referral.case_id])
    with override(org.default_language):
        if what == "unanswered":
            subject = _("Amparo: no answer to the referral of case %(ref)s") % {"ref": referral.case.reference}
            body = _("%(provider)s has not answered the referral of case %(ref)s in time. Next proposed "
                     "provider: %(next)s. Choose on %(url)s") % {
                "provider": referral.provider.name, "ref": referral.case.reference,
                "next": next_name or _("none"), "url": url}
        else:
            subject = _("Amparo: %(provider)s answered the referral of case %(ref)s") % {
                "provider": referral.provider.name, "ref": referral.case.reference}
            body = _("%(provider)s %(answer)s case %(ref)s. See %(url)s") % {
                "provider": referral.provider.name, "ref": referral.case.reference, "url": url,
                "answer": _("accepted") if referral.status == ReferralStatus.ACCEPTED else _("declined")}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [referral.sent_by.email])
    except (OSError, SMTPException):
        log.exception("referral %s: e-mail to the coordinator not sent", referral_id)


def next_proposal(case: Case, providers: list[ProviderFacts] | None = None,
                  tried: set[int] | None = None) -> Proposal | None:
    """The best provider that can still take the case and was not referred it before. A list page passes
    the organization's providers and the case's tried providers, loaded once for all its rows."""
    if tried is None:
        tried = set(Referral.objects.filter(organization_id=case.organization_id, case=case)
                    .values_list("provider_id", flat=True))
    proposals = propose(case_need(case), providers) if providers is not None else proposals_for(case)
    return next((p for p in proposals if p.can_refer and p.provider.pk not in tried), None)


def active_provider_facts(org_id: int) -> list[ProviderFacts]:
    return [facts(p) for p in Provider.objects.filter(organization_id=org_id, is_active=True)]
