"""The project's settings with texts sent to the bench's fake Twilio on loopback (bench/crash_intake only)."""

import os

from amparo.settings import *  # noqa: F403

TWILIO_API_BASE = os.environ["BENCH_TWILIO_API"]
