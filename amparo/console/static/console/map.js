/* The incident map: Leaflet from our own static files, set up from data-*
   attributes. Tiles only from the URL the network configured; without one,
   markers sit on a plain background and no map server is contacted. */
(function () {
  "use strict";
  var el = document.getElementById("incident-map");
  if (!el || !window.L) { return; }
  var markers;
  try { markers = JSON.parse(el.getAttribute("data-markers") || "[]"); } catch (e) { markers = []; }
  if (!markers.length) { el.hidden = true; return; }

  function text(s) {
    // Leaflet renders attributions and tooltips as HTML: give it escaped text only.
    var div = document.createElement("div");
    div.textContent = s;
    return div.innerHTML;
  }

  var map = L.map(el, { scrollWheelZoom: false, attributionControl: true });
  map.attributionControl.setPrefix(false);
  var tiles = el.getAttribute("data-tile-url");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: text(el.getAttribute("data-attribution") || "") }).addTo(map);
  }
  var bounds = [];
  markers.forEach(function (m) {
    var point = [m.lat, m.lon];
    bounds.push(point);
    var layer = m.approx
      ? L.circle(point, { radius: 800, className: "map-approx" })
      : L.marker(point, { title: m.label, alt: m.label });
    layer.bindTooltip(text(m.label), { permanent: !!m.main, direction: "top" }).addTo(map);
  });
  if (bounds.length === 1) { map.setView(bounds[0], markers[0].approx ? 13 : 16); }
  else { map.fitBounds(bounds, { paddingTopLeft: [30, 50], paddingBottomRight: [30, 20], maxZoom: 16 }); }
})();
