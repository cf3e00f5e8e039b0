"""The responder's home: their offers and dispatches, each a link to its page (issue 15, item 3)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from amparo.testing.i18n import translated
from amparo.verification import actions, notify, onscene
from amparo.verification.models import Offer, Responder
from amparo.verification.tests.conftest import make_incident, make_responder


def test_it_lists_waiting_assigned_and_recently_ended_with_links(client, north, responder, crew):
    rosa = make_responder(north, "+12135550301", name="Rosa Observer")
    Responder.objects.filter(pk=rosa.pk).update(user=responder)
    waiting, assigned, ended, old = (make_incident(north) for _ in range(4))
    for incident in (waiting, assigned, ended, old):
        actions.offer_incident(incident, by="test", responders=[rosa, crew[0]])
    mine = {i.pk: Offer.objects.get(incident=i, responder=rosa) for i in (waiting, assigned, ended, old)}
    for incident in (assigned, ended, old):
        actions.accept_offer(mine[incident.pk], via="page")
    onscene.check_out(mine[ended.pk])
    onscene.check_out(mine[old.pk], now=timezone.now() - timedelta(hours=30))

    client.force_login(responder)
    body = client.get(reverse("verification:my_offers")).content.decode()
    # The offer link is signed with a timestamp: the page may have signed it a second before this line.
    from django.core import signing

    links = re.findall(r'href="(/verification/o/[^"]+/)"', body)
    tokens = [link.removeprefix("/verification/o/").rstrip("/") for link in links]
    assert any(signing.loads(t, salt=notify.OFFER_SALT) == signing.loads(notify.offer_token(mine[waiting.pk]),
                                                                          salt=notify.OFFER_SALT) for t in tokens)
    assert f'href="{reverse("verification:my_offer", args=[mine[assigned.pk].pk])}"' in body
    assert f'href="{reverse("verification:my_offer", args=[mine[ended.pk].pk])}"' in body
    assert f'id="my-offer-{mine[old.pk].pk}"' not in body  # ended more than a day ago
    assert not any(f'id="my-offer-{o.pk}"' in body for o in Offer.objects.filter(responder=crew[0]))
    assert 'id="not-on-roster"' not in body


def test_it_says_why_the_list_is_empty_for_someone_not_on_the_roster(client, responder):
    client.force_login(responder)
    body = client.get(reverse("verification:my_offers"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'id="not-on-roster"' in body
    assert translated("es", "No offer is waiting for you.") in body


def test_it_leads_to_the_responders_shifts_and_trainings(client, responder):
    # A responder's home is this page: their shifts and trainings must be one tap away, not a typed URL.
    client.force_login(responder)
    body = client.get(reverse("verification:my_offers"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f'href="{reverse("volunteers:shifts")}"' in body
    assert f'href="{reverse("volunteers:my_trainings")}"' in body
    assert translated("es", "Your volunteer pages") in body
    for url in (reverse("volunteers:shifts"), reverse("volunteers:my_trainings")):
        assert client.get(url).status_code == 200
