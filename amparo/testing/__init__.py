"""Test helpers that are not fixtures of one app (the browser harness)."""
