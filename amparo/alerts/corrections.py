"""Rumor control: a false alarm corrected for everyone who reported it or was alerted about it.

When an incident's verdict is (or becomes, by an override) a false alarm, its page offers a
correction in one click (``offer_correction``). The dispatcher sees whom it would reach, chooses
for a flood group (everyone in it, or nobody) and ticks the reports of a vague lane
(``choose_correction_reports``), then sends it once (``send_correction``) or lets it go
(``dismiss_correction``). Each is audited and a line on the incident's timeline.

Who hears it, each number once (``plan_correction``):

- every number that reported to the incident (reports of incidents merged into it moved here),
  texted from the **hotline**, in the language of its first report there, quoting that report's
  own reference; outside WhatsApp's 24-hour window, the approved ``correction`` template;
- every subscriber an alert about the incident reached (a delivery sent, delivered or recorded by
  the console), from the **alerts** sender;
- a number in both: the hotline, unless it cannot be texted from the hotline (it opted out of it,
  or said texting is unsafe, or WhatsApp's window is closed without a template) and can be from
  alerts. A number opted out of both hears nothing.

Never for an incident linked to a person affected (``incidents.publishing``): a false alarm with a
detained person is a contradiction to resolve, not a message to send (docs/decisions.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.alerts.audience import count_by_language, earlier_recipients
from amparo.alerts.compose import cancel_alert
from amparo.alerts.fanout import plan_on_commit
from amparo.alerts.models import (
    Alert,
    AlertKind,
    AlertStatus,
    Correction,
    CorrectionRecipient,
    CorrectionStatus,
    Subscriber,
)
from amparo.alerts.selectors import with_verdict
from amparo.audit.log import audit
from amparo.incidents.actions import mark_changed, record_event
from amparo.incidents.models import Incident, Kind, Status
from amparo.incidents.publishing import is_private
from amparo.messaging.actions import (
    WHATSAPP_WINDOW,
    Notice,
    last_whatsapp_inbounds,
    may_text,
    send_notices_to_reporters,
)
from amparo.messaging.models import OutboundMessage, WhatsAppTemplate, WhatsAppTemplateKey
from amparo.orgs.models import Zone
from amparo.reports.models import Channel, Report, Route, Sender
from amparo.reports.optouts import opted_out, opted_out_exists
from amparo.texts.render import render_text

REPORTER_TEXT = "alerts.correction.reporter"
RECIPIENT_TEXT = "alerts.correction.recipient"
# Not a reporter's message about the incident: a keyword or a responder's reply.
REPORT_ROUTES = (Route.REPORT, Route.FOLLOWUP)


class CorrectionError(Exception):
    """The correction cannot do that now; the message says why, for the dispatcher."""


@dataclass(frozen=True)
class ReporterTarget:
    phone_hash: str
    report: Report  # the number's first report on the incident: its reference and language
    language: str


@dataclass
class CorrectionPlan:
    """Who a correction reaches, each number once, and who it leaves out."""

    reporters: list[ReporterTarget] = field(default_factory=list)  # from the hotline
    # From the alerts sender: a query, never a list (an alert may have reached 500,000 subscribers).
    recipients: QuerySet[Subscriber] = field(default_factory=Subscriber.objects.none)
    recipient_languages: dict[str, int] = field(default_factory=dict)  # counted by the database
    opted_out: int = 0  # numbers that opted out of every sender that could reach them
    unreachable: int = 0  # reporters who cannot be texted (no number, unsafe, WhatsApp window closed)
    left_out: int = 0  # numbers of a flood group left out, or of a vague lane's unticked reports

    def reporters_by_language(self) -> list[tuple[str, int]]:
        return sorted(Counter(t.language for t in self.reporters).items())

    def recipients_by_language(self) -> list[tuple[str, int]]:
        return sorted(self.recipient_languages.items())

    @property
    def recipient_count(self) -> int:
        return sum(self.recipient_languages.values())

    @property
    def total(self) -> int:
        return len(self.reporters) + self.recipient_count


# --- what the page asks ---------------------------------------------------------------------------

def verdict(incident: Incident) -> str:
    """The incident's verdict (its last status change other than closing; ``alerts.selectors``)."""
    value = (with_verdict(Incident.objects.filter(organization_id=incident.organization_id, pk=incident.pk))
             .values_list("verdict", flat=True).first())
    return value or ""


def offerable(incident: Incident) -> bool:
    """A correction can be offered: the verdict is a false alarm, the incident was not merged away
    (the incident it joined speaks for it), and it is not linked to a person affected."""
    return (incident.merged_into_id is None and verdict(incident) == Status.FALSE_ALARM
            and not is_private(incident))


