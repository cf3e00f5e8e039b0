"""The seat race, run with real concurrent connections (used by test_race.py).

``python -m amparo.verification.tests.race`` runs it on the database named by
DATABASE_URL (a fresh SQLite file from the test), migrating it first, and
prints the results as JSON.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime

PHONES = ["+12135550401", "+12135550402", "+12135550403", "+12135550404"]


def setup_race(seats: int = 2) -> list[int]:
    """An org, an incident, one seat taken of ``seats``, and offers to race for the last one."""
    from amparo.orgs.actions import create_organization
    from amparo.orgs.models import HotlineNumber
    from amparo.verification import actions
    from amparo.verification.models import VerificationSettings
    from amparo.verification.tests.conftest import make_incident, make_responder

    org = create_organization(slug="race", name="Race", twilio_auth_token="x")
    HotlineNumber.objects.create(organization=org, e164="+12135550499")
    VerificationSettings.objects.update_or_create(organization=org, defaults={"seats": seats, "ring_size": 10})
    crew = [make_responder(org, p) for p in ["+12135550400", *PHONES]]
    incident = make_incident(org)
    dispatch = actions.offer_incident(incident, by=None, now=datetime.now(UTC))
    offers = list(dispatch.offers.order_by("id"))
    assert len(offers) == len(crew)
    for offer in offers[: seats - 1]:
        assert actions.accept_offer(offer) == actions.Accept.ASSIGNED
    return [o.pk for o in offers[seats - 1:]]


def race(offer_ids: list[int]) -> list[str]:
    """Every offer accepts at the same moment, each thread on its own connection."""
    from django.db import connections

    from amparo.verification import actions
    from amparo.verification.models import Offer

    barrier = threading.Barrier(len(offer_ids))
    results: list[str] = []
    errors: list[BaseException] = []

    def run(offer_id: int) -> None:
        try:
            offer = Offer.objects.get(pk=offer_id)
            barrier.wait()
            results.append(actions.accept_offer(offer).value)
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in offer_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return sorted(results)


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    ids = setup_race()
    results = race(ids)
    from amparo.verification.models import Dispatch

    d = Dispatch.objects.get()
    print(json.dumps({"vendor": connection.vendor, "file": str(connection.settings_dict["NAME"]),
                      "results": results, "accepted": d.accepted_count, "seats": d.seats, "status": d.status}))


if __name__ == "__main__":
    main()
