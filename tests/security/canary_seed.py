"""Seed canary values into a fresh, file-based database (run in a child process).

Usage: python tests/security/canary_seed.py  (AMPARO_DATA_DIR and DATABASE_URL
set by tests/security/test_canary_dump.py). Each canary goes in through the
code path production uses: the signed SMS webhook, the voice webhook, the web
form's action, the console's note action, the place and responder actions,
the reply to a reporter. Prints "seeded" when done.
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
from django.utils import timezone  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

C = {k: os.environ[k] for k in os.environ if k.startswith("CANARY_")}
TOKEN = "canary-auth-token-000000000000000"
HOTLINE = "+12135550177"


def signed_post(client: Client, path: str, params: dict) -> int:
    url = settings.AMPARO_PUBLIC_URL + path
    sig = RequestValidator(TOKEN).compute_signature(url, params)
    return client.post(path, params, HTTP_X_TWILIO_SIGNATURE=sig).status_code


def main() -> None:
    call_command("migrate", verbosity=0)
    from amparo.accounts.models import User
    from amparo.incidents.actions import add_note
    from amparo.messaging.actions import send_to_reporter
    from amparo.orgs.actions import create_organization
    from amparo.orgs.models import HotlineNumber, Membership
    from amparo.places.actions import create_place
    from amparo.public.actions import submit_web_report
    from amparo.reports.media import store_bytes
    from amparo.reports.models import Report, ReportMedia
    from amparo.verification.actions import save_responder, settings_for
    from amparo.verification.models import Dispatch, Offer
    from amparo.voice.actions import set_duty

    org = create_organization(slug="canary", name="Canary Network", twilio_auth_token=TOKEN)
    HotlineNumber.objects.create(organization=org, e164=HOTLINE)
    user = User.objects.create_user(email="dispatcher@canary.test", password="correct horse battery staple")
    Membership.objects.create(user=user, organization=org, role="dispatcher")
    client = Client()

    assert signed_post(client, "/hooks/twilio/sms", {
        "MessageSid": "SMcanary1", "From": C["CANARY_CALLER"], "To": HOTLINE, "Body": C["CANARY_BODY"]}) == 200
    signed_post(client, "/hooks/twilio/voice", {"CallSid": "CAcanary1", "From": C["CANARY_VOICE_CALLER"],
                                                "To": HOTLINE, "CallStatus": "ringing"})
    web = submit_web_report(org=org, data={"description": C["CANARY_WEB_BODY"], "address": C["CANARY_ADDRESS"],
                                           "callback": C["CANARY_CALLBACK"], "may_call": True, "when": "now"},
                            nonce="canarynonce", language="en")
    sms = Report.objects.get(organization=org, provider_id="SMcanary1")
    incident = sms.incident or web.report.incident
    add_note(incident, C["CANARY_NOTE"], by=user)
    create_place(org, name=C["CANARY_PLACE"], aliases=[C["CANARY_ALIAS"]], lat=34.05, lon=-118.25)
    responder = save_responder(org, name=C["CANARY_RESPONDER"], phone=C["CANARY_RESPONDER_PHONE"],
                               languages=["en"], training=[], zones=[], field_eligible=True, on_call=True,
                               schedule=[])
    send_to_reporter(incident, sms, C["CANARY_OUTBOUND"], by=user)
    set_duty(org, user, on_duty=True, phone=C["CANARY_DUTY_PHONE"], schedule=[])
    vs = settings_for(org)
    vs.safety_contact_name, vs.safety_contact_phone = C["CANARY_SAFETY_NAME"], C["CANARY_SAFETY_PHONE"]
    vs.save()
    now = timezone.now()
    dispatch = Dispatch.objects.create(organization=org, incident=incident, seats=1, ring_size=1, max_rings=1,
                                       offer_minutes=5, created_at=now)
    Offer.objects.create(organization=org, dispatch=dispatch, incident=incident, responder=responder,
                         offered_at=now, expires_at=now, outcome_note=C["CANARY_OBSERVATION"])
    media = ReportMedia.objects.create(organization=org, report=sms)
    store_bytes(media, b"\xff\xd8\xff\xe0" + C["CANARY_MEDIA"].encode() + b"\xff\xd9", "image/jpeg")

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
    from amparo.incidents.models import IncidentNote
    from amparo.messaging.models import OutboundMessage
    from amparo.places.models import Place
    from amparo.voice.models import Call

    counts = [Report.objects.count(), Call.objects.count(), IncidentNote.objects.count(),
              OutboundMessage.objects.count(), Place.objects.count(), ReportMedia.objects.filter(status="stored").count()]
    print("seeded", *counts)


if __name__ == "__main__":
    main()
