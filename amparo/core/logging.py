"""Log records never carry a client address, a user agent or a secret link.

Django attaches the request to some records (django.request, django.server);
formatters or third-party handlers could print it. We drop the attribute and
scrub anything that looks like an IP address from the message, and the
token of every link that is a credential by itself (a responder's signed
offer link, an invitation, a password-reset key): whoever reads the access
log must not be able to open them."""

from __future__ import annotations

import logging
import re

IPV4 = re.compile(r"\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b")
IPV6 = re.compile(r"\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\b")
SECRET_LINKS = re.compile(r"(/verification/o/|/accounts/invite/|/accounts/password/reset/key/)[^/\s\"'?]+")


def scrub(message: str) -> str:
    message = SECRET_LINKS.sub(r"\1[token]", message)
    return IPV6.sub("[addr]", IPV4.sub("[addr]", message))


class StripClientInfo(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for attr in ("request", "server_time"):
            if hasattr(record, attr) and attr == "request":
                record.request = None
        msg = record.getMessage()
        scrubbed = scrub(msg)
        if scrubbed != msg:
            record.msg = scrubbed
            record.args = ()
        return True
