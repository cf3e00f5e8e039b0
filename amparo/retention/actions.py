"""Retention: what is removed from closed incidents after N days, and legal holds.

Kept (the verified facts and the counts): the incident, its status, times,
place, ZIP and H3 cell, report and caller counts, its timeline, and each
report's row (channel, received time, ZIP/cell, incident). Removed: each
report's words, caller number and keyed caller hash, web-form extras, place
spans, text fingerprint, media files; texts sent to the callers (number and
words) and calls' numbers, through the purgers those domains register
(amparo/retention/registry.py). "coarsen" also rounds report times to the hour and
drops the report's exact place (the incident keeps its verified place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from amparo.audit.log import audit
from amparo.incidents.models import Incident, Status
from amparo.reports.models import Report, ReportMedia
from amparo.retention.models import LegalHold, Mode, OrgRetention, PurgedIncident
from amparo.retention.registry import org_purgers, purgers, report_keepers, unattached_purgers


@dataclass
class PurgePlan:
    incidents: list[int] = field(default_factory=list)
    reports: int = 0
    media: int = 0
    held: list[int] = field(default_factory=list)


def retention_for(org: Any) -> OrgRetention:
    return OrgRetention.objects.get_or_create(organization=org)[0]


def set_retention(org: Any, *, days: int, mode: str, by: Any, unattached_days: int | None = None) -> OrgRetention:
    policy = retention_for(org)
    policy.days, policy.mode = max(int(days), 1), Mode(mode)
    if unattached_days is not None:
        policy.unattached_days = max(int(unattached_days), 1)
    policy.save()
    audit(org.pk, action="change", object_type="retention", object_ids=[policy.pk], actor=by)
    return policy


def set_legal_hold(incident: Incident, *, by: Any, reason: str) -> LegalHold:
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a legal hold needs a reason")
    hold = LegalHold.objects.create(organization_id=incident.organization_id, incident=incident,
                                    reason=reason[:500], set_by=by if getattr(by, "is_authenticated", False) else None)
    audit(incident.organization_id, action="change", object_type="incident", object_ids=[incident.pk], actor=by,
          reason="legal hold set")
    return hold


def release_legal_hold(hold: LegalHold, *, by: Any) -> None:
    LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
        released_at=timezone.now(), released_by=by if getattr(by, "is_authenticated", False) else None)
    audit(hold.organization_id, action="change", object_type="incident", object_ids=[hold.incident_id], actor=by,
          reason="legal hold released")


def is_held(incident_id: int) -> bool:
    return LegalHold.objects.filter(incident_id=incident_id, released_at__isnull=True).exists()


def plan_purge(org: Any, *, now: datetime | None = None) -> PurgePlan:
    """What the purge would remove now (the dry run)."""
    now = now or timezone.now()
    policy = retention_for(org)
    due = (Incident.objects.filter(organization=org, status=Status.CLOSED,
                                   closed_at__lt=now - timedelta(days=policy.days), purge__isnull=True)
           .order_by("closed_at", "pk"))
    held = set(LegalHold.objects.filter(organization=org, released_at__isnull=True).values_list("incident_id", flat=True))
    plan = PurgePlan()
    for incident_id in due.values_list("pk", flat=True):
        (plan.held if incident_id in held else plan.incidents).append(incident_id)
    plan.reports = Report.objects.filter(organization=org, incident_id__in=plan.incidents).count()
    plan.media = ReportMedia.objects.filter(organization=org, report__incident_id__in=plan.incidents).count()
    return plan


def purge_incident(incident: Incident, *, mode: str, now: datetime | None = None) -> PurgedIncident | None:
    """Remove the personal data of one closed incident; None when it is held or already purged."""
    now = now or timezone.now()
    storage = storages["default"]
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if is_held(incident.pk) or PurgedIncident.objects.filter(incident=incident).exists():
            return None
        reports = list(Report.objects.filter(organization_id=incident.organization_id, incident=incident))
        for r in reports:
            r.body, r.caller_number, r.caller_hash, r.extra, r.place_info, r.text_fingerprint = "", None, "", None, None, ""
            fields = ["body", "caller_number", "caller_hash", "extra", "place_info", "text_fingerprint"]
            if mode == Mode.COARSEN:
                r.received_at = r.received_at.replace(minute=0, second=0, microsecond=0)
                r.place_id, r.place_confidence = None, 0.0
                fields += ["received_at", "place", "place_confidence"]
            r.save(update_fields=fields)
        ids = [r.pk for r in reports]
        media = list(ReportMedia.objects.filter(organization_id=incident.organization_id, report_id__in=ids))
        names = [m.stored_name for m in media if m.stored_name]
        ReportMedia.objects.filter(pk__in=[m.pk for m in media]).delete()
        for purge_domain in purgers().values():
            names += purge_domain(incident, ids, mode)
        done = PurgedIncident.objects.create(organization_id=incident.organization_id, incident=incident, at=now,
                                             mode=mode, reports=len(reports), media=len(media))
        audit(incident.organization_id, action="purge", object_type="incident", object_ids=[incident.pk],
              actor_label="retention", reason=mode)
        # Files go after the rows: a crash in between leaves an orphan file (encrypted), never a row without one.
        def delete_files() -> None:
            for n in names:
                storage.delete(n)

        transaction.on_commit(delete_files)
    return done


def purge_org(org: Any, *, now: datetime | None = None) -> PurgePlan:
    plan = plan_purge(org, now=now)
    mode = retention_for(org).mode
    for incident in Incident.objects.filter(organization=org, pk__in=plan.incidents):
        purge_incident(incident, mode=mode, now=now)
    # Records tied to no incident, each on its own domain's schedule (registry.org_purger).
    for purge_records in org_purgers().values():
        purge_records(org, now or timezone.now())
    return plan


UNATTACHED_BATCH = 2000


def purge_unattached(org: Any, *, now: datetime | None = None) -> int:
    """Blank what belongs to no incident and no case once ``unattached_days`` old: reports that never joined an
    incident (keyword texts: STOP, HELP, YES 7), and, through the registry, the domains' own rows (texts sent).
    Kept: what a keeper claims (a live subscriber's consent record). ``OptOut`` rows are never touched here:
    a STOP must outlive the words that carried it. Returns the rows blanked."""
    now = now or timezone.now()
    policy = retention_for(org)
    cutoff = now - timedelta(days=policy.unattached_days)
    ids = list(Report.objects.filter(organization=org, incident__isnull=True, received_at__lt=cutoff)
               .exclude(caller_hash="", text_fingerprint="", caller_number__isnull=True)
               .values_list("pk", flat=True)[:UNATTACHED_BATCH])
    kept: set[int] = set()
    for keep in report_keepers().values():
        kept |= keep(org.pk, ids)
    ids = [i for i in ids if i not in kept]
    with transaction.atomic():
        blank_reports(org.pk, ids)
        count = len(ids) + sum(fn(org.pk, cutoff) for fn in unattached_purgers().values())
        if count:
            audit(org.pk, action="purge", object_type="retention", object_ids=[policy.pk], actor_label="retention",
                  reason=f"unattached: {count}")
    return count


def blank_reports(org_id: int, ids: list[int]) -> None:
    """Blank these reports' words and numbers and delete their media (files once the transaction commits).
    The row stays, so what points at it (a thread, a count) keeps its shape."""
    storage = storages["default"]
    with transaction.atomic():
        for r in Report.objects.filter(organization_id=org_id, pk__in=ids):
            r.body, r.caller_number, r.caller_hash, r.extra, r.place_info, r.text_fingerprint = "", None, "", None, None, ""
            r.save(update_fields=["body", "caller_number", "caller_hash", "extra", "place_info", "text_fingerprint"])
        media = list(ReportMedia.objects.filter(organization_id=org_id, report_id__in=ids))
        names = [m.stored_name for m in media if m.stored_name]
        ReportMedia.objects.filter(pk__in=[m.pk for m in media]).delete()

        def delete_files() -> None:
            for n in names:
                storage.delete(n)

        transaction.on_commit(delete_files)
