#!/usr/bin/env bash
# Multi-city surge benchmark, end to end through the real commands:
# create_org -> import_places -> import_reports (timed) -> export_incidents -> score.
#   bench/cities/run.sh CITY [SEED]       (KEEP=1 keeps the temporary directory)
# A city's own settings (grid, time zone) come from bench/cities/CITY/org.sh when present.
set -euo pipefail
cd "$(dirname "$0")/../.."
CITY="${1:?city}"
SEED="${2:-1}"
PY=.venv/bin/python
WORK="$(mktemp -d -t amparo-city-XXXXXX)"
if [ "${KEEP:-0}" != "1" ]; then trap 'rm -rf "$WORK"' EXIT; fi
export AMPARO_ENV=development AMPARO_DATA_DIR="$WORK/data" DATABASE_URL="sqlite:///$WORK/data/bench.sqlite3"
export HUEY_IMMEDIATE=1 LOG_LEVEL=WARNING
unset REDIS_URL AMPARO_MASTER_KEYS AMPARO_MASTER_KEYS_FILE
HOTLINE="$($PY -c "import sys; sys.path.insert(0, 'bench/cities'); from generate import load_city; print(load_city('$CITY').HOTLINE)")"
TZ_NAME="$($PY -c "import sys; sys.path.insert(0, 'bench/cities'); from generate import load_city; print(load_city('$CITY').TZ)")"

echo "== generate $CITY (seed $SEED) into $WORK/corpus"
$PY bench/cities/generate.py --city "$CITY" --seed "$SEED" --out "$WORK/corpus"
$PY manage.py migrate --noinput -v0
$PY manage.py create_org --slug "$CITY" --name "$CITY network" --number "$HOTLINE" --time-zone "$TZ_NAME" >/dev/null
if [ -f "bench/cities/$CITY/org.sh" ]; then . "bench/cities/$CITY/org.sh"; fi
$PY manage.py import_places --org "$CITY" "$WORK/corpus/places.csv"
echo "== import_reports"
START=$(date +%s.%N)
$PY manage.py import_reports --org "$CITY" "$WORK/corpus/reports.csv" >/dev/null
END=$(date +%s.%N)
N=$(($(wc -l < "$WORK/corpus/reports.csv") - 1))
echo "import of $N reports: $(echo "$END - $START" | bc) s"
$PY manage.py export_incidents --org "$CITY" --output "$WORK/incidents.jsonl"
$PY bench/surge/score.py --truth "$WORK/corpus/truth.csv" --export "$WORK/incidents.jsonl" ${SCORE_ARGS:-}
if [ "${KEEP:-0}" = "1" ]; then echo; echo "kept: $WORK"; fi
