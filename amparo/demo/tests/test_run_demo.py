"""`make demo`'s last step: the web server and the worker run together and a
Ctrl-C stops both cleanly (no crash message for a newcomer)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_ctrl_c_stops_the_web_server_and_the_worker_cleanly(tmp_path):
    port = _free_port()
    env = {**os.environ, "AMPARO_DATA_DIR": str(tmp_path), "HUEY_IMMEDIATE": "0", "DJANGO_SETTINGS_MODULE": "amparo.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True,
                   timeout=300)
    demo = subprocess.Popen([sys.executable, "manage.py", "run_demo", "--addr", f"127.0.0.1:{port}"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
                    assert r.status == 200
                    break
            except OSError:
                assert demo.poll() is None, demo.stdout.read().decode() if demo.stdout else ""
                assert time.monotonic() < deadline, "the demo server did not start"
                time.sleep(0.3)
        demo.send_signal(signal.SIGINT)  # what the terminal sends on Ctrl-C
        out, _ = demo.communicate(timeout=40)
    finally:
        if demo.poll() is None:
            demo.kill()
    text = out.decode(errors="replace")
    assert demo.returncode == 0, text
    assert "Segmentation fault" not in text and "Traceback" not in text
    assert "Amparo demo stopped." in text
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # the web server is gone too
