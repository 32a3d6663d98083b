#!/usr/bin/env bash
# The leads benchmark: release build; 1,000,000 leads seeded into one store over 365 days, on
# SQLite and on PostgreSQL; then 32 connections over loopback on GET /lead-search/ (a 3+
# character query, varied per request) and GET /lead-metrics/overview/. Prints the seed rate,
# requests per second and latency percentiles, and the PostgreSQL query plans (EXPLAIN ANALYZE)
# of the list, search and metric queries on the seeded data.
# Usage: bench/leads.sh [leads, default 1000000] [seconds per run, default 10]
# PostgreSQL: ENID_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/enid_bench_leads;
# the database is dropped and created again). ENID_BENCH_SKIP_POSTGRES=1 runs SQLite only,
# ENID_BENCH_SKIP_SQLITE=1 PostgreSQL only.
set -euo pipefail
cd "$(dirname "$0")/.."
leads=${1:-1000000}
seconds=${2:-10}
port=${ENID_BENCH_PORT:-18086}
pg_url=${ENID_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/enid_bench_leads}

root=$(pwd)
cargo build --release -q -p enid-server --bin enid
cargo build --release -q -p enid-examples --example loadgen
enid=$root/target/release/enid
loadgen=$root/target/release/examples/loadgen
dir=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$dir"' EXIT

export ENID_ADMIN_EMAIL=bench@enid.mx ENID_ADMIN_PASSWORD=bench-password ENID_RATE_LOGIN=off
export ENID_LOG=${ENID_LOG:-warn}

# Names, emails and phone digits the seeded leads contain: common and rare, 3 to 6 characters.
queries='{pick:mar|jose|hernan|gonz|ximena|lopez|5512|33 1|gmail|ortiz|itzel|xochitl|de la|ramon|vazq|fernanda}'

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
    echo "== $name: GET /lead-search/?q=$queries"
    "$loadgen" --url "http://127.0.0.1:$port" --path "/lead-search/?q=$queries" \
        --login bench@enid.mx:bench-password --seconds "$seconds" --pid "$pid"
    echo "== $name: GET /lead-metrics/overview/"
    "$loadgen" --url "http://127.0.0.1:$port" --path /lead-metrics/overview/ \
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
