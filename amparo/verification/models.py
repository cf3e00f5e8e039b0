"""Verification: the roster of responders, dispatches and the offers they get.

A ``Dispatch`` asks for ``seats`` responders to go and verify one incident. It
sends ``Offer`` rows in rings; an accepted offer *is* the assignment and keeps
the responder's whole visit (arrived, outcome, checked out). Every deadline is
a column here, swept by ``amparo.verification.sweep.sweep`` every minute.
State machine: docs/verification.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField


class VerificationSettings(models.Model):
    """T, K, N and T2 of the issue, per organization (created on first use)."""

    organization = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE,
                                        related_name="verification_settings")
    offer_minutes = models.PositiveIntegerField(
        default=10, help_text=_("T: minutes an offer stays open before the next ring goes out."))
    seats = models.PositiveIntegerField(default=2, help_text=_("K: responders assigned per dispatch."))
    ring_size = models.PositiveIntegerField(default=5, help_text=_("N: responders offered per ring."))
    max_rings = models.PositiveIntegerField(
        default=2, help_text=_("Rings of offers before the dispatcher is alerted."))
    checkout_minutes = models.PositiveIntegerField(
        default=90, help_text=_("T2: minutes after arriving before a missing check-out alerts the dispatcher."))
    safety_contact_minutes = models.PositiveIntegerField(
        default=15, help_text=_("Minutes after the dispatcher's alert before the safety contact is alerted."))
    outcome_hours_after_checkout = models.PositiveIntegerField(
        default=6, help_text=_("Hours after checking out during which a responder can still report the outcome "
                               "(on their page or by SMS): the safety advice is to leave first, then file."))
    link_days = models.PositiveIntegerField(
        default=14, help_text=_("Days after an offer is sent during which its link (the responder's page, no "
                                "login) opens at all. After check-out and the outcome window it is read-only."))
    safety_contact_name = EncryptedTextField(blank=True, null=True)
    safety_contact_phone = EncryptedTextField(blank=True, null=True)

    def __str__(self) -> str:
        return f"VerificationSettings({self.organization_id})"


class Training(models.TextChoices):
    CONFIRMER = "confirmer", _("Confirmer")
    LEGAL_OBSERVER = "legal_observer", _("Legal observer")


class Responder(models.Model):
    """Someone on the roster: a member with the responder role, or a phone-only volunteer.

    Matched on inbound SMS by ``phone_hash`` = keyed_hash(org.pk, "tel:" + e164),
    the same scheme as Report.caller_hash. ``is_active=False`` is "removed from
    the roster": the row stays (history points at it) but it can do nothing.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="responders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="responder_profiles")
    name = EncryptedTextField(blank=True, null=True)
    phone = EncryptedTextField(blank=True, null=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    languages = models.JSONField(default=list, blank=True, help_text=_("Language codes spoken."))
    training = models.JSONField(default=list, blank=True, help_text=_("Training values (see Training)."))
    zones = models.ManyToManyField("orgs.Zone", blank=True, related_name="responders")
    # Safe default: nobody is sent into the field until an admin clears them.
    field_eligible = models.BooleanField(default=False)
    on_call = models.BooleanField(default=False, help_text=_("Available now, whatever the schedule says."))
    # Same format as the dispatchers' duty schedule (amparo.voice.duty.clean_schedule):
    # [{"day": 0, "start": "08:00", "end": "17:00"}], Monday=0, in the org's time zone.
    schedule = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "phone_hash"], condition=~Q(phone_hash=""),
                                    name="responder_phone_per_org"),
            models.UniqueConstraint(fields=["organization", "user"], condition=Q(user__isnull=False),
                                    name="responder_user_per_org"),
        ]
        indexes = [models.Index(fields=["organization", "is_active", "field_eligible"])]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Responder {self.pk}"


class DispatchStatus(models.TextChoices):
    OFFERING = "offering", _("Offering")  # offers out, seats not yet all taken
    STAFFED = "staffed", _("Staffed")  # every seat taken
    STALLED = "stalled", _("Needs the dispatcher")  # rings exhausted with seats still empty
    DONE = "done", _("Done")  # every assignment checked out or released
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_DISPATCH = (DispatchStatus.OFFERING, DispatchStatus.STAFFED, DispatchStatus.STALLED)


