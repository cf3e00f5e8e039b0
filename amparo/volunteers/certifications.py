"""Certifications: who holds which, until when; what dispatch and role changes ask.

Each state change is one named function. The checks the lower apps ask through
their registries (verification's dispatch check, accounts' role check) live here
and are registered by ``VolunteersConfig.ready()``.

Validity is read at the moment of asking (``granted_at <= now < expires_at``, not
revoked): an expired certification stops dispatch at the next pick, with no job.
An organization that has no field kind at all dispatches on ``field_eligible``
alone, as before issue 14; every organization that existed at the migration, or
that opens its trainings, has the default kinds (decision in docs/decisions.md).
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amparo.audit.log import audit
from amparo.orgs.models import Membership, Organization, Role
from amparo.verification.models import Responder
from amparo.volunteers.coverage import CertificationFigures
from amparo.volunteers.models import Certification, CertificationKind

# The default kinds every organization starts with: (code, name, months, field, roles).
DEFAULT_KINDS: tuple[tuple[str, str, int, bool, list[str]], ...] = (
    ("observer", "Observer training", 12, True, []),
    ("dispatcher", "Dispatcher training", 12, False, [Role.DISPATCHER.value]),
    ("kyr_facilitator", "Know your rights facilitator", 24, False, []),
)
# The default kinds' names, translated on the pages (an admin's own kinds show their name).
KIND_LABELS = {
    "observer": gettext_lazy("Observer training"),
    "dispatcher": gettext_lazy("Dispatcher training"),
    "kyr_facilitator": gettext_lazy("Know your rights facilitator"),
}
KEPT_NOTE = "kept dispatchable when certifications began"
# The roles a certification may be needed for: the network's own desk roles. Responders are cleared for the
# field by certifications (dispatchability), not by a role change; attorneys belong to their provider and are
# never gated by the network's trainings.
GATED_ROLES = (Role.DISPATCHER, Role.LEGAL, Role.ADMIN)


def kind_label(kind: CertificationKind) -> str:
    return str(KIND_LABELS[kind.code]) if kind.code in KIND_LABELS else kind.name


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus calendar months, the day clamped to the month's last (31 Jan + 1 = 28/29 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def valid_q(now: datetime) -> Q:
    return Q(revoked_at__isnull=True, granted_at__lte=now, expires_at__gt=now)


def person_q(org_id: int, *, user_id: int | None = None, responder: Responder | None = None) -> Q:
    """The certifications of one person: held as a member, as a roster responder, or both."""
    q = Q(pk__in=[])
    if responder is not None:
        q |= Q(responder_id=responder.pk)
        user_id = user_id or responder.user_id
    if user_id is not None:
        q |= Q(user_id=user_id) | Q(responder__user_id=user_id, responder__organization_id=org_id)
    return q


def kinds(org: Organization) -> list[CertificationKind]:
    return list(CertificationKind.objects.filter(organization_id=org.pk))


@transaction.atomic
def ensure_default_kinds(org: Organization, *, now: datetime | None = None) -> list[CertificationKind]:
    """The organization's kinds, creating the defaults the first time. When the field
    kind is created, today's dispatchable responders are granted it (as the migration
    did for the organizations that existed then), so opening the trainings page never
    takes anyone off the field."""
    now = now or timezone.now()
    existing = kinds(org)
    if existing:
        return existing
    created = [CertificationKind.objects.create(organization_id=org.pk, code=code, name=name, validity_months=months,
                                                field=field, required_for_roles=roles)
               for code, name, months, field, roles in DEFAULT_KINDS]
    observer = next(k for k in created if k.field)
    keep = list(Responder.objects.filter(organization_id=org.pk, is_active=True, field_eligible=True)
                .values_list("pk", "user_id"))
    Certification.objects.bulk_create([
        Certification(organization_id=org.pk, kind=observer, responder_id=rid, user_id=uid, granted_at=now,
                      expires_at=add_months(now, observer.validity_months), note=KEPT_NOTE)
        for rid, uid in keep])
    return created


@transaction.atomic
def save_kind(org: Organization, *, kind: CertificationKind | None = None, name: str, validity_months: int,
              field: bool, required_for_roles: list[str], actor: Any) -> CertificationKind:
    """Add a kind (``kind`` None) or change one: its period applies to certifications granted from now on."""
    kind = kind or CertificationKind(organization_id=org.pk)
    if kind.organization_id != org.pk:
        raise ValueError("kind of another organization")
    kind.name, kind.validity_months, kind.field = name, validity_months, field
    kind.required_for_roles = [r for r in required_for_roles if r in GATED_ROLES]
    kind.save()
    audit(org.pk, action="change", object_type="certification_kind", object_ids=[kind.pk], actor=actor)
    return kind


def grant_certification(org: Organization, kind: CertificationKind, *, user: Any = None,
                        responder: Responder | None = None, by: Any = None, training: Any = None,
                        now: datetime | None = None, note: str = "") -> Certification:
    """Certify a person (a member, a roster responder, or both) for the kind's period from ``now``."""
    now = now or timezone.now()
    if kind.organization_id != org.pk or (responder is not None and responder.organization_id != org.pk):
        raise ValueError("another organization's kind or responder")
    user_id = getattr(user, "pk", None) or (responder.user_id if responder is not None else None)
    cert = Certification.objects.create(
        organization_id=org.pk, kind=kind, user_id=user_id, responder=responder, training=training, granted_at=now,
        expires_at=add_months(now, kind.validity_months), note=note[:200],
        granted_by=by if getattr(by, "is_authenticated", False) else None)
    audit(org.pk, action="change", object_type="certification", object_ids=[cert.pk], actor=by,
          actor_label="" if by else "volunteers")
    return cert


