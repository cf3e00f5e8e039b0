"""Seed legal-aid canaries into a fresh, file-based database (run in a child process).

Usage: python tests/security/canary_legal_seed.py (env set by tests/security/test_canary_legal.py).
A report arrives through the signed SMS webhook; a dispatcher turns it into a Person (name, A-number)
through the page, with a case; a coordinator adds a contact (phone) and a note through the pages.
Huey is not immediate here: what the requests enqueue stays in the queue file for the test to read.
Prints "seeded" and counts when done.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

C = {k: os.environ[k] for k in os.environ if k.startswith("CANARY_")}
TOKEN = "canary-auth-token-000000000000000"
HOTLINE = "+12135550177"


def member(org: object, email: str, role: str) -> Client:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    from amparo.accounts.models import User
    from amparo.orgs.models import Membership

    user = User.objects.create_user(email=email, password="correct horse battery staple")
    Membership.objects.create(user=user, organization=org, role=role)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": encrypt("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")})
    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": 0}, {"method": "mfa", "at": 0,
                                                                                    "type": "totp"}]
    session.save()
    return client


def main() -> None:
    call_command("migrate", verbosity=0)
    from amparo.legal.models import Case, EmergencyContact, Person
    from amparo.orgs.actions import create_organization
    from amparo.orgs.models import HotlineNumber
    from amparo.reports.models import Report

    org = create_organization(slug="canary", name="Canary Network", twilio_auth_token=TOKEN)
    HotlineNumber.objects.create(organization=org, e164=HOTLINE)
    params = {"MessageSid": "SMcanarylegal", "From": "+13235550111", "To": HOTLINE, "Body": "ICE at the corner"}
    sig = RequestValidator(TOKEN).compute_signature(settings.AMPARO_PUBLIC_URL + "/hooks/twilio/sms", params)
    assert Client().post("/hooks/twilio/sms", params, HTTP_X_TWILIO_SIGNATURE=sig).status_code == 200
    report = Report.objects.get(organization=org, provider_id="SMcanarylegal")

    dispatcher = member(org, "dispatcher@canary.test", "dispatcher")
    r = dispatcher.post(f"/legal/reports/{report.pk}/person", {
        "name": C["CANARY_PERSON"], "date_of_birth": "1990-04-02", "a_number": C["CANARY_ANUMBER"],
        "language": "es", "county": "Los Angeles", "open_case": "on", "case_type": "detention_bond"})
    assert r.status_code == 302, (r.status_code, r.content[:3000])
    person = Person.objects.get(organization=org)
    case = Case.objects.get(organization=org)

    legal = member(org, "legal@canary.test", "legal")
    r = legal.post(f"/legal/people/{person.pk}/contacts", {
        "contact-name": "Ana", "contact-relation": "sister", "contact-phone": C["CANARY_CONTACT_PHONE"],
        "contact-language": "es", "contact-safe_to_call": "on"})
    assert r.status_code == 302, r.status_code
    r = legal.post(f"/legal/cases/{case.pk}/record", {"event": "note", "note-version": case.version,
                                                      "note-text": f"Spoke with family of {C['CANARY_PERSON']}"})
    assert r.status_code == 302, r.status_code
    assert legal.get(f"/legal/cases/{case.pk}/").status_code == 200
    assert legal.get(f"/legal/people/{person.pk}/").status_code == 200

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
    print("seeded", Person.objects.count(), Case.objects.count(), EmergencyContact.objects.count())


if __name__ == "__main__":
    main()
