#!/usr/bin/env bash
# The leads benchmark: release build; 1,000,000 leads seeded into one store over 365 days, on
# SQLite and on PostgreSQL; then 32 connections over loopback on:
#   GET /lead-search/?q=ana          one common query (the row of bench/scale.sh, at this scale)
#   GET /lead-search/?q=             a 3+ character query varied per request, common and rare
#   the same while a second load (8 connections) posts lead intakes: each write moves the
#   store's lead revision, so most searches miss the cache and run their statements
#   GET /lead-metrics/overview/
# Searches and metrics are cached under the store's lead revision while no lead is written, so
# the first two rows and the overview mostly hit the cache. Prints the seed rate, requests per
# second and latency percentiles (p50, p99), and the PostgreSQL query plans (EXPLAIN ANALYZE)
# of the list, search and metric queries on the seeded data.
# Usage: bench/leads.sh [leads, default 1000000] [seconds per run, default 10]
# PostgreSQL: ENID_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/enid_bench_leads;
# the database is dropped and created again). ENID_BENCH_SKIP_POSTGRES=1 runs SQLite only,
# ENID_BENCH_SKIP_SQLITE=1 PostgreSQL only. Binaries go where cargo puts them (CARGO_TARGET_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
leads=${1:-1000000}
seconds=${2:-10}
port=${ENID_BENCH_PORT:-18086}
pg_url=${ENID_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/enid_bench_leads}

root=$(pwd)
cargo build --release -q -p enid-server --bin enid
cargo build --release -q -p enid-examples --example loadgen
release=${CARGO_TARGET_DIR:-$root/target}/release
enid=$release/enid
loadgen=$release/examples/loadgen
dir=$(mktemp -d)
pid=
writer_pid=
stop() {
    for p in $writer_pid $pid; do kill "$p" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap stop EXIT

export ENID_ADMIN_EMAIL=bench@enid.mx ENID_ADMIN_PASSWORD=bench-password ENID_RATE_LOGIN=off
# The intakes written during a search run are not held to the per-IP limit of anonymous writes.
export ENID_RATE_PUBLIC_WRITE=off
export ENID_LOG=${ENID_LOG:-warn}

# Names, emails and phone digits the seeded leads contain: common and rare, 3 to 6 characters.
queries='{pick:mar|jose|hernan|gonz|ximena|lopez|5512|33 1|gmail|ortiz|itzel|xochitl|de la|ramon|vazq|fernanda}'
intake='{"name": "Ana {pick:López|Pérez|Ortiz}", "email": "ana{rand:200000}@example.mx",
 "phone_number": "55 1234 {pick:5678|9012|3456}", "lead_type": {pick:1|2|3}}'

run_backend() {
    local name=$1 url=$2
    echo "== $name: seeding $leads leads"
    DATABASE_URL=$url "$enid" seed leads --count "$leads" --days 365
    if [[ $url == postgres* ]]; then
        psql "$url" -q -c 'VACUUM ANALYZE'
    fi
    (cd "$dir" && DATABASE_URL=$url exec "$enid" --bind "127.0.0.1:$port" >"$dir/server-$name.log" 2>&1) &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$dir/server-$name.log"; exit 1; }
        sleep 0.05
    done
    local base="http://127.0.0.1:$port"
    echo "== $name: GET /lead-search/?q=ana"
    "$loadgen" --url "$base" --path "/lead-search/?q=ana" \
        --login bench@enid.mx:bench-password --seconds "$seconds" --pid "$pid"
    echo "== $name: GET /lead-search/?q=$queries"
    "$loadgen" --url "$base" --path "/lead-search/?q=$queries" \
        --login bench@enid.mx:bench-password --seconds "$seconds" --pid "$pid"
    "$loadgen" --url "$base" --method POST --path /lead/existence/ --body "$intake" \
        --connections 8 --seconds $((seconds + 4)) --warmup-seconds 0 >"$dir/writer-$name.txt" &
    writer_pid=$!
    echo "== $name: GET /lead-search/?q=$queries while leads are written (8 connections)"
    "$loadgen" --url "$base" --path "/lead-search/?q=$queries" \
        --login bench@enid.mx:bench-password --seconds "$seconds" --pid "$pid"
    wait "$writer_pid"
    writer_pid=
    awk '/^requests\/s:/ { printf "(lead intakes written meanwhile: %s req/s)\n", $2 }' "$dir/writer-$name.txt"
    echo "== $name: GET /lead-metrics/overview/"
    "$loadgen" --url "$base" --path /lead-metrics/overview/ \
        --login bench@enid.mx:bench-password --seconds "$seconds" --pid "$pid"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ${ENID_BENCH_SKIP_SQLITE:-0} != 1 ]]; then
    run_backend sqlite "sqlite://$dir/enid.db"
