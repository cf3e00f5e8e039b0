"""The access log never keeps a link that opens something by itself."""

from __future__ import annotations

import logging

import pytest

from amparo.core.logging import StripClientInfo


@pytest.mark.parametrize("path", [
    "/verification/o/eyJvIjoxfQ:1xYWoJ:fr7Qf4T5KTBMopbpzz4mtePKauwcMZg4HmMELPzrGZA/scene/",
    "/verification/o/eyJvIjoxfQ:1xYWoJ:fr7Qf4T5KTBMopbpzz4mtePKauwcMZg4HmMELPzrGZA/",
    "/accounts/invite/Zm9vYmFyYmF6cXV4/",
    "/accounts/password/reset/key/3-abc123-def456/",
])
def test_a_secret_link_is_logged_without_its_token(path):
    # django.server logs '"GET <path> HTTP/1.1" 200 123' with the request line as an argument.
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                               (f"GET {path}?m=ok HTTP/1.1", "200", "123"), None)
    StripClientInfo().filter(record)
    message = record.getMessage()
    secret = path.rstrip("/").split("/")[3 if path.startswith("/verification") else -1]
    assert "[token]" in message and secret not in message
    assert message.startswith('"GET /')


def test_ordinary_paths_are_left_alone():
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                               ("GET /console/incidents/7/ HTTP/1.1", "200", "9"), None)
    StripClientInfo().filter(record)
    assert record.getMessage() == '"GET /console/incidents/7/ HTTP/1.1" 200 9'