def correction_for(incident: Incident) -> Correction | None:
    return Correction.objects.filter(organization_id=incident.organization_id, incident=incident).first()


def candidate_reports(incident: Incident) -> QuerySet[Report]:
    """Every report a number sent about the incident, first first (merged incidents' reports moved here)."""
    return (Report.objects.filter(organization_id=incident.organization_id, incident=incident,
                                  route__in=REPORT_ROUTES)
            .exclude(caller_hash="").order_by("received_at", "id"))


def plan_correction(correction: Correction) -> CorrectionPlan:
    """Who ``correction`` reaches now, each number once: a fixed number of queries whatever the number
    of reporters and recipients, and the recipients are counted, never loaded. No number is decrypted
    here. A number that reported and was alerted is looked up among the recipients by its hash."""
    incident = correction.incident
    org_id = incident.organization_id
    plan = CorrectionPlan()
    reports = list(candidate_reports(incident))
    if incident.kind == Kind.FLOOD and not correction.include_flood:
        plan.left_out = len({r.caller_hash for r in reports})
        reports = []
    elif incident.kind == Kind.VAGUE:
        ticked = set(correction.reports.values_list("pk", flat=True))
        plan.left_out = len({r.caller_hash for r in reports if r.pk not in ticked}
                            - {r.caller_hash for r in reports if r.pk in ticked})
        reports = [r for r in reports if r.pk in ticked]
    first: dict[str, Report] = {}
    for r in reports:
        first.setdefault(r.caller_hash, r)
    recipients = earlier_recipients(incident)
    subscribed = set(recipients.filter(phone_hash__in=list(first)).values_list("phone_hash", flat=True))
    out_of_hotline = opted_out(org_id, first, sender=Sender.HOTLINE)
    out_of_alerts = opted_out(org_id, subscribed, sender=Sender.ALERTS)
    has_template = WhatsAppTemplate.objects.filter(organization_id=org_id,
                                                   key=WhatsAppTemplateKey.CORRECTION).exists()
    default_language = incident.organization.default_language
    now = timezone.now()
    last_seen = {} if has_template else last_whatsapp_inbounds(
        org_id, {h for h, r in first.items() if r.channel == Channel.WHATSAPP})
    by_hotline: set[str] = set()
    for phone_hash, report in first.items():
        if phone_hash in out_of_hotline:
            continue
        if not _textable(report, has_template, last_seen.get(phone_hash), now):
            if phone_hash not in subscribed:
                plan.unreachable += 1
            continue
        by_hotline.add(phone_hash)
        plan.reporters.append(ReporterTarget(phone_hash, report, report.language or default_language))
    stopped_alerts = opted_out_exists(org_id, OuterRef("phone_hash"), sender=Sender.ALERTS)
    plan.recipients = recipients.exclude(phone_hash__in=list(by_hotline)).exclude(stopped_alerts).order_by("pk")
    plan.recipient_languages = count_by_language(plan.recipients)
    # Opted out of every sender that could reach them: reporters (and subscribers among them) here, the
    # other subscribers counted by the database.
    plan.opted_out = len({h for h in first if h in out_of_hotline and (h not in subscribed or h in out_of_alerts)})
    plan.opted_out += recipients.filter(stopped_alerts).count() - len(out_of_alerts)
    return plan


def _textable(report: Report, has_template: bool, last_whatsapp: datetime | None, now: datetime) -> bool:
    """The hotline may text this reporter (``messaging.actions.check_can_text``'s rules, from what the
    plan loaded; opt-outs are the plan's). A preview: sending checks again."""
    if not report.caller_number:
        return False
    if report.channel == Channel.WEB and not may_text(report):
        return False
    if report.channel == Channel.WHATSAPP and not has_template:
        return last_whatsapp is not None and now - last_whatsapp <= WHATSAPP_WINDOW
    return True


# --- the actions --------------------------------------------------------------------------------

def _locked(correction: Correction) -> Correction:
    return Correction.objects.select_for_update().select_related("incident", "incident__organization").get(
        pk=correction.pk)


