"""Every role lands where its work is (issue 15, item 3): no home page is a dead end."""

from __future__ import annotations

import pytest
from django.urls import reverse

from amparo.testing.i18n import translated
from conftest import make_member


def test_it_sends_a_dispatcher_to_the_console(client, dispatcher):
    client.force_login(dispatcher)
    r = client.get("/home/")
    assert r.status_code == 302 and r["Location"] == reverse("console:queue")


def test_it_sends_an_admin_to_the_console_whose_menu_leads_to_manage(client, admin_user):
    client.force_login(admin_user)
    r = client.get("/home/", follow=True)
    assert r.redirect_chain == [(reverse("console:queue"), 302)]
    body = r.content.decode()
    assert f'href="{reverse("manage:index")}"' in body and f'href="{reverse("audit:trail")}"' in body


def test_it_sends_a_responder_to_their_offers_and_dispatches(client, north, responder):
    from amparo.verification import actions
    from amparo.verification.models import Responder
    from amparo.verification.tests.conftest import make_incident, make_responder

    me = make_responder(north, "+12135550401", name="Rosa Observer")
    Responder.objects.filter(pk=me.pk).update(user=responder)
    incident = make_incident(north)
    actions.offer_incident(incident, by="test", responders=[me])
    client.force_login(responder)
    r = client.get("/home/", follow=True)
    assert r.redirect_chain == [(reverse("verification:my_offers"), 302)]
    body = r.content.decode()
    offer = me.offers.get()
    assert f'id="my-offer-{offer.pk}"' in body and "/verification/o/" in body  # a link to the offer's page


def test_it_sends_a_legal_coordinator_to_the_cases(client, legal):
    client.force_login(legal)
    r = client.get("/home/", follow=True)
    assert r.redirect_chain == [(reverse("legal:cases"), 302)]
    assert 'id="case-list"' in r.content.decode()
    assert "/home/account/" in r.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_cases_page_speaks_the_members_language(client, legal, language):
    client.force_login(legal)
    body = client.get(reverse("legal:cases"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in body
    assert (translated("es", "Hearing reminders") if language == "es" else "Hearing reminders") in body


def test_the_old_legal_page_leads_coordinators_and_admins_to_the_cases(client, dispatcher, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("accounts:legal")).headers["Location"] == reverse("legal:cases")
    client.force_login(dispatcher)
    r = client.get(reverse("accounts:legal"))
    assert r.status_code == 403 and 'id="error-403"' in r.content.decode()


def test_it_lets_someone_with_several_roles_choose(client, admin_user, south):
    south.memberships.create(user=admin_user, role="responder")
    client.force_login(admin_user)
    r = client.get("/home/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "North Network" in body and "South Network" in body
    assert "Admin" in body and "Responder" in body
    assert body.count('action="/manage/org/"') == 1  # manage only where they are admin
    assert f'href="{reverse("console:queue")}"' in body and f'href="{reverse("verification:my_offers")}"' in body
    assert "Nothing to open yet" not in body


def test_the_account_page_lists_each_role_with_its_page(client, dispatcher):
    client.force_login(dispatcher)
    r = client.get(reverse("accounts:account"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "North Network" in body and f'href="{reverse("console:queue")}"' in body
    assert "/manage/" not in body  # no manage link for a dispatcher
    assert reverse("account_change_password") in body and reverse("mfa_index") in body


def test_every_page_links_the_account_page(client, dispatcher):
    client.force_login(dispatcher)
    assert f'href="{reverse("accounts:account")}"' in client.get(reverse("console:queue")).content.decode()


def test_it_sends_anonymous_visitors_to_login(client, db):
    r = client.get("/home/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_it_tells_someone_without_a_membership_what_to_do(client, north):
    user = make_member(north, "gone@north.test", "dispatcher")
    user.memberships.update(is_active=False)
    client.force_login(user)
    r = client.get("/home/")
    assert r.status_code == 200
    assert b"North Network" not in r.content and b"Ask an admin of your network" in r.content
