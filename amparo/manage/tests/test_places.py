import io

from amparo.audit.models import AuditEntry
from amparo.places.models import Place


def _place(org, name, **extra):  # type: ignore[no-untyped-def]
    data = {"name": name, "aliases": extra.pop("aliases", []), "lat": 34.05, "lon": -118.25}
    return Place.objects.create(organization=org, data=data, **extra)


def test_it_lists_decrypted_places_in_few_queries(admin_client, north, south, django_assert_max_num_queries):
    for i in range(30):
        _place(north, f"Market {i}", aliases=[f"Mercado {i}"], zip="90012", kind="store")
    _place(south, "Harbor Church")
    admin_client.get("/manage/places/")  # warm the session: its first save is not the page's cost
    with django_assert_max_num_queries(8):
        r = admin_client.get("/manage/places/")
    body = r.content.decode()
    assert r.status_code == 200
    assert "Market 29" in body and "Mercado 29" in body and "90012" in body and "Store" in body
    assert "Harbor Church" not in body


def test_it_paginates(admin_client, north):
    for i in range(105):
        _place(north, f"Spot {i:03d}")
    body = admin_client.get("/manage/places/").content.decode()
    assert "Spot 099" in body and "Spot 100" not in body
    assert "Spot 104" in admin_client.get("/manage/places/?page=2").content.decode()


def test_it_creates_a_place(admin_client, north):
    r = admin_client.post("/manage/places/new/", {"name": "Lincoln High", "aliases": "Lincoln\n\nLHS\nLincoln",
                                                  "kind": "school", "lat": "34.07", "lon": "-118.21",
                                                  "zip": "90031"})
    assert r.status_code == 302, r.content.decode()
    p = Place.objects.get(organization=north)
    assert (p.name, p.aliases, p.kind, p.zip) == ("Lincoln High", ["Lincoln", "LHS"], "school", "90031")
    assert abs(p.lat - 34.07) < 1e-9
    assert AuditEntry.objects.filter(organization=north, object_type="place", object_id=str(p.pk)).exists()


def test_it_validates_a_place(admin_client, north):
    for bad in ({"lat": "91"}, {"lon": "-181"}, {"zip": "9003"}, {"name": ""}, {"kind": "castle"}):
        data = {"name": "X", "kind": "other", "lat": "34", "lon": "-118", "zip": "", **bad}
        assert admin_client.post("/manage/places/new/", data).status_code == 200, bad
    assert not Place.objects.exists()


def test_it_edits_and_deletes(admin_client, north):
    p = _place(north, "Old name", zip="90012")
    assert "Old name" in admin_client.get(f"/manage/places/{p.pk}/").content.decode()
    r = admin_client.post(f"/manage/places/{p.pk}/", {"name": "New name", "aliases": "", "kind": "court",
                                                     "lat": "34.1", "lon": "-118.3", "zip": "90013"})
    assert r.status_code == 302
    p = Place.objects.get(pk=p.pk)
    assert (p.name, p.kind, p.zip) == ("New name", "court", "90013")
    assert admin_client.post(f"/manage/places/{p.pk}/delete/").status_code == 302
    assert not Place.objects.filter(pk=p.pk).exists()
    assert AuditEntry.objects.filter(organization=north, object_type="place", action="delete").exists()


def test_it_imports_a_csv(admin_client, north):
    csv = "name,aliases,lat,lon,zip,kind\nCity Hall,Ayuntamiento,34.0537,-118.2427,90012,other\n" \
          "Broken row,,not-a-number,-118,90012,other\n"
    upload = io.BytesIO(csv.encode())
    upload.name = "places.csv"
    r = admin_client.post("/manage/places/import/", {"file": upload})
    assert r.status_code == 200
    body = r.content.decode()
    assert "Places created: 1. Places updated: 0." in body
    assert "Line 3" in body
    assert [p.name for p in Place.objects.filter(organization=north)] == ["City Hall"]
    assert AuditEntry.objects.filter(organization=north, object_type="gazetteer").exists()

    again = io.BytesIO(b"name,aliases,lat,lon,zip,kind\ncity hall,Ayuntamiento|City Hall LA,34.05,-118.24,90012,court\n")
    again.name = "places.csv"
    body = admin_client.post("/manage/places/import/", {"file": again}).content.decode()
    assert "Places created: 0. Places updated: 1." in body
    place = Place.objects.get(organization=north)
    assert place.kind == "court" and place.aliases == ["Ayuntamiento", "City Hall LA"]


def test_it_refuses_an_import_without_a_file(admin_client, north):
    r = admin_client.post("/manage/places/import/", {})
    assert r.status_code == 200
    assert not Place.objects.exists()
