import h3

from amparo.audit.models import AuditEntry
from amparo.orgs.models import Zone

CELL = h3.latlng_to_cell(34.05, -118.25, 8)


def test_it_creates_a_zone(admin_client, north):
    r = admin_client.post("/manage/zones/new/", {"name": "Downtown", "zips": "90012, 90013 90012\n90014",
                                                 "h3_cells": CELL.upper()})
    assert r.status_code == 302
    z = Zone.objects.get(organization=north)
    assert z.zips == ["90012", "90013", "90014"] and z.h3_cells == [CELL]
    assert AuditEntry.objects.filter(organization=north, object_type="zone", object_id=str(z.pk)).exists()


def test_it_validates_zips_and_cells(admin_client, north):
    for data in ({"name": "A", "zips": "9001"}, {"name": "A", "zips": "90012 abcde"},
                 {"name": "A", "h3_cells": "8829a1d753fffff0"}, {"name": "A"}):
        r = admin_client.post("/manage/zones/new/", data)
        assert r.status_code == 200, data
    assert not Zone.objects.exists()


def test_it_edits_and_deletes(admin_client, north, south):
    z = Zone.objects.create(organization=north, name="Downtown", zips=["90012"])
    Zone.objects.create(organization=north, name="Eastside", zips=["90033"])
    Zone.objects.create(organization=south, name="Harbor", zips=["90731"])
    assert "90012" in admin_client.get(f"/manage/zones/{z.pk}/").content.decode()
    r = admin_client.post(f"/manage/zones/{z.pk}/", {"name": "Eastside", "zips": "90012"})
    assert r.status_code == 200  # name taken in this org
    r = admin_client.post(f"/manage/zones/{z.pk}/", {"name": "Harbor", "zips": "90015"})
    assert r.status_code == 302  # another org's name is fine
    z.refresh_from_db()
    assert (z.name, z.zips) == ("Harbor", ["90015"])
    assert admin_client.post(f"/manage/zones/{z.pk}/delete/").status_code == 302
    assert not Zone.objects.filter(pk=z.pk).exists()
