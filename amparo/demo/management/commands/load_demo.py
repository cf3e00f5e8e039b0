"""Load the demo network: an organization, a Los Angeles gazetteer, a few
hours of reports, one login per role, and a week of shifts (amparo/demo/shifts.py).

    manage.py load_demo

Idempotent: a second run finds everything in place and changes nothing
(reports are keyed by their "DEMO-..." provider ids). It refuses to run in
production, because its logins have a published password and TOTP secret.
"""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt, encrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from amparo.accounts.models import User
from amparo.demo.alerts import ensure_sent_alert
from amparo.demo.corrections import ensure_false_alarm_correction
from amparo.demo.dossier import ensure_dossier_incident
from amparo.demo.legal import ensure_legal
from amparo.demo.legal_providers import ensure_legal_providers
from amparo.demo.shifts import ensure_shifts
from amparo.demo.subscribers import ensure_subscribers
from amparo.intake.pipeline import ingest_report
from amparo.orgs.actions import add_hotline_number, create_organization
from amparo.orgs.models import HotlineNumber, Membership, Organization, Role, Zone
from amparo.places.actions import import_places
from amparo.places.models import Place
from amparo.verification.actions import phone_hash, save_responder
from amparo.verification.models import Responder
from amparo.volunteers.certifications import ensure_default_kinds, grant_certification
from amparo.volunteers.models import Applicant, ApplicantStatus, Certification, SignupVia, Training
from amparo.volunteers.recruitment import sign_up
from amparo.volunteers.trainings import create_training
from amparo.volunteers.trainings import sign_up as take_training_seat
from amparo.volunteers.vetting import vouch

DATA = Path(__file__).resolve().parents[2] / "data"
SLUG = "demo"
NAME = "Demo Rapid Response Network"
HOTLINE = "+12135550100"
PASSWORD = "amparo-demo-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# OpenStreetMap's standard tiles: the one third party the demo configures, and
# the page says so. A network can point this at its own tile server.
TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = "© OpenStreetMap contributors"
LOGINS = [
    ("admin@demo.amparo.test", Role.ADMIN, "Demo Admin"),
    ("dispatcher@demo.amparo.test", Role.DISPATCHER, "Demo Dispatcher"),
    ("responder@demo.amparo.test", Role.RESPONDER, "Demo Responder"),
    ("legal@demo.amparo.test", Role.LEGAL, "Demo Legal Coordinator"),
    ("attorney@demo.amparo.test", Role.ATTORNEY, "Demo Attorney"),  # of Esperanza Immigrant Legal Aid
]


