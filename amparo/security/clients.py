"""Who is "this connection", without ever keeping its address.

Throttles need to tell one client from another for a few minutes. They get a
keyed hash of the address (HMAC-SHA256 under a key derived from SECRET_KEY),
never the address itself: an IPv4 address has only 2^32 values, so a plain
hash would be reversed by enumeration; without the key it cannot be. Nothing
here is written to the database; the throttles keep it in the cache for
minutes."""

from __future__ import annotations

import ipaddress

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

KEY_SALT = "amparo.security.clients.client_key"
# One household or phone gets one IPv6 /64: hashing the full address would let
# a client rotate through 2^64 keys.
IPV6_PREFIX = 64


def _address(request: HttpRequest) -> str:
    # allauth's reader honours ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER,
    # so the login throttle and the form/API throttles agree on who the client is.
    from allauth.core.internal.httpkit import (
        get_client_ip,  # allauth's internals load with its apps
    )

    try:
        address = get_client_ip(request)
    except ImproperlyConfigured:  # fewer X-Forwarded-For hops than configured: a forged header
        address = request.META.get("REMOTE_ADDR")
    return address or ""


def _network(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def client_key(request: HttpRequest) -> str:
    """A stable, non-reversible name for the client's connection (32 hex characters)."""
    cached = getattr(request, "_amparo_client_key", None)
    if cached:
        return cached
    digest = salted_hmac(KEY_SALT, _network(_address(request)), algorithm="sha256").hexdigest()[:32]
    key = f"c{digest}"
    request._amparo_client_key = key  # type: ignore[attr-defined]  # cached on the request for the other throttles
    return key