@transaction.atomic
def offer_correction(incident: Incident, *, by: Any) -> Correction:
    """Offer the correction of ``incident``'s false alarm. Idempotent: an incident has one correction,
    and offering it again returns it (a dismissed one is offered again; a sent one stays sent).
    Raises CorrectionError when the verdict is not a false alarm or the incident is private."""
    if not offerable(incident):
        if is_private(incident):
            raise CorrectionError(_("A person affected is linked to this incident: it is never corrected publicly, "
                                    "and a false alarm with a person affected must be resolved first."))
        raise CorrectionError(_("Only a false alarm can be corrected."))
    existing = Correction.objects.select_for_update().filter(organization_id=incident.organization_id,
                                                             incident=incident).first()
    if existing is not None:
        if existing.status != CorrectionStatus.DISMISSED:
            return existing
        Correction.objects.filter(pk=existing.pk).update(status=CorrectionStatus.OFFERED)
        existing.status = CorrectionStatus.OFFERED
        correction = existing
    else:
        try:
            with transaction.atomic():
                correction = Correction.objects.create(
                    organization_id=incident.organization_id, incident=incident, status=CorrectionStatus.OFFERED,
                    created_by=by if getattr(by, "is_authenticated", False) else None)
        except IntegrityError:  # offered a moment ago by someone else
            return Correction.objects.get(organization_id=incident.organization_id, incident=incident)
    audit(incident.organization_id, action="offer", object_type="correction", object_ids=[correction.pk], actor=by)
    record_event(incident, "correction_offered", by=by, correction=correction.pk)
    mark_changed(incident.pk)
    return correction


@transaction.atomic
def choose_correction_reports(correction: Correction, *, by: Any, report_ids: list[int] | None = None,
                              include_flood: bool | None = None) -> Correction:
    """The dispatcher's choices while the correction is offered: for a vague lane, the reports about the
    rumor that was checked (only ids of this incident's reports count); for a flood group, everyone in
    it or nobody."""
    correction = _locked(correction)
    _must_be_offered(correction)
    incident = correction.incident
    changed = []
    if report_ids is not None and incident.kind == Kind.VAGUE:
        ids = list(candidate_reports(incident).filter(pk__in=report_ids).values_list("pk", flat=True))
        correction.reports.set(ids)
        changed.append("reports")
    if include_flood is not None and incident.kind == Kind.FLOOD and include_flood != correction.include_flood:
        correction.include_flood = include_flood
        Correction.objects.filter(pk=correction.pk).update(include_flood=include_flood)
        changed.append("include_flood")
    if changed:
        audit(incident.organization_id, action="change", object_type="correction", object_ids=[correction.pk],
              actor=by, reason="fields: " + ", ".join(changed))
        record_event(incident, "correction_chosen", by=by, correction=correction.pk,
                     reports=correction.reports.count(), include_flood=correction.include_flood)
        mark_changed(incident.pk)
    return correction


@transaction.atomic
def dismiss_correction(correction: Correction, *, by: Any) -> Correction:
    """Let an offered correction go unsent (it can be offered again)."""
    correction = _locked(correction)
    _must_be_offered(correction)
    Correction.objects.filter(pk=correction.pk).update(status=CorrectionStatus.DISMISSED)
    correction.status = CorrectionStatus.DISMISSED
    audit(correction.organization_id, action="dismiss", object_type="correction", object_ids=[correction.pk],
          actor=by)
    record_event(correction.incident, "correction_dismissed", by=by, correction=correction.pk)
    mark_changed(correction.incident_id)
    return correction


@transaction.atomic
def send_correction(correction: Correction, *, by: Any) -> CorrectionPlan:
    """Send the correction, once: the reporters' texts are queued from the hotline (delivered after
    commit by messaging), the earlier alerts' recipients are handed to the alerts fan-out (planned in
    the queue), and what remains of the earlier alerts is cancelled. Holds the correction's row lock
    until commit, so a second click waits and then finds it sent."""
    correction = _locked(correction)
    _must_be_offered(correction)
    incident = correction.incident
    if not offerable(incident):
        raise CorrectionError(_("The verdict is no longer a false alarm, or a person affected is linked to "
                                "this incident: the correction cannot be sent."))
    if incident.kind == Kind.VAGUE and not correction.reports.exists():
        raise CorrectionError(_("Tick the reports about the rumor that was checked first."))
    plan = plan_correction(correction)
    cancel_earlier_alerts(incident, by=by)
    org_id = incident.organization_id
    # One render per language (an override is a query): "{ref}" stays in it until each reporter's is put in.
    words = {code: render_text(org_id, REPORTER_TEXT, code) for code in {t.language for t in plan.reporters}}
    notices = []
    for target in plan.reporters:
        ref = target.report.ref or (f"#{incident.number}" if incident.number else "")
        notices.append(Notice(target.report, words[target.language].replace("{ref}", ref), {"1": ref}))
    queued = send_notices_to_reporters(incident, notices, template_key=WhatsAppTemplateKey.CORRECTION, by=by)
    now = timezone.now()
    rows = []
    sent_reports = []
    for target in plan.reporters:
        message = queued.get(target.report.pk)
        if not isinstance(message, OutboundMessage):
            plan.unreachable += 1
            continue
        sent_reports.append(target.report.pk)
        rows.append(CorrectionRecipient(correction=correction, phone_hash=target.phone_hash, sender=Sender.HOTLINE,
                                        report=target.report, outbound=message, status=message.status,
                                        updated_at=now))
    plan.reporters = [t for t in plan.reporters if t.report.pk in sent_reports]
    # The numbers the hotline told: the queue leaves them out of the alerts sender's part.
    CorrectionRecipient.objects.bulk_create(rows, batch_size=2000)
    if plan.recipient_count:
        # Every offered language too: the queue counts again, and may find a reporter the hotline failed.
        send_to_recipients(correction, sorted(set(plan.recipient_languages) | set(incident.organization.language_codes())))
    Correction.objects.filter(pk=correction.pk).update(status=CorrectionStatus.SENT, sent_at=timezone.now())
    correction.status = CorrectionStatus.SENT
    if sent_reports:
        # The reporters' numbers were used: a read of personal data.
        audit(org_id, action="contact", object_type="report", object_ids=sent_reports, actor=by)
    audit(org_id, action="send", object_type="correction", object_ids=[correction.pk], actor=by,
          reason=f"reporters: {len(plan.reporters)}, alert recipients: {plan.recipient_count}")
    record_event(incident, "correction_sent", by=by, correction=correction.pk, reporters=len(plan.reporters),
                 recipients=plan.recipient_count)
    mark_changed(incident.pk)
    return plan