class Command(BaseCommand):
    help = "Create (or complete) the demo network with sample places, reports and logins. Never in production."

    def handle(self, *args: Any, **opts: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("load_demo refuses to run in production: its logins have a published "
                               "password and TOTP secret. Use a development machine (AMPARO_ENV=development).")
        org = ensure_organization()
        places = ensure_places(org)
        created = ensure_reports(org)
        ensure_logins(org)
        # Certification kinds before the roster: on a fresh demo nobody is certified by the
        # migration's rule, so the demo shows two certified observers and two who are not yet.
        ensure_default_kinds(org)
        ensure_responders(org)
        ensure_trainings(org)  # before any dispatch: only certified observers are dispatchable
        dispatcher = User.objects.filter(email="dispatcher@demo.amparo.test").first()
        dossier = ensure_dossier_incident(org, dispatcher)
        # Subscribers first (by SMS, through the real pipeline), so the alert reaches them.
        subscribers = ensure_subscribers(org, HOTLINE)
        alert = ensure_sent_alert(org, dossier, dispatcher)
        correction = ensure_false_alarm_correction(org, dispatcher, skip=dossier)
        signups = ensure_signups(org)
        cases = ensure_legal(org)
        ensure_legal_providers(org)
        with transaction.atomic():
            ensure_shifts(org)
        if dossier is not None:
            self.stdout.write(f"Incident #{dossier.pk} is verified with a photo and an observation: download its "
                              f"evidence dossier from its page, or: manage.py export_dossier --org {SLUG} "
                              f"--incident {dossier.pk} -o dossier.zip")
        if alert is not None:
            self.stdout.write(f"Incident #{alert.incident_id} was alerted to {alert.audience} subscriber(s) "
                              f"({alert.get_status_display()}; the console transport recorded the texts).")
        if correction is not None:
            self.stdout.write(f"Incident #{correction.incident.number} was a false alarm: its reporters were sent "
                              f"the correction (public page: /updates/{org.slug}/).")
        self.stdout.write(f"Volunteer sign-ups waiting: {signups} (/volunteers/signups/; the form: /join/{org.slug}/).")
        self.stdout.write(f"Alerts subscribers: {subscribers} (/manage/subscribers/; the sign-up page: "
                          f"/alerts/{org.slug}/).")
        self.stdout.write(f"Demo network {org.name!r} (slug {org.slug}): {places} places, "
                          f"{created} new reports ({org.reports.count()} in all), {cases} legal case(s), "
                          f"hotline {HOTLINE}.")
        self.stdout.write(login_help())


@transaction.atomic
def ensure_organization() -> Organization:
    org = Organization.objects.filter(slug=SLUG).first()
    if org is None:
        org = create_organization(slug=SLUG, name=NAME, default_language="en", languages=["en", "es"],
                                  time_zone="America/Los_Angeles", twilio_auth_token=settings.TWILIO_AUTH_TOKEN)
    if (org.map_tile_url, org.map_attribution) != (TILE_URL, TILE_ATTRIBUTION):
        org.map_tile_url, org.map_attribution = TILE_URL, TILE_ATTRIBUTION
        org.save(update_fields=["map_tile_url", "map_attribution"])
    number = HotlineNumber.objects.filter(e164=HOTLINE).first()
    if number is None:
        add_hotline_number(org, e164=HOTLINE, label="Demo hotline", sms=True, voice=True, whatsapp=True,
                           actor=None, actor_label="load_demo")
    elif number.organization_id != org.pk:
        raise CommandError(f"{HOTLINE} already belongs to organization {number.organization_id}; "
                           "load_demo will not take it over.")
    return org


def ensure_places(org: Organization) -> int:
    # The gazetteer is loaded once; after that it is the network's to edit.
    if not Place.objects.filter(organization=org).exists():
        with (DATA / "places.csv").open(encoding="utf-8", newline="") as f:
            import_places(org, f)
    return Place.objects.filter(organization=org).count()


def ensure_reports(org: Organization) -> int:
    """Ingest the sample reports, oldest first (correlation assumes arrival order)."""
    now = timezone.now()
    with (DATA / "reports.csv").open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: -int(r["minutes_ago"]))
    created = 0
    for row in rows:
        result = ingest_report(
            org=org, channel=row["channel"], provider_id=row["provider_id"],
            from_number=row["from"] or None, to_number=HOTLINE if row["channel"] != "web" else "",
            body=row["body"], received_at=now - timedelta(minutes=int(row["minutes_ago"])),
            defer=False,  # the demo dispatches what these reports become, right after
        )
        created += result.created
    return created


@transaction.atomic
def ensure_logins(org: Organization) -> None:
    for email, role, display_name in LOGINS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, display_name=display_name)
        elif not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.update_or_create(user=user, organization=org,
                                            defaults={"role": role, "is_active": True})
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is None or decrypt(totp.data.get("secret", "")) != TOTP_SECRET:
            Authenticator.objects.update_or_create(
                user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(TOTP_SECRET)}})


# Demo responders: fictional 555 numbers, texted through the development transport.
# (name, phone, languages, home zone, field eligible, on call); the first is the responder login.
DEMO_ZONES = {
    "Boyle Heights": ["90033", "90063"],
    "Downtown": ["90012", "90013", "90015"],
    "Westlake": ["90057", "90004"],
    "Southeast": ["90255", "90058"],
}
DEMO_RESPONDERS = [
    ("Demo Responder", "+12135550201", ["en", "es"], "Boyle Heights", True, True),
    ("Rosa M.", "+12135550202", ["es"], "Boyle Heights", True, True),
    ("Sam K.", "+12135550203", ["en"], "Downtown", True, True),
    ("Lupe G.", "+12135550204", ["es", "en"], "Westlake", True, True),
    ("Tomás R.", "+12135550205", ["es"], "Southeast", True, False),
    ("Dana P.", "+12135550206", ["en", "es"], "Downtown", False, True),  # off field work by choice
]


