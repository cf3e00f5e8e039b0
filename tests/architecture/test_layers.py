"""The layers of docs/architecture.md are a contract that fails the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def _contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")["layers"]
    return [m.strip() for layer in layers for m in layer.split("|")]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--no-logo", "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)}, timeout=300)


def test_every_package_has_its_place_in_a_layer():
    listed = set(_contract_layers())
    here = {f"amparo.{p.stem}" for p in (ROOT / "amparo").iterdir()
            if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__")}
    assert here - listed == set(), "add these to the layers contract in pyproject.toml and docs/architecture.md"
    assert listed - here == set(), "the layers contract names packages that do not exist"


def test_the_architecture_document_names_every_package():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    missing = [m for m in _contract_layers() if f"`{m.removeprefix('amparo.')}" not in doc]
    assert not missing, f"docs/architecture.md does not place: {missing}"


def test_an_upward_import_fails_the_build_and_names_both_modules(tmp_path):
    copy = tmp_path / "checkout"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    shutil.copytree(ROOT / "amparo", copy / "amparo",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "locale", "templates"))
    target = copy / "amparo" / "incidents" / "keys.py"
    target.write_text(target.read_text() + "\nfrom amparo.console.queue import queue_lanes  # noqa\n")

    planted = _lint(copy)
    assert planted.returncode != 0, planted.stdout
    assert "amparo.incidents.keys" in planted.stdout and "amparo.console.queue" in planted.stdout

    target.write_text(target.read_text().replace("from amparo.console.queue import queue_lanes  # noqa\n", ""))
    assert _lint(copy).returncode == 0
