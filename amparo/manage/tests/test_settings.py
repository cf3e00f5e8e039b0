from amparo.audit.models import AuditEntry
from amparo.orgs.models import Organization

VALID = {
    "name": "North Network RR", "default_language": "es", "languages": ["en", "es", "ko"],
    "time_zone": "America/Denver", "correlation_window_minutes": 120, "correlation_distance_m": 300,
    "conversation_minutes": 45, "auto_close_hours": 10, "vague_idle_hours": 8,
    "flood_text_numbers": 4, "flood_text_minutes": 90, "flood_caller_messages": 7, "flood_caller_minutes": 12,
    "flood_hold_minutes": 90, "place_abbreviations": "{\"hd\": \"home depot\"}", "address_grid": "[]",
    "replies_per_caller_per_hour": 5, "map_tile_url": "https://tiles.example.org/{z}/{x}/{y}.png",
    "map_attribution": "© OpenStreetMap", "twilio_account_sid": "AC" + "0" * 32, "twilio_auth_token": "",
}


def test_it_saves_settings_and_keeps_a_blank_token(admin_client, north):
    r = admin_client.post("/manage/settings/", VALID)
    assert r.status_code == 302, r.content.decode()
    org = Organization.objects.get(pk=north.pk)
    assert (org.name, org.default_language, org.languages, org.time_zone) == (
        "North Network RR", "es", ["en", "es", "ko"], "America/Denver")
    assert org.correlation_distance_m == 300 and org.flood_caller_minutes == 12
    assert org.twilio_auth_token == "north-auth-token-for-tests-000000"
    entry = AuditEntry.objects.get(organization=north, object_type="organization")
    assert "twilio_auth_token" not in entry.reason and "north-auth" not in entry.reason


def test_it_replaces_the_token_and_never_shows_it(admin_client, north):
    r = admin_client.post("/manage/settings/", {**VALID, "twilio_auth_token": "new-token-123456"})
    assert r.status_code == 302
    assert Organization.objects.get(pk=north.pk).twilio_auth_token == "new-token-123456"
    body = admin_client.get("/manage/settings/").content.decode()
    assert "new-token-123456" not in body and "north-auth-token" not in body
    assert "A Twilio auth token is set." in body


def test_it_validates(admin_client, north):
    bad = [
        {"time_zone": "Mars/Olympus"},
        {"map_tile_url": "http://tiles.example.org/{z}/{x}/{y}.png"},
        {"languages": ["en", "xx"]},
        {"languages": []},
        {"default_language": "vi"},  # not among the languages offered
        {"twilio_account_sid": "not-a-sid"},
        {"correlation_window_minutes": -5},
    ]
    for change in bad:
        r = admin_client.post("/manage/settings/", {**VALID, **change})
        assert r.status_code == 200, change
    org = Organization.objects.get(pk=north.pk)
    assert org.name == "North Network" and org.time_zone == "America/Los_Angeles"


def test_it_accepts_a_blank_tile_url(admin_client, north):
    r = admin_client.post("/manage/settings/", {**VALID, "map_tile_url": ""})
    assert r.status_code == 302
    assert Organization.objects.get(pk=north.pk).map_tile_url == ""


def test_it_changes_only_the_admins_org(south_client, north, south):
    r = south_client.post("/manage/settings/", {**VALID, "name": "South Renamed"})
    assert r.status_code == 302
    assert Organization.objects.get(pk=south.pk).name == "South Renamed"
    assert Organization.objects.get(pk=north.pk).name == "North Network"


def test_it_offers_all_seven_languages_and_keeps_the_admins_order(admin_client, north):
    body = admin_client.get("/manage/settings/").content.decode()
    for code in ("en", "es", "ko", "zh-hans", "tl", "vi", "hy"):
        assert f'value="{code}"' in body, code
    langs = ["en", "es", "ko", "zh-hans", "tl", "vi"]
    r = admin_client.post("/manage/settings/", {**VALID, "languages": langs, "language_order": "vi, es ko"})
    assert r.status_code == 302, r.content.decode()
    # Listed first in the admin's order, the others after in the order they came.
    assert Organization.objects.get(pk=north.pk).languages == ["vi", "es", "ko", "en", "zh-hans", "tl"]
    assert 'value="vi, es, ko, en, zh-hans, tl"' in admin_client.get("/manage/settings/").content.decode()
    # A blank order keeps the current one; an unticked language leaves it.
    r = admin_client.post("/manage/settings/", {**VALID, "languages": ["es", "vi", "en"], "language_order": ""})
    assert r.status_code == 302
    assert Organization.objects.get(pk=north.pk).languages == ["vi", "es", "en"]


def test_it_refuses_an_order_with_unknown_or_unticked_languages(admin_client, north):
    before = Organization.objects.get(pk=north.pk).languages
    for order in ("es, xx", "hy, es"):
        r = admin_client.post("/manage/settings/", {**VALID, "language_order": order})
        assert r.status_code == 200, order
    assert Organization.objects.get(pk=north.pk).languages == before
