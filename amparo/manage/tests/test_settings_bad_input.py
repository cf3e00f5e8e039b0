"""/manage/settings/ and /manage/zones/: unreadable values are form errors, never a 500 (found by the crawl probe)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("value", ["9" * 4400, "[" * 50000, '{"hd": ' + "1" * 5000 + "}"])
def test_unreadable_json_is_a_form_error(admin_client, north, value):
    page = admin_client.get("/manage/settings/").content.decode()
    assert 'name="place_abbreviations"' in page
    r = admin_client.post("/manage/settings/", {"place_abbreviations": value, "address_grid": value})
    assert r.status_code == 200 and "Enter a valid JSON." in r.content.decode()


@pytest.mark.parametrize("cell", ["-1", "9" * 30, "²"])
def test_a_number_that_is_no_h3_cell_is_a_form_error(admin_client, north, cell):
    r = admin_client.post("/manage/zones/new/", {"name": "Zone", "zips": "", "h3_cells": cell})
    assert r.status_code == 200 and "Not H3 cells" in r.content.decode()
