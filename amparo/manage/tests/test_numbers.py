from amparo.audit.models import AuditEntry
from amparo.orgs.models import HotlineNumber


def test_it_adds_a_number_in_e164(admin_client, north):
    r = admin_client.post("/manage/numbers/", {"e164": "(213) 555-0123", "label": "Main", "sms": "on",
                                               "whatsapp": "on"})
    assert r.status_code == 302
    n = HotlineNumber.objects.get(e164="+12135550123")
    assert (n.organization_id, n.sms, n.voice, n.whatsapp) == (north.pk, True, False, True)
    assert AuditEntry.objects.filter(organization=north, object_type="hotline_number",
                                     object_id=str(n.pk)).exists()


def test_it_refuses_invalid_numbers(admin_client, north):
    for bad in ("hello", "+1 555", "+1 213 555 01234567"):
        r = admin_client.post("/manage/numbers/", {"e164": bad, "sms": "on"})
        assert r.status_code == 200, bad
    assert HotlineNumber.objects.filter(organization=north).count() == 1


def test_it_refuses_a_number_another_org_has(admin_client, north, south):
    r = admin_client.post("/manage/numbers/", {"e164": "+1 310 555 0199", "sms": "on"})
    assert r.status_code == 200
    assert "already in use by another organization" in r.content.decode()
    assert HotlineNumber.objects.get(e164="+13105550199").organization_id == south.pk


def test_it_refuses_a_number_twice(admin_client, north):
    r = admin_client.post("/manage/numbers/", {"e164": "+1 213 555 0100", "sms": "on"})
    assert r.status_code == 200
    assert "already one of yours" in r.content.decode()


def test_it_edits_flags_and_removes(admin_client, north):
    n = HotlineNumber.objects.get(organization=north)
    r = admin_client.post(f"/manage/numbers/{n.pk}/", {"label": "Hotline", "voice": "on"})
    assert r.status_code == 302
    n.refresh_from_db()
    assert (n.label, n.sms, n.voice, n.whatsapp, n.e164) == ("Hotline", False, True, False, "+12135550100")
    assert admin_client.post(f"/manage/numbers/{n.pk}/remove/").status_code == 302
    assert not HotlineNumber.objects.filter(pk=n.pk).exists()
    assert AuditEntry.objects.filter(organization=north, object_type="hotline_number", action="delete").exists()


def test_it_lists_numbers_in_few_queries(admin_client, north, django_assert_max_num_queries):
    for i in range(10):
        HotlineNumber.objects.create(organization=north, e164=f"+1213555020{i}")
    admin_client.get("/manage/numbers/")  # warm the session: its first save is not the page's cost
    with django_assert_max_num_queries(7):
        r = admin_client.get("/manage/numbers/")
    assert "+12135550209" in r.content.decode()
