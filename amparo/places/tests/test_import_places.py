from __future__ import annotations

import io

import h3
import pytest
from django.core.management import CommandError, call_command

from amparo.orgs.models import Organization
from amparo.places.actions import PlaceError, create_place, import_places, update_place
from amparo.places.models import Place

GOOD = """name,aliases,lat,lon,zip,kind
Mariachi Plaza,Plaza del Mariachi|1st y Boyle,34.0472,-118.2194,90033,other
Escuela Roosevelt,Roosevelt High|Cesar Chavez y Soto,34.0407,-118.2108,90033,School
Iglesia Dolores,,34.0417,-118.2313,,church
"""

BAD = """name,aliases,lat,lon,zip,kind
Mariachi Plaza,,34.0472,-118.2194,90033,other
Nowhere,,abc,-118.2,,other
Too North,,95,-118.2,,other
Bad Kind,,34.0,-118.2,,castle
Bad Zip,,34.0,-118.2,00000,store
,,34.0,-118.2,,store
"""


def _version(org) -> int:
    return Organization.objects.get(pk=org.pk).gazetteer_version


def test_it_imports_a_good_file(north) -> None:
    result = import_places(north, io.StringIO(GOOD))
    assert (result.created, result.updated, result.errors) == (3, 0, [])
    places = {p.name: p for p in Place.objects.filter(organization=north)}
    plaza = places["Mariachi Plaza"]
    assert plaza.aliases == ["Plaza del Mariachi", "1st y Boyle"]
    assert (plaza.lat, plaza.lon, plaza.zip, plaza.kind) == (34.0472, -118.2194, "90033", "other")
    assert plaza.h3_r8 == h3.latlng_to_cell(34.0472, -118.2194, 8)
    assert places["Escuela Roosevelt"].kind == "school"
    assert places["Iglesia Dolores"].zip == ""
    assert _version(north) == 1


def test_it_reimports_idempotently(north) -> None:
    import_places(north, io.BytesIO(("\ufeff" + GOOD).encode()))
    changed = GOOD.replace("34.0472", "34.0475").replace("Mariachi Plaza", "mariachi plaza")
    result = import_places(north, io.StringIO(changed))
    assert (result.created, result.updated, result.errors) == (0, 3, [])
    assert Place.objects.filter(organization=north).count() == 3
    assert {p.lat for p in Place.objects.filter(organization=north)} >= {34.0475}


def test_it_reports_bad_rows_and_keeps_good_ones(north) -> None:
    result = import_places(north, io.StringIO(BAD))
    assert (result.created, result.updated) == (1, 0)
    assert len(result.errors) == 5
    assert result.errors[0].startswith("Line 3:") and "abc" in result.errors[0]
    assert "Line 4:" in result.errors[1] and "range" in result.errors[1]
    assert "castle" in result.errors[2]
    assert "00000" in result.errors[3]
    assert "Line 7:" in result.errors[4]


def test_it_rejects_a_file_without_the_columns(north) -> None:
    result = import_places(north, io.StringIO("title,where\nx,y\n"))
    assert (result.created, result.updated) == (0, 0)
    assert "name" in result.errors[0] and "lat" in result.errors[0]
    assert _version(north) == 0


def test_it_leaves_the_outsider_organization_untouched(north, south, outsider) -> None:
    create_place(south, name="Mariachi Plaza", aliases=["south alias"], lat=1.0, lon=2.0)
    version = _version(south)
    import_places(north, io.StringIO(GOOD))
    (south_place,) = Place.objects.filter(organization=south)
    assert (south_place.aliases, south_place.lat) == (["south alias"], 1.0)
    assert _version(south) == version
    assert Place.objects.filter(organization=north).count() == 3


def test_it_validates_direct_calls(north) -> None:
    with pytest.raises(PlaceError):
        create_place(north, name="X", aliases=[], lat=float("nan"), lon=0)
    place = create_place(north, name="X", aliases="a|b", lat=1, lon=2)
    assert place.aliases == ["a", "b"]
    with pytest.raises(PlaceError):
        update_place(place, kind="castle")
    update_place(place, lat=34.05, lon=-118.25)
    place.refresh_from_db()
    assert (place.lat, place.h3_r8) == (34.05, h3.latlng_to_cell(34.05, -118.25, 8))
    assert _version(north) == 2


def test_it_runs_the_command(north, tmp_path) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD)
    bad.write_text("name,lat,lon\nNowhere,abc,1\n")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_places", "--org", "north", str(good), stdout=out, stderr=err)
    assert "created: 3, updated: 0, errors: 0" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import_places", "--org", "north", str(bad), stdout=out, stderr=err)
    assert "Line 2:" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("import_places", "--org", "nope", str(good), stdout=out, stderr=err)
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(BAD)
    call_command("import_places", "--org", "north", str(mixed), stdout=out, stderr=err)
    assert "updated: 1, errors: 5" in out.getvalue()
