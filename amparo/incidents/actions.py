"""Every state change of an incident is one named function here, called from
every entry point (intake, console, SMS replies, API, jobs).

Locking: callers run inside ``transaction.atomic``. Intake serializes per
organization (``amparo.intake.pipeline.intake_lock``); dispatcher actions
pass ``expected_version`` so that two people acting on the same incident never
silently overwrite each other: the second gets ``StaleIncident``. What only adds
to an incident (a report, a follow-up, a merge into it) leaves ``version`` and
moves ``changes``, the marker the open incident page polls (``mark_changed``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.incidents.keys import keys_for_report
from amparo.incidents.models import (
    OPEN_STATUSES,
    Incident,
    IncidentEvent,
    IncidentKey,
    IncidentNote,
    Kind,
    Status,
)
from amparo.orgs.models import Membership, Organization, Role
from amparo.reports.models import Report

# reported -> verifying -> confirmed | false_alarm | unverifiable -> closed;
# any open state may also close (idle, merged away, or by hand).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REPORTED: frozenset({Status.VERIFYING, Status.CLOSED}),
    Status.VERIFYING: frozenset({Status.CONFIRMED, Status.FALSE_ALARM, Status.UNVERIFIABLE, Status.CLOSED}),
    Status.CONFIRMED: frozenset({Status.CLOSED}),
    Status.FALSE_ALARM: frozenset({Status.CLOSED}),
    Status.UNVERIFIABLE: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


class InvalidTransition(Exception):
    pass


class StaleIncident(Exception):
    """Someone else changed the incident since the actor loaded it."""


def _actor_fields(by: Any) -> dict[str, Any]:
    if by is None:
        return {"actor": None, "actor_label": "system"}
    if isinstance(by, str):
        return {"actor": None, "actor_label": by[:64]}
    return {"actor": by, "actor_label": ""}


def record_event(incident: Incident, kind: str, *, by: Any = None, at: datetime | None = None,
                 **data: Any) -> IncidentEvent:
    return IncidentEvent.objects.create(
        organization_id=incident.organization_id, incident=incident, at=at or timezone.now(),
        kind=kind, data=data, **_actor_fields(by),
    )


def mark_changed(incident_id: int | None) -> None:
    """Something the open incident page shows changed: move its marker (``Incident.changes``).

    One UPDATE that adds one, so two changes at once both count and nobody's
    read is overwritten. Not ``version``: a new report or a responder's step
    must not make a dispatcher's next action fail as a conflict (decision 53).
    Called once by each named action that changes what the page shows and has
    no UPDATE of the incident of its own (those add ``changes`` there)."""
    if incident_id is not None:
        Incident.objects.filter(pk=incident_id).update(changes=F("changes") + 1)


def _stale() -> StaleIncident:
    return StaleIncident(_("Someone else changed this incident a moment ago. Reload it and try again."))


def _bump(incident: Incident, expected_version: int | None, **fields: Any) -> None:
    """Write ``fields`` and bump the version, failing if the version moved. The page's marker moves too."""
    qs = Incident.objects.filter(pk=incident.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    updated = qs.update(version=F("version") + 1, changes=F("changes") + 1, **fields)
    if not updated:
        raise _stale()
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.version = (expected_version if expected_version is not None else incident.version) + 1


def _check_version(incident: Incident, expected_version: int | None) -> None:
    """Fail if the version moved, without moving it (something is added to the
    incident, nothing it was decided on changes); the page's marker moves."""
    qs = Incident.objects.filter(pk=incident.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if not qs.update(changes=F("changes") + 1):
        raise _stale()


# --- creation and reports ------------------------------------------------------

INCIDENT_NUMBER_LOCK = 7_332  # pg advisory lock class: numbering incidents per organization


def next_incident_number(org_id: int) -> int:
    """The organization's next incident number ("#7"). Takes a transaction-scoped lock per
    organization on PostgreSQL (SQLite's IMMEDIATE transactions already serialize writers),
    because incidents are opened outside intake's lock too (a dispatcher's split). The unique
    constraint ``incident_number_unique`` turns any miss into an error, never a duplicate."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [INCIDENT_NUMBER_LOCK, org_id])
    last = Incident.objects.filter(organization_id=org_id).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


@transaction.atomic
def open_incident(org_id: int, *, kind: str, at: datetime, place_id: int | None = None,
                  place_kind: str = "", zip: str = "", h3_r8: str = "", geo_precision: str = "none",
                  flood_key: str = "", by: Any = None) -> Incident:
    incident = Incident.objects.create(
        organization_id=org_id, number=next_incident_number(org_id), kind=kind, first_report_at=at, last_report_at=at,
        place_id=place_id, place_kind=place_kind, zip=zip, h3_r8=h3_r8, geo_precision=geo_precision,
        flood_key=flood_key, needs_review=(kind == Kind.FLOOD),
    )
    record_event(incident, "opened", by=by, at=at, incident_kind=str(kind))
    return incident


def upsert_keys(incident: Incident, keys: Iterable[tuple[str, str]], at: datetime) -> None:
    """Register (kind, hashed key) pairs for the incident, moving last_seen forward."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    existing = set(IncidentKey.objects.filter(incident=incident, key__in=[k for _, k in keys]).values_list("key", flat=True))
    new = [IncidentKey(organization_id=incident.organization_id, incident=incident, kind=kind, key=key, last_seen=at)
           for kind, key in keys if key not in existing]
    if new:
        IncidentKey.objects.bulk_create(new, ignore_conflicts=True)
    if existing:
        IncidentKey.objects.filter(incident=incident, key__in=existing, last_seen__lt=at).update(last_seen=at)


def recount(incident: Incident) -> None:
    """Recompute counters and times from the reports (after moves, merges, splits)."""
    agg = Report.objects.filter(incident=incident).aggregate(
        n=Count("id"),
        callers=Count("caller_hash", distinct=True, filter=~Q(caller_hash="")),
        anonymous=Count("id", filter=Q(caller_hash="")),
        first=Min("received_at"), last=Max("received_at"),
    )
    fields: dict[str, Any] = {"report_count": agg["n"], "caller_count": agg["callers"] + agg["anonymous"]}
    if agg["first"] is not None:
        fields["first_report_at"] = agg["first"]
        fields["last_report_at"] = agg["last"]
    Incident.objects.filter(pk=incident.pk).update(changes=F("changes") + 1, **fields)
    for name, value in fields.items():
        setattr(incident, name, value)


def add_report(incident: Incident, report: Any, *, keys: Iterable[tuple[str, str]] = (), by: Any = None) -> None:
    """Attach a new report to an incident (intake). The report is saved here."""
    report.incident = incident
    report.save(update_fields=["incident"])
    new_caller = bool(report.caller_hash) and not type(report).objects.filter(
        incident=incident, caller_hash=report.caller_hash).exclude(pk=report.pk).exists()
    # A new report or a follow-up: the open page must show it (``changes``); ``version`` stays.
    fields: dict[str, Any] = {"report_count": F("report_count") + 1, "changes": F("changes") + 1}
    if new_caller or not report.caller_hash:
        fields["caller_count"] = F("caller_count") + 1
    if report.received_at > incident.last_report_at:
        fields["last_report_at"] = report.received_at
    if report.received_at < incident.first_report_at:
        fields["first_report_at"] = report.received_at
    Incident.objects.filter(pk=incident.pk).update(**fields)
    incident.refresh_from_db(fields=["report_count", "caller_count", "last_report_at", "first_report_at"])
    upsert_keys(incident, keys, report.received_at)
    record_event(incident, "report_added", by=by or "intake", at=report.received_at, report=report.pk,
                 route=report.route)


def improve_place(incident: Incident, *, place_id: int | None, place_kind: str, zip: str, h3_r8: str,
                  geo_precision: str) -> None:
    """Give an incident a more precise place when a report brings one."""
    rank = {"none": 0, "zip": 1, "street": 2, "place": 3}
    if rank.get(geo_precision, 0) <= rank.get(incident.geo_precision, 0):
        if not incident.zip and zip:
            Incident.objects.filter(pk=incident.pk).update(zip=zip)
            incident.zip = zip
        return
    fields: dict[str, str | int] = {"geo_precision": geo_precision, "zip": zip or incident.zip}
    if place_id:
        fields.update(place_id=place_id, place_kind=place_kind)
    if h3_r8:
        fields["h3_r8"] = h3_r8
    Incident.objects.filter(pk=incident.pk).update(**fields)
    for name, value in fields.items():
        setattr(incident, name, value)


def move_reports(reports: list[Any], target: Incident, *, by: Any = None, reason: str = "") -> None:
    """Move reports from wherever they are to ``target``; emptied sources close."""
    sources = {r.incident_id for r in reports if r.incident_id and r.incident_id != target.pk}
    if not sources:
        return
    ids = [r.pk for r in reports if r.incident_id != target.pk]
    type(reports[0]).objects.filter(pk__in=ids).update(incident=target)
    for r in reports:
        r.incident = target
    recount(target)
    record_event(target, "reports_moved_in", by=by, reports=ids, reason=reason)
    for source in Incident.objects.filter(pk__in=sources):
        recount(source)
        record_event(source, "reports_moved_out", by=by, reports=ids, to=target.pk, reason=reason)
        if source.report_count == 0 and source.status != Status.CLOSED:
            _bump(source, None, status=Status.CLOSED, status_reason=reason or "emptied",
                  closed_at=timezone.now(), merged_into=target)
            record_event(source, "closed", by=by, reason=reason or "emptied")


# --- dispatcher actions ---------------------------------------------------------

@transaction.atomic
def merge_incidents(target: Incident, sources: list[Incident], *, by: Any,
                    expected_versions: dict[int, int] | None = None) -> Incident:
    """Merge ``sources`` into ``target``: their reports and keys move, they close.

    Only open incidents merge: a closed or decided incident's record stays as it
    was decided (a dispatcher reopens nothing by merging into it). The sources
    close, so their versions move; the target only gains reports, so its version
    is checked, not moved: a dispatcher acting on it keeps the version they
    loaded (intake merges during a surge)."""
    expected_versions = expected_versions or {}
    sources = [s for s in sources if s.pk != target.pk]
    for s in sources:
        if s.organization_id != target.organization_id:
            raise InvalidTransition(_("Incidents of different organizations cannot be merged."))
    if any(i.status not in OPEN_STATUSES for i in [target, *sources]):
        raise InvalidTransition(_("Only open incidents can be merged."))
    _check_version(target, expected_versions.get(target.pk))
    for s in sources:
        _bump(s, expected_versions.get(s.pk))
    reports = list(Report.objects.filter(incident__in=sources))
    Report.objects.filter(incident__in=sources).update(incident=target)
    for key in IncidentKey.objects.filter(incident__in=sources):
        upsert_keys(target, [(key.kind, key.key)], key.last_seen)
    recount(target)
    now = timezone.now()
    for s in sources:
        recount(s)
        Incident.objects.filter(pk=s.pk).update(status=Status.CLOSED, status_reason="merged",
                                                merged_into=target, closed_at=now)
        s.status, s.merged_into = Status.CLOSED, target
        record_event(s, "merged_into", by=by, into=target.pk)
    record_event(target, "merged", by=by, sources=[s.pk for s in sources], reports=[r.pk for r in reports])
    return target


@transaction.atomic
def split_reports(incident: Incident, report_ids: list[int], *, by: Any,
                  expected_version: int | None = None) -> Incident:
    """Split the given reports off ``incident`` into a new incident."""
    reports = list(Report.objects.filter(incident=incident, pk__in=report_ids).order_by("received_at"))
    if not reports:
        raise InvalidTransition(_("Choose at least one report of this incident to split off."))
    if len(reports) == incident.report_count:
        raise InvalidTransition(_("An incident cannot be split into nothing: leave at least one report."))
    _bump(incident, expected_version)
    first = reports[0]
    new = open_incident(incident.organization_id, kind=Kind.EVENT, at=first.received_at, place_id=first.place_id,
                        zip=first.zip, h3_r8=first.h3_r8, geo_precision=first.geo_precision, by=by)
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(incident=new)
    for r in reports:
        upsert_keys(new, keys_for_report(r), r.received_at)
    recount(new)
    recount(incident)
    # The old incident's keys are rebuilt from what it still holds.
    IncidentKey.objects.filter(incident=incident).delete()
    for r in Report.objects.filter(incident=incident):
        upsert_keys(incident, keys_for_report(r), r.received_at)
    ids = [r.pk for r in reports]
    record_event(incident, "split", by=by, reports=ids, into=new.pk)
    record_event(new, "split_from", by=by, reports=ids, source=incident.pk)
    return new


def transition(incident: Incident, to: str, *, by: Any, reason: str = "",
               expected_version: int | None = None) -> Incident:
    if to not in TRANSITIONS:
        raise InvalidTransition(_("Unknown status “%(status)s”.") % {"status": to})
    if to not in TRANSITIONS[incident.status]:
        raise InvalidTransition(
            _("An incident that is “%(from)s” cannot become “%(to)s”.")
            % {"from": Status(incident.status).label, "to": Status(to).label}
        )
    fields: dict[str, Any] = {"status": to, "status_reason": reason[:200]}
    if to == Status.CLOSED:
        fields["closed_at"] = timezone.now()
    before = incident.status
    _bump(incident, expected_version, **fields)
    record_event(incident, "status", by=by, before=before, after=to, reason=reason[:200])
    return incident


def start_verifying(incident: Incident, *, by: Any, expected_version: int | None = None) -> Incident:
    return transition(incident, Status.VERIFYING, by=by, expected_version=expected_version)


def confirm_incident(incident: Incident, *, by: Any, reason: str = "", expected_version: int | None = None) -> Incident:
    return transition(incident, Status.CONFIRMED, by=by, reason=reason, expected_version=expected_version)


def mark_false_alarm(incident: Incident, *, by: Any, reason: str = "", expected_version: int | None = None) -> Incident:
    return transition(incident, Status.FALSE_ALARM, by=by, reason=reason, expected_version=expected_version)


def mark_unverifiable(incident: Incident, *, by: Any, reason: str = "", expected_version: int | None = None) -> Incident:
    return transition(incident, Status.UNVERIFIABLE, by=by, reason=reason, expected_version=expected_version)


def close_incident(incident: Incident, *, by: Any, reason: str = "", expected_version: int | None = None) -> Incident:
    return transition(incident, Status.CLOSED, by=by, reason=reason, expected_version=expected_version)


def close_idle_incidents(now: datetime | None = None) -> int:
    """Close incidents, lanes and groups with no new report for the organization's
    ``auto_close_hours`` (lanes: ``vague_idle_hours``). Run by a periodic job."""
    now = now or timezone.now()
    closed = 0
    for org in Organization.objects.only("pk", "auto_close_hours", "vague_idle_hours"):
        idle = Q(kind__in=[Kind.EVENT, Kind.FLOOD], last_report_at__lt=now - timedelta(hours=org.auto_close_hours))
        idle |= Q(kind=Kind.VAGUE, last_report_at__lt=now - timedelta(hours=org.vague_idle_hours))
        for incident in Incident.objects.filter(idle, organization=org, status__in=OPEN_STATUSES)[:1000]:
            try:
                with transaction.atomic():
                    _bump(incident, incident.version, status=Status.CLOSED, status_reason="idle", closed_at=now)
                    record_event(incident, "closed", by="system", at=now, reason="idle")
            except StaleIncident:
                continue  # a dispatcher is acting on it right now; the next sweep decides
            closed += 1
    return closed


# --- console actions (notes, assignment) -----------------------------------------

NOTE_MAX_CHARS = 4000


@transaction.atomic
def add_note(incident: Incident, text: str, *, by: Any, expected_version: int | None = None) -> Any:
    """Add a dispatcher's note. The text is stored encrypted (incidents.IncidentNote);
    the timeline event only carries its id, because events are not encrypted."""
    text = (text or "").strip()
    if not text:
        raise InvalidTransition(_("Write the note before saving it."))
    if len(text) > NOTE_MAX_CHARS:
        raise InvalidTransition(_("A note can be at most %(n)d characters.") % {"n": NOTE_MAX_CHARS})
    _bump(incident, expected_version)
    note = IncidentNote.objects.create(organization_id=incident.organization_id, incident=incident,
                                       author=by if getattr(by, "pk", None) else None, text=text)
    record_event(incident, "note", by=by, note=note.pk)
    return note


@transaction.atomic
def assign_incident(incident: Incident, assignee: Any, *, by: Any, expected_version: int | None = None) -> Incident:
    """Assign the incident to a dispatcher or admin of its organization (None: unassign)."""
    if assignee is not None and not Membership.objects.filter(
        user=assignee, organization_id=incident.organization_id, is_active=True,
        role__in=[Role.DISPATCHER, Role.ADMIN],
    ).exists():
        raise InvalidTransition(_("Only an active dispatcher or admin of this network can be assigned."))
    before = incident.assigned_to_id
    _bump(incident, expected_version, assigned_to=assignee)
    record_event(incident, "assigned", by=by, before=before, after=assignee.pk if assignee is not None else None)
    return incident
