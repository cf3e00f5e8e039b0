"""The incident map loads its network's tiles, and the CSP allows exactly those."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.utils import timezone

from amparo.incidents.actions import open_incident
from amparo.testing.browser import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A 1x1 PNG: every tile the map asks for.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


class _Tiles(BaseHTTPRequestHandler):
    served: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Tiles.served.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tile_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Tiles.served.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_incident_map_loads_its_tiles_with_no_csp_violation(page, live_server, settings, north, dispatcher,
                                                                 tile_server):
    settings.AMPARO_TILES_ALLOW_HTTP_LOOPBACK = True
    cache.clear()
    north.map_tile_url = tile_server + "/{z}/{x}/{y}.png"
    north.map_attribution = "Local test tiles"
    north.save(update_fields=["map_tile_url", "map_attribution"])
    incident = open_incident(north.pk, kind="event", at=timezone.now(), zip="90033", geo_precision="zip")
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "(window.__csp = (window.__csp || []).concat([e.blockedURI])))")
    log_in(page, live_server, dispatcher)
    page.goto(f"{live_server.url}/console/incidents/{incident.pk}/")
    page.locator("#incident-map img.leaflet-tile-loaded").first.wait_for(timeout=10_000)
    loaded = page.locator("#incident-map img.leaflet-tile-loaded").count()
    screenshot(page, "incident-map-tiles")
    assert loaded >= 1 and _Tiles.served
    assert violations == []
    assert page.evaluate("window.__csp || []") == []
