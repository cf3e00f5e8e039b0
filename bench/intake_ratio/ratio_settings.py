"""The project's settings plus one bare view, for bench/intake_ratio only (never deployed)."""

from amparo.settings import *  # noqa: F403

ROOT_URLCONF = "ratio_urls"
