"""Every /manage/ page: admin 200, dispatcher 403, anonymous to login, outsider 404 on north's objects."""

import pytest

from amparo.orgs.models import HotlineNumber, Membership, Zone
from amparo.places.models import Place
from conftest import make_member

PAGES = ["/manage/", "/manage/members/", "/manage/numbers/", "/manage/zones/", "/manage/zones/new/",
         "/manage/places/", "/manage/places/new/", "/manage/places/import/", "/manage/texts/",
         "/manage/texts/ack.report/en/", "/manage/settings/"]


@pytest.fixture
def north_objects(north, dispatcher):  # type: ignore[no-untyped-def]
    zone = Zone.objects.create(organization=north, name="Downtown", zips=["90012"])
    place = Place.objects.create(organization=north, data={"name": "North Market", "aliases": [],
                                                           "lat": 34.05, "lon": -118.25}, zip="90012")
    return {
        "number": HotlineNumber.objects.get(organization=north),
        "zone": zone,
        "place": place,
        "membership": Membership.objects.get(user=dispatcher),
    }


@pytest.mark.parametrize("path", PAGES)
def test_it_serves_admins(admin_client, path):
    assert admin_client.get(path).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_it_forbids_other_roles(client, dispatcher, legal, path):
    for user in (dispatcher, legal):
        client.force_login(user)
        assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_it_sends_anonymous_visitors_to_login(client, db, path):
    r = client.get(path)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_it_forbids_a_deactivated_admin(client, north):
    user = make_member(north, "former@north.test", "admin")
    Membership.objects.filter(user=user).update(is_active=False)
    client.force_login(user)
    assert client.get("/manage/").status_code == 403


def test_it_gives_outsiders_404_for_north_objects(south_client, north_objects):
    o = north_objects
    gets = [f"/manage/numbers/{o['number'].pk}/", f"/manage/zones/{o['zone'].pk}/",
            f"/manage/places/{o['place'].pk}/"]
    posts = [f"/manage/numbers/{o['number'].pk}/remove/", f"/manage/zones/{o['zone'].pk}/delete/",
             f"/manage/places/{o['place'].pk}/delete/", f"/manage/members/{o['membership'].pk}/deactivate/",
             f"/manage/members/{o['membership'].pk}/reactivate/", f"/manage/members/{o['membership'].pk}/role/"]
    for path in gets:
        assert south_client.get(path).status_code == 404, path
    for path in posts:
        assert south_client.post(path, {"role": "admin"}).status_code == 404, path
    assert HotlineNumber.objects.filter(pk=o["number"].pk).exists()
    assert Zone.objects.filter(pk=o["zone"].pk).exists()
    assert Place.objects.filter(pk=o["place"].pk).exists()
    m = Membership.objects.get(pk=o["membership"].pk)
    assert (m.role, m.is_active) == ("dispatcher", True)


def test_it_shows_outsiders_only_their_data(south_client, north_objects, south):
    Zone.objects.create(organization=south, name="Harbor", zips=["90731"])
    pages = {p: south_client.get(p).content.decode() for p in
             ("/manage/members/", "/manage/numbers/", "/manage/zones/", "/manage/places/", "/manage/settings/")}
    everything = "".join(pages.values())
    for north_thing in ("North Network", "dispatcher@north.test", "admin@north.test", "+12135550100",
                        "Downtown", "North Market"):
        assert north_thing not in everything
    assert "admin@south.test" in pages["/manage/members/"]
    assert "+13105550199" in pages["/manage/numbers/"]
    assert "Harbor" in pages["/manage/zones/"]


def test_it_cannot_switch_to_an_organization_one_does_not_admin(south_client, north):
    r = south_client.post("/manage/org/", {"org": north.pk})
    assert r.status_code == 403
    assert "South Network" in south_client.get("/manage/").content.decode()


def test_it_lets_a_multi_org_admin_choose(client, admin_user, north, south):
    Membership.objects.create(user=admin_user, organization=south, role="admin")
    client.force_login(admin_user)
    assert "<strong>North Network</strong>" in client.get("/manage/").content.decode()
    r = client.post("/manage/org/", {"org": south.pk})
    assert r.status_code == 302
    body = client.get("/manage/numbers/").content.decode()
    assert "+13105550199" in body and "+12135550100" not in body
