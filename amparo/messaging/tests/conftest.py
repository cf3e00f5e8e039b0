from __future__ import annotations

import itertools

import pytest

from amparo.intake.pipeline import ingest_report
from conftest import NORTH_NUMBER

_ids = itertools.count()
ALICE = "+13235550142"
BOB = "+13235550177"


def inbound(org, body, sender=ALICE, channel="sms", to=NORTH_NUMBER, **kw):  # type: ignore[no-untyped-def]
    """An inbound message through the real intake pipeline, received now."""
    if channel == "whatsapp":
        sender, to = f"whatsapp:{sender}", f"whatsapp:{to}"
    return ingest_report(org=org, channel=channel, provider_id=f"SMmsg{next(_ids)}", from_number=sender,
                         to_number=to, body=body, **kw).report


@pytest.fixture
def report(north):  # type: ignore[no-untyped-def]
    return inbound(north, "ICE agents at 5th and Broadway taking people")


@pytest.fixture
def incident(report):  # type: ignore[no-untyped-def]
    assert report.incident is not None
    return report.incident


@pytest.fixture
def dispatcher_client(client, dispatcher):  # type: ignore[no-untyped-def]
    client.force_login(dispatcher)
    return client