def revoke_certification(cert: Certification, *, by: Any, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    done = bool(Certification.objects.filter(pk=cert.pk, revoked_at__isnull=True).update(revoked_at=now))
    if done:
        audit(cert.organization_id, action="change", object_type="certification", object_ids=[cert.pk], actor=by,
              reason="revoked")
    return done


# --- reads ------------------------------------------------------------------------

def person_certifications(org: Organization, *, user_id: int | None = None,
                          responder: Responder | None = None) -> QuerySet[Certification]:
    return (Certification.objects.filter(Q(organization_id=org.pk) & person_q(org.pk, user_id=user_id,
                                                                               responder=responder))
            .select_related("kind").order_by("-expires_at"))


def expiring(org: Organization, *, now: datetime, days: int = 30) -> QuerySet[Certification]:
    """Valid certifications that expire within ``days`` (the admin's list), soonest first."""
    return (Certification.objects.filter(valid_q(now), organization_id=org.pk,
                                         expires_at__lte=now + timedelta(days=days))
            .select_related("kind", "user", "responder").order_by("expires_at", "id"))


def _day(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


# --- the checks lower apps ask --------------------------------------------------------

def field_certification_refusals(org_id: int, responder_ids: list[int], now: datetime) -> dict[int, str]:
    """verification's dispatch check: those of ``responder_ids`` without a valid
    certification of a field kind, with the reason. Three queries, whatever the roster's size."""
    field_kinds = list(CertificationKind.objects.filter(organization_id=org_id, field=True))
    if not field_kinds:
        return {}
    people = dict(Responder.objects.filter(organization_id=org_id, pk__in=responder_ids)
                  .values_list("pk", "user_id"))
    user_ids = [u for u in people.values() if u is not None]
    held = list(Certification.objects.filter(
        Q(responder_id__in=list(people)) | Q(user_id__in=user_ids), organization_id=org_id,
        kind__in=field_kinds, revoked_at__isnull=True, granted_at__lte=now,
    ).values_list("responder_id", "user_id", "expires_at"))
    last: dict[int, datetime] = {}
    for rid, uid, expires in held:
        owners = {rid} if rid is not None else set()
        owners |= {p for p, u in people.items() if uid is not None and u == uid}
        for owner in owners:
            if owner not in last or expires > last[owner]:
                last[owner] = expires
    names = ", ".join(kind_label(k) for k in field_kinds)
    out: dict[int, str] = {}
    for rid in people:
        if rid in last and last[rid] > now:
            continue
        if rid in last:
            out[rid] = _("Their field certification expired on %(day)s.") % {"day": _day(last[rid])}
        else:
            out[rid] = _("No valid field certification (%(kinds)s).") % {"kinds": names}
    for rid in responder_ids:
        if rid not in people:
            out[rid] = _("This person is not on the roster.")
    return out


def role_certification_refusal(membership: Membership, role: str) -> str | None:
    """accounts' role check: moving ``membership`` to ``role`` needs every kind the
    organization lists for that role, valid now. None when allowed, else the reason."""
    if role == membership.role or role not in GATED_ROLES:
        return None  # an attorney is a provider's lawyer, not a volunteer: no training gates them
    needed = list(CertificationKind.objects.filter(organization_id=membership.organization_id))
    needed = [k for k in needed if role in (k.required_for_roles or [])]
    if not needed:
        return None
    now = timezone.now()
    held = set(Certification.objects.filter(
        valid_q(now), person_q(membership.organization_id, user_id=membership.user_id),
        organization_id=membership.organization_id, kind__in=needed).values_list("kind_id", flat=True))
    missing = [kind_label(k) for k in needed if k.pk not in held]
    if not missing:
        return None
    return _("This role needs a valid certification first: %(kinds)s.") % {"kinds": ", ".join(missing)}



# --- the coverage page's certification figures (registered in VolunteersConfig.ready()) -------------


def coverage_figures(org: Organization, now: datetime) -> CertificationFigures:
    """Members per certification (people holding a valid one) and those expiring within 30 days."""
    holders: dict[int, set[tuple[str, int]]] = {}
    for kind_id, user_id, responder_id in (Certification.objects.filter(valid_q(now), organization_id=org.pk)
                                           .values_list("kind_id", "user_id", "responder_id")):
        holders.setdefault(kind_id, set()).add(("user", user_id) if user_id else ("responder", responder_id))
    per_kind = [(kind_label(k), len(holders.get(k.pk, ()))) for k in kinds(org)]
    soon = []
    for cert in expiring(org, now=now):
        who = (cert.responder.name if cert.responder_id and cert.responder and cert.responder.name
               else getattr(cert.user, "email", "") or "?")
        soon.append((who, kind_label(cert.kind), timezone.localtime(cert.expires_at).date()))
    return CertificationFigures(per_kind=per_kind, expiring=soon)
