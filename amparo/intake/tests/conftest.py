"""Fixtures shared with verification's tests: the responders' words need a crew."""

from amparo.verification.tests.conftest import crew  # noqa: F401  (a fixture)