fi

if [[ ${ENID_BENCH_SKIP_POSTGRES:-0} != 1 ]]; then
    admin_url=${pg_url%/*}/postgres
    db=${pg_url##*/}
    psql "$admin_url" -q -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
    run_backend postgres "$pg_url"
    echo "== postgres: query plans"
    today=$(date -u +%F)
    # As Enid runs them: without JIT.
    PGOPTIONS="-c jit=off" psql "$pg_url" -q <<SQL
\\echo -- list: newest first, one page
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT l.id FROM leads l JOIN lead_types t ON t.store_id = l.store_id AND t.id = l.lead_type_id
  WHERE l.store_id = 1 ORDER BY l.created_at DESC, l.id DESC LIMIT 50 OFFSET 0;
\\echo -- list: count with a status filter (from the tallies)
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT COALESCE(SUM(leads), 0)::bigint FROM lead_daily_tallies
  WHERE store_id = 1 AND status = 'converted';
\\echo -- list: count with a date range
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT COUNT(*) FROM leads l WHERE l.store_id = 1
  AND l.created_at >= now() - interval '30 days';
\\echo -- list: a type and a date range
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT l.id FROM leads l WHERE l.store_id = 1 AND l.lead_type_id = 2
  AND l.created_at >= now() - interval '30 days' ORDER BY l.created_at DESC, l.id DESC LIMIT 50;
\\echo -- search: exact email
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT l.id FROM leads l WHERE l.store_id = 1 AND lower(btrim(l.email)) = 'ximena.lopez12@gmail.com'
  ORDER BY l.created_at DESC, l.id DESC LIMIT 30;
\\echo -- search: a rare text (trigram index)
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT l.id FROM leads l WHERE l.store_id = 1
  AND (l.search_name LIKE '%xochitl vaz%' OR l.email LIKE '%xochitl vaz%' OR l.phone_digits LIKE NULL)
  ORDER BY l.created_at DESC, l.id DESC LIMIT 30;
\\echo -- search: a common text (newest first)
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT l.id FROM leads l WHERE l.store_id = 1
  AND (l.search_name LIKE '%mar%' OR l.email LIKE '%mar%' OR l.phone_digits LIKE NULL)
  ORDER BY l.created_at DESC, l.id DESC LIMIT 30;
\\echo -- search: phone digits
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT l.id FROM leads l WHERE l.store_id = 1
  AND (l.search_name LIKE '%55 1234%' OR l.email LIKE '%55 1234%' OR l.phone_digits LIKE '%551234%')
  ORDER BY l.created_at DESC, l.id DESC LIMIT 30;
\\echo -- metrics: overview
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT COALESCE(SUM(leads), 0)::bigint,
  COALESCE(SUM(leads) FILTER (WHERE day >= '$today'::date), 0)::bigint,
  COALESCE(SUM(leads) FILTER (WHERE day >= '$today'::date - 6), 0)::bigint,
  COALESCE(SUM(leads) FILTER (WHERE day >= '$today'::date - 29), 0)::bigint,
  COALESCE(SUM(leads) FILTER (WHERE status = 'converted'), 0)::bigint
  FROM lead_daily_tallies WHERE store_id = 1;
\\echo -- metrics: by status / funnel
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT status, SUM(leads)::bigint FROM lead_daily_tallies WHERE store_id = 1 GROUP BY status HAVING SUM(leads) > 0;
\\echo -- metrics: by type
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT t.id, COALESCE((SELECT SUM(d.leads) FROM lead_daily_tallies d
  WHERE d.store_id = t.store_id AND d.lead_type_id = t.id), 0)::bigint FROM lead_types t WHERE t.store_id = 1 ORDER BY t.id;
\\echo -- metrics: trends and daily metrics (created per day and status)
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT day, status, SUM(leads)::bigint FROM lead_daily_tallies
  WHERE store_id = 1 AND day >= '$today'::date - 364 GROUP BY day, status HAVING SUM(leads) > 0;
\\echo -- metrics: trends (converted per day)
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT (converted_at AT TIME ZONE 'UTC')::date AS day, COUNT(*) FROM leads
  WHERE store_id = 1 AND converted_at >= '$today'::date - 29 GROUP BY day;
\\echo -- metrics: recent activity
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT l.id FROM leads l WHERE l.store_id = 1 ORDER BY l.created_at DESC, l.id DESC LIMIT 10;
SQL
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