@transaction.atomic
def ensure_responders(org: Organization) -> None:
    zones = {name: Zone.objects.get_or_create(organization=org, name=name, defaults={"zips": zips})[0]
             for name, zips in DEMO_ZONES.items()}
    login = User.objects.filter(email="responder@demo.amparo.test").first()
    for i, (name, phone, langs, zone, field, on_call) in enumerate(DEMO_RESPONDERS):
        if Responder.objects.filter(organization=org, phone_hash=phone_hash(org.pk, phone)).exists():
            continue
        save_responder(org, name=name, phone=phone, languages=langs, training=["confirmer"], zones=[zones[zone]],
                       field_eligible=field, on_call=on_call, schedule=[], user=login if i == 0 else None)


# Volunteer sign-ups (issue 14): two strangers waiting, one already vouched for by the dispatcher.
DEMO_SIGNUPS = [
    ("demo-signup-1", {"name": "Marisol V.", "phone": "+12135550301", "email": "marisol@example.org",
                       "languages": ["es", "en"], "zip": "90033", "interests": ["field_observer"],
                       "skills": ["driver"], "availability": ["school_runs", "weekends"]},
     "We volunteer together at the school's parent committee."),
    ("demo-signup-2", {"name": "Kevin L.", "phone": "+12135550302", "email": "kevin@example.org",
                       "languages": ["en", "ko"], "zip": "90057", "interests": ["dispatcher"],
                       "skills": ["interpreter"], "availability": ["nights"]}, None),
]


def ensure_signups(org: Organization) -> int:
    """Through the real actions: the sign-up (its confirmation goes to the dev transport) and the vouch."""
    voucher = User.objects.filter(email="dispatcher@demo.amparo.test").first()
    for submission, data, note in DEMO_SIGNUPS:
        applicant = sign_up(org, data=data, submission=submission, language=data["languages"][0]).applicant
        if note and voucher is not None and not applicant.vouches.filter(voucher=voucher).exists():
            vouch(applicant, by=voucher, note=note)
    return Applicant.objects.filter(organization=org, status=ApplicantStatus.PENDING).count()
# The two certified observers (trained before the network used Amparo), and who took a seat.
CERTIFIED = ("+12135550201", "+12135550202")
SEAT_TAKERS = ("+12135550204",)


@transaction.atomic
def ensure_trainings(org: Organization) -> None:
    """An observer training next week with one seat taken by SMS, and two certified observers."""
    admin = User.objects.filter(email="admin@demo.amparo.test").first()
    kinds = {k.code: k for k in ensure_default_kinds(org)}
    if not Training.objects.filter(organization_id=org.pk).exists():
        start = timezone.localtime(timezone.now() + timedelta(days=7)).replace(hour=18, minute=0, second=0,
                                                                               microsecond=0)
        training = create_training(org, kind=kinds["observer"], starts_at=start, ends_at=start + timedelta(hours=3),
                                   place="Centro comunitario, 1st St & Soto St", link="", capacity=15,
                                   language="es", trainer=admin, by=admin)
        for phone in SEAT_TAKERS:
            responder = Responder.objects.get(organization=org, phone_hash=phone_hash(org.pk, phone))
            take_training_seat(training, responder=responder, via=SignupVia.SMS)
    for phone in CERTIFIED:
        responder = Responder.objects.get(organization=org, phone_hash=phone_hash(org.pk, phone))
        if not Certification.objects.filter(organization_id=org.pk, responder=responder).exists():
            grant_certification(org, kinds["observer"], responder=responder, by=admin,
                                now=timezone.now() - timedelta(days=60), note="demo: trained before Amparo")


def login_help() -> str:
    url = f"{settings.AMPARO_PUBLIC_URL}/accounts/login/"
    lines = [
        "",
        f"Log in at {url} with one of:",
        *(f"  {email:<30} {role.label}" for email, role, _ in LOGINS),
        f"Password: {PASSWORD}",
        f"Two-factor code: TOTP secret {TOTP_SECRET} (add it to any authenticator app), or run",
        f"  python -c \"import pyotp;print(pyotp.TOTP('{TOTP_SECRET}').now())\"",
    ]
    return "\n".join(lines)
