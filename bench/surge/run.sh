#!/usr/bin/env bash
# Surge benchmark: generate a corpus, import it into a fresh SQLite database,
# export the incidents and score correlation against the truth.
#   bench/surge/run.sh [SEED]          (KEEP=1 keeps the temporary directory)
# Extra generator flags go in GEN_ARGS, e.g. GEN_ARGS="--events 200".
set -euo pipefail
cd "$(dirname "$0")/../.."
SEED="${1:-1}"
PY=.venv/bin/python
WORK="$(mktemp -d -t amparo-surge-XXXXXX)"
if [ "${KEEP:-0}" != "1" ]; then trap 'rm -rf "$WORK"' EXIT; fi

# A database of its own: nothing touches var/ or a configured DATABASE_URL.
export AMPARO_ENV=development AMPARO_DATA_DIR="$WORK/data" DATABASE_URL="sqlite:///$WORK/data/bench.sqlite3"
export HUEY_IMMEDIATE=1 LOG_LEVEL=WARNING BENCH_ORG=bench
unset REDIS_URL AMPARO_MASTER_KEYS AMPARO_MASTER_KEYS_FILE

echo "== generate (seed $SEED) into $WORK/corpus"
$PY bench/surge/generate.py --seed "$SEED" --out "$WORK/corpus" ${GEN_ARGS:-}
echo "== migrate"
$PY manage.py migrate --noinput -v0
echo "== organization"
$PY manage.py shell -c "exec(open('bench/surge/setup_org.py').read())"
echo "== import_places"
$PY manage.py import_places --org bench "$WORK/corpus/places.csv"
echo "== import_reports"
time $PY manage.py import_reports --org bench "$WORK/corpus/reports.csv"
echo "== export_incidents"
$PY manage.py export_incidents --org bench --output "$WORK/incidents.jsonl"
echo "== score"
$PY bench/surge/score.py --truth "$WORK/corpus/truth.csv" --export "$WORK/incidents.jsonl"
if [ "${KEEP:-0}" = "1" ]; then echo; echo "kept: $WORK"; fi
