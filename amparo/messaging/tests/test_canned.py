"""/messaging/canned/: the organization's canned replies, for its admins only."""

from __future__ import annotations

import pytest

from amparo.audit.models import AuditEntry
from amparo.messaging.canned import canned_replies, seed_canned_replies
from amparo.messaging.models import CannedReply
from amparo.texts.models import TextOverride
from amparo.texts.registry import default_text
from conftest import make_member

URL = "/messaging/canned/"


@pytest.fixture
def admin_client(client, admin_user):  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    return client


@pytest.fixture
def south_admin_client(client, south):  # type: ignore[no-untyped-def]
    client.force_login(make_member(south, "admin@south.test", "admin"))
    return client


def test_it_seeds_the_defaults_once_per_language(north):
    north.languages = ["en", "es"]
    north.save(update_fields=["languages"])
    TextOverride.objects.create(organization=north, key="canned.kyr", language="es", text="Sus derechos (North)")
    replies = canned_replies(north, ["es", "en", "ko"])  # ko is not one of north's languages
    assert not CannedReply.objects.exists()  # offered, not stored: reading writes nothing
    assert [(r.language, r.key) for r in replies] == [
        ("es", "canned.ask_location"), ("es", "canned.ask_photo"), ("es", "canned.kyr"),
        ("en", "canned.ask_location"), ("en", "canned.ask_photo"), ("en", "canned.kyr"),
    ]
    assert replies[2].text == "Sus derechos (North)"
    assert replies[3].text == default_text("canned.ask_location", "en")
    seed_canned_replies(north, ["en"])  # an admin's first change of English stores its defaults
    assert CannedReply.objects.filter(organization=north, language="en").count() == 3
    CannedReply.objects.filter(organization=north, language="en").delete()
    seed_canned_replies(north, ["en"])
    assert not CannedReply.objects.filter(organization=north, language="en").exists()  # deleted stays deleted
    assert [r.language for r in canned_replies(north, ["en"])] == []


def test_an_admin_lists_the_seeded_replies(admin_client, north, south, django_assert_max_num_queries):
    seed_canned_replies(south, ["es"])
    CannedReply.objects.filter(organization=south).update(text="South only")
    admin_client.get(URL)
    with django_assert_max_num_queries(8):
        r = admin_client.get(URL)
    body = r.content.decode()
    assert r.status_code == 200
    assert default_text("canned.ask_photo", "en") in body and "South only" not in body


def test_an_admin_adds_edits_and_deletes(admin_client, north):
    r = admin_client.post(URL + "add/", {"language": "en", "text": "Are you safe right now?", "position": 5})
    assert r.status_code == 302
    mine = CannedReply.objects.get(organization=north, text="Are you safe right now?")
    r = admin_client.post(f"{URL}{mine.pk}/", {"language": "en", "text": "Are you safe?", "position": 1})
    assert r.status_code == 302
    mine.refresh_from_db()
    assert (mine.text, mine.position) == ("Are you safe?", 1)
    assert admin_client.post(f"{URL}{mine.pk}/delete/").status_code == 302
    assert not CannedReply.objects.filter(pk=mine.pk).exists()
    assert set(AuditEntry.objects.filter(object_type="canned_reply").values_list("action", flat=True)) == {
        "create", "change", "delete"}


def test_it_refuses_empty_long_or_foreign_language_texts(admin_client, north):
    for data in ({"language": "en", "text": "  ", "position": 0},
                 {"language": "en", "text": "x" * 1601, "position": 0},
                 {"language": "ko", "text": "hello", "position": 0}):
        assert admin_client.post(URL + "add/", data).status_code == 200
    assert not CannedReply.objects.exists()


@pytest.mark.parametrize("persona", ["dispatcher", "responder", "legal", "outsider"])
def test_non_admins_get_403(request, client, north, persona):
    seed_canned_replies(north, ["en"])
    reply = CannedReply.objects.filter(organization=north).first()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}{reply.pk}/delete/").status_code == 403
    assert CannedReply.objects.filter(pk=reply.pk).exists()


def test_another_networks_admin_gets_404(south_admin_client, north):
    seed_canned_replies(north, ["en"])
    reply = CannedReply.objects.filter(organization=north).first()
    assert south_admin_client.get(f"{URL}{reply.pk}/").status_code == 404
    r = south_admin_client.post(f"{URL}{reply.pk}/", {"language": "en", "text": "pwned", "position": 0})
    assert r.status_code == 404
    assert south_admin_client.post(f"{URL}{reply.pk}/delete/").status_code == 404
    reply.refresh_from_db()
    assert reply.text != "pwned"


def test_anonymous_is_sent_to_log_in(client, north):
    r = client.get(URL)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_viewing_writes_nothing_and_an_admin_keeps_the_defaults_to_edit_them(admin_client, north):
    assert admin_client.get(URL).status_code == 200
    assert not CannedReply.objects.exists()
    r = admin_client.post(URL + "keep/en/")
    assert r.status_code == 302
    kept = CannedReply.objects.filter(organization=north, language="en")
    assert kept.count() == 3
    assert AuditEntry.objects.filter(organization=north, action="create", object_type="canned_reply").count() == 3
    assert admin_client.post(URL + "keep/xx/").status_code == 302  # not a language of north: nothing
    assert not CannedReply.objects.filter(language="xx").exists()


def test_a_default_is_sent_by_its_choice_before_any_admin_change(north, dispatcher, client):
    from amparo.messaging.canned import canned_text

    assert canned_text(north, "default:canned.kyr:en") == default_text("canned.kyr", "en")
    assert canned_text(north, "default:canned.kyr:ko") is None  # not north's language
    assert canned_text(north, "default:ack.report:en") is None  # not a canned reply
    seed_canned_replies(north, ["en"])
    assert canned_text(north, "default:canned.kyr:en") is None  # stored now: chosen by id