class Dispatch(models.Model):
    """A request for ``seats`` responders to verify one incident."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="dispatches")
    status = models.CharField(max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.OFFERING)
    # Snapshot of the settings at creation, so a settings change never strands a dispatch.
    seats = models.PositiveIntegerField()
    accepted_count = models.PositiveIntegerField(default=0)  # taken only by conditional UPDATE
    ring = models.PositiveIntegerField(default=0)
    ring_size = models.PositiveIntegerField()
    max_rings = models.PositiveIntegerField()
    offer_minutes = models.PositiveIntegerField()
    language = models.CharField(max_length=8, blank=True)  # the language the incident's reports need
    escalate_at = models.DateTimeField(null=True, blank=True)  # deadline: next ring or stall
    stalled_at = models.DateTimeField(null=True, blank=True)  # the dispatcher was alerted
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField()
    first_accepted_at = models.DateTimeField(null=True, blank=True)  # time-to-accept
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident"], condition=Q(status__in=ACTIVE_DISPATCH),
                                    name="one_active_dispatch_per_incident"),
        ]
        indexes = [
            models.Index(fields=["status", "escalate_at"]),
            models.Index(fields=["organization", "status"]),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Dispatch {self.pk} for #{self.incident_id}"


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    NOT_NEEDED = "not_needed", _("Not needed")  # the seats filled first
    CANCELLED = "cancelled", _("Cancelled")  # the dispatch was cancelled before acceptance
    ACCEPTED = "accepted", _("Accepted")  # assigned, on the way
    ON_SCENE = "on_scene", _("On scene")
    CHECKED_OUT = "checked_out", _("Checked out")  # final for an assignment
    RELEASED = "released", _("Released")  # assignment ended without a check-out (dispatcher, roster removal)


OPEN_OFFER = (OfferStatus.OFFERED,)
ASSIGNED = (OfferStatus.ACCEPTED, OfferStatus.ON_SCENE)


class Outcome(models.TextChoices):
    ENFORCEMENT_SEEN = "enforcement_seen", _("Immigration enforcement seen")
    OTHER_AGENCY = "other_agency", _("Another agency only")
    NOTHING_FOUND = "nothing_found", _("Nothing found on arrival")
    NORMAL_ACTIVITY = "normal_activity", _("Normal activity, clearly no operation")


class Agency(models.TextChoices):
    ICE = "ice", _("ICE")
    CBP = "cbp", _("CBP")
    HSI = "hsi", _("HSI")
    OTHER_FEDERAL = "other_federal", _("Other federal")
    LOCAL_POLICE = "local_police", _("Local police")
    SHERIFF = "sheriff", _("Sheriff")
    OTHER = "other", _("Other")


FEDERAL_AGENCIES = (Agency.ICE, Agency.CBP, Agency.HSI, Agency.OTHER_FEDERAL)


def agencies_for(outcome: str) -> tuple[Agency, ...]:
    """The agencies an outcome is reported with: the federal one seen for "enforcement seen",
    another (non-federal) one for "another agency only", none for the others."""
    if outcome == Outcome.ENFORCEMENT_SEEN:
        return FEDERAL_AGENCIES
    if outcome == Outcome.OTHER_AGENCY:
        return tuple(a for a in Agency if a not in FEDERAL_AGENCIES)
    return ()


class Offer(models.Model):
    """One responder's offer for one dispatch; once accepted, their assignment.

    Deadlines (swept): ``expires_at`` while offered; ``checkout_due_at`` while on
    scene (then ``checkout_alerted_at`` set, and ``safety_due_at`` for the
    safety contact, then ``safety_alerted_at``).
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="offers")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="offers")
    responder = models.ForeignKey(Responder, on_delete=models.PROTECT, related_name="offers")
    status = models.CharField(max_length=12, choices=OfferStatus.choices, default=OfferStatus.OFFERED)
    ring = models.PositiveIntegerField(default=1)
    by_hand = models.BooleanField(default=False)  # picked by the dispatcher, not suggested
    offered_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)  # accepted, declined (not expired)
    accepted_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    agency = models.CharField(max_length=16, choices=Agency.choices, blank=True)
    outcome_note = EncryptedTextField(blank=True, null=True)  # what happened; never officers' identities
    outcome_reported_at = models.DateTimeField(null=True, blank=True)
    checkout_due_at = models.DateTimeField(null=True, blank=True)
    checkout_alerted_at = models.DateTimeField(null=True, blank=True)
    safety_due_at = models.DateTimeField(null=True, blank=True)
    safety_alerted_at = models.DateTimeField(null=True, blank=True)
    sos_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # any final status

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "responder"], name="one_offer_per_responder_per_dispatch"),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["status", "checkout_due_at"]),
            models.Index(fields=["status", "safety_due_at"]),
            models.Index(fields=["responder", "status"]),
            models.Index(fields=["organization", "incident", "status"]),
        ]
        ordering = ["offered_at", "id"]

    def __str__(self) -> str:
        return f"Offer {self.pk} ({self.status})"


class EvidenceKind(models.TextChoices):
    NOTE = "note", _("Observation")
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")


class Evidence(models.Model):
    """A responder's observation, photo or video, tied to an incident (chain of custody).

    ``sha256`` is taken at upload over the plaintext (the file's bytes, or the
    note's UTF-8 text) and never changes; ``amparo.verification.evidence.verify_evidence``
    recomputes it. Files are encrypted with the organization's key before they
    touch the disk; the note is an encrypted field. Every read is audited.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="evidence")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=8, choices=EvidenceKind.choices)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    stored_name = models.CharField(max_length=200, blank=True)  # encrypted file in the default storage
    note = EncryptedTextField(blank=True, null=True)  # what happened, agencies; never officers' identities
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organization", "incident", "created_at"])]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Evidence {self.pk} ({self.kind})"
