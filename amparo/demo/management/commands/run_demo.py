"""Run the demo's web server and worker together; Ctrl-C stops both, cleanly.

`make demo` used to start them from the shell with ``trap 'kill 0'``, which
sent SIGTERM to make and both processes while they were already handling the
terminal's Ctrl-C, and the newcomer's first minute ended in "Segmentation
fault". Here each child runs in its own session, so the terminal's Ctrl-C
reaches only this supervisor, which asks each child to stop (SIGINT), waits,
and exits 0.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

STOP_TIMEOUT = 10.0  # seconds each child gets to stop on SIGINT before SIGTERM, then SIGKILL


class Command(BaseCommand):
    help = "Run the web server and the Huey worker of the demo; Ctrl-C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="0.0.0.0:8000", help="address:port of the web server")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = [sys.executable, "manage.py"]
        children = [
            subprocess.Popen([*manage, "run_huey", "--workers", "2", "--worker-type", "thread"],  # noqa: S603
                             start_new_session=True),
            subprocess.Popen([*manage, "runserver", options["addr"]], start_new_session=True),  # noqa: S603
        ]
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(c.poll() is None for c in children):
                time.sleep(0.2)
        finally:
            for child in children:
                _stop(child)
        if not stopping:
            raise SystemExit("the web server or the worker stopped on its own: see the messages above")
        self.stdout.write("Amparo demo stopped.")


def _stop(child: subprocess.Popen[bytes]) -> None:
    """SIGINT to the child's whole group (runserver's autoreloader runs a second process), then harder."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        if child.poll() is not None:
            return
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            continue
