"""A small invented city's surge, end to end through the real commands (issue 11):
create_org, the network's place settings, import_places, import_reports, export_incidents,
scored the way bench/surge/score.py scores a surge."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from amparo.orgs.models import Organization

HERE = Path(__file__).resolve().parent / "fixtures" / "riverton"
SCORE = Path(__file__).resolve().parents[3] / "bench" / "surge" / "score.py"


def _score_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_score", SCORE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_a_small_city_surge_end_to_end(tmp_path):
    call_command("create_org", slug="riverton", name="Riverton", number="+17735550100",
                 time_zone="America/Chicago", stdout=open("/dev/null", "w"))
    Organization.objects.filter(slug="riverton").update(address_grid=[{"direction": "S", "every": 100}])
    call_command("import_places", "--org", "riverton", str(HERE / "places.csv"), stdout=open("/dev/null", "w"))
    call_command("import_reports", "--org", "riverton", str(HERE / "reports.csv"), stdout=open("/dev/null", "w"))
    out = tmp_path / "incidents.jsonl"
    call_command("export_incidents", "--org", "riverton", "--output", str(out), stdout=open("/dev/null", "w"))

    score = _score_module()
    truth, _bodies, group_of, group_kind = score.load(HERE / "truth.csv", out)
    events = {pid: t["event_id"] for pid, t in truth.items() if t["kind"] == "event"}
    lanes_apart = {pid: (f"lane:{pid}" if group_kind[g] in ("vague", "flood") else g) for pid, g in group_of.items()}
    precision, recall, *_ = score.pairwise(lanes_apart, events)
    assert precision == 1.0  # the two Builders Barns, the same hour, never merged
    assert recall >= 0.9, recall
    # No rumor became an event incident; the chain letter is one flood group, not an incident.
    assert all(group_kind[group_of[pid]] != "event" for pid, t in truth.items() if t["kind"] == "vague")
    flood_groups = {group_of[pid] for pid, t in truth.items() if t["kind"] == "flood"}
    assert len(flood_groups) <= 2 and all(group_kind[g] != "event" for g in flood_groups)
    assert json.loads(out.read_text().splitlines()[0])
