#!/usr/bin/env bash
# Vendor the console's browser libraries (htmx, Leaflet) into amparo/static/vendor/.
# Served from our own origin: no CDN, no third-party request from a dispatcher's browser.
# Re-run to upgrade; review the diff and VERSIONS before committing.
set -euo pipefail

HTMX_SPEC="${HTMX_SPEC:-htmx.org@2}"
LEAFLET_SPEC="${LEAFLET_SPEC:-leaflet@1.9}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/amparo/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "$HTMX_SPEC" "$LEAFLET_SPEC" >packed.txt
htmx_tgz="$(grep '^htmx.org-' packed.txt)"
leaflet_tgz="$(grep '^leaflet-' packed.txt)"
mkdir htmx leaflet
tar -xzf "$htmx_tgz" -C htmx
tar -xzf "$leaflet_tgz" -C leaflet

rm -rf "$dest/htmx" "$dest/leaflet"
mkdir -p "$dest/htmx" "$dest/leaflet/images"
cp htmx/package/dist/htmx.min.js "$dest/htmx/"
cp htmx/package/LICENSE "$dest/htmx/LICENSE"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$dest/leaflet/"
cp leaflet/package/dist/images/*.png "$dest/leaflet/images/"
cp leaflet/package/LICENSE "$dest/leaflet/LICENSE"

htmx_version="$(node -p "require('./htmx/package/package.json').version")"
leaflet_version="$(node -p "require('./leaflet/package/package.json').version")"
{
  echo "# Vendored by tools/vendor.sh from the npm registry; do not edit by hand."
  echo "htmx.org $htmx_version $(sha256sum "$dest/htmx/htmx.min.js" | cut -d' ' -f1) htmx/htmx.min.js"
  echo "leaflet $leaflet_version $(sha256sum "$dest/leaflet/leaflet.js" | cut -d' ' -f1) leaflet/leaflet.js"
  echo "leaflet $leaflet_version $(sha256sum "$dest/leaflet/leaflet.css" | cut -d' ' -f1) leaflet/leaflet.css"
} >"$dest/VERSIONS"
echo "vendored htmx.org $htmx_version and leaflet $leaflet_version into $dest"