def _must_be_offered(correction: Correction) -> None:
    if correction.status == CorrectionStatus.SENT:
        raise CorrectionError(_("This correction was already sent: it is sent only once."))
    if correction.status != CorrectionStatus.OFFERED:
        raise CorrectionError(_("This correction is not offered any more. Offer it again first."))


# --- the alerts fan-out: recipients are reached by a false-alarm alert planned for them --------------

def send_to_recipients(correction: Correction, languages: list[str]) -> Alert:
    """Correct the earlier alerts' recipients from the alerts sender: one false-alarm alert of the
    correction, a text per language of ``languages``, planned in the queue after commit
    (``fanout.plan_on_commit``, ids only) at the sender's pace with its claims, retries and callbacks.
    Who it reaches is computed there (``audience.correction_audience``), in chunks, so the dispatcher's
    request writes one row whatever the number of recipients; if the task is lost, the minute sweep
    plans it. No second dispatcher's approval: it reaches only people an approved alert already reached."""
    incident = correction.incident
    area = _area(incident)
    alert = Alert.objects.create(
        organization_id=incident.organization_id, incident=incident, kind=AlertKind.FALSE_ALARM,
        correction=correction, status=AlertStatus.SENDING, created_by=correction.created_by,
        approved_at=timezone.now(),
        texts={code: render_text(incident.organization_id, RECIPIENT_TEXT, code, area=area) for code in languages})
    plan_on_commit(alert.pk)
    return alert


def _area(incident: Incident) -> str:
    """What the alert named: the ZIP, else the first zone that holds the incident's H3 cell."""
    if incident.zip or not incident.h3_r8:
        return incident.zip
    zones = Zone.objects.filter(organization_id=incident.organization_id).order_by("name")
    return next((name for name, cells in zones.values_list("name", "h3_cells") if incident.h3_r8 in cells), "")


def cancel_earlier_alerts(incident: Incident, *, by: Any) -> list[int]:
    """Cancel what remains unsent of the earlier alerts about ``incident`` (they say the wrong thing now).
    The fan-out's ``cancel_alert`` when it is in the tree; until then the same effect here, in this one
    place: the alert cancelled, its planned batches and their queued deliveries too."""
    alerts = list(Alert.objects.filter(organization_id=incident.organization_id, incident=incident,
                                       status__in=(AlertStatus.AWAITING_APPROVAL, AlertStatus.SENDING))
                  .exclude(kind=AlertKind.FALSE_ALARM))
    reason = "false alarm: corrected"
    for alert in alerts:
        cancel_alert(alert, actor=by if getattr(by, "is_authenticated", False) else None, reason=reason)
    return [a.pk for a in alerts]


def purge_correction_recipients(incident: Incident, report_ids: list[int], mode: str) -> list[str]:
    """The ``alerts.corrections`` purger (``retention.registry``): who a correction reached goes with the
    incident's personal data (a keyed hash ties a number to the incident). The counts stay on the
    timeline and in the audit trail."""
    CorrectionRecipient.objects.filter(correction__organization_id=incident.organization_id,
                                       correction__incident=incident).delete()
    return []
