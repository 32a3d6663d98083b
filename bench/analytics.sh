#!/usr/bin/env bash
# The page analytics benchmark: release build; 2,000,000 page accesses seeded into one store over
# 30 days (`enid seed page-analytics`, which reports its rows/s; every write keeps the day
# rollups, so nothing is computed afterwards), on SQLite and then on PostgreSQL; then 32
# connections over loopback:
#   GET  /page-analytics/page-access/summary/?days=30   latency at 32 connections and at 1 (cached),
#        right after a write (uncached, 30 requests), and while a second load writes page views
#        at 8 connections, so every summary is computed afresh (target p50 < 100 ms)
#   POST /page-analytics/page-access/                   one event per request (target ≥ 5,000 req/s
#        on SQLite)
#   POST /page-analytics/page-access/batch/             500 events per request (target ≥ 50,000
#        events/s on SQLite)
# and the query plans of every list and metric query (SQLite through the sqlite3 shell when
# installed — its version may plan differently from the bundled one — and PostgreSQL with
# EXPLAIN ANALYZE).
# Usage: bench/analytics.sh [page accesses, default 2000000] [seconds per run, default 10]
# PostgreSQL: ENID_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/enid_bench_analytics;
# the database is dropped and created again). ENID_BENCH_SKIP_POSTGRES=1 runs SQLite only,
# ENID_BENCH_SKIP_SQLITE=1 PostgreSQL only. Binaries go where cargo puts them (CARGO_TARGET_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000000}
seconds=${2:-10}
port=${ENID_BENCH_PORT:-18087}
pg_url=${ENID_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/enid_bench_analytics}

root=$(pwd)
cargo build --release -q -p enid-server --bin enid
cargo build --release -q -p enid-examples --example loadgen
release=${CARGO_TARGET_DIR:-$root/target}/release
enid=$release/enid
loadgen=$release/examples/loadgen
dir=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$dir"' EXIT

export ENID_ADMIN_EMAIL=bench@enid.mx ENID_ADMIN_PASSWORD=bench-password ENID_RATE_LOGIN=off
# The benchmark measures throughput, not the per-IP limit of anonymous writes.
export ENID_RATE_PUBLIC_WRITE=off
export ENID_LOG=${ENID_LOG:-warn}
login=bench@enid.mx:bench-password

# One page view as a shop page sends it, varied per request.
event='{"page_url": "/productos/{pick:kettlebell-16kg|tapete-yoga-6mm|caminadora-plegable-12kmh|banco-ajustable-plegable}/",
 "page_title": "Producto", "section": "{pick:detalle-producto|galeria|resenas}", "session_id": "bench-{rand:200000}",
 "device_type": "{pick:mobile|desktop|tablet}", "browser": "{pick:Chrome|Safari|Edge}", "os": "Android",
 "referrer": "https://www.google.com.mx/", "time_on_page": {rand:300}, "scroll_depth": {rand:100},
 "interactions": {rand:10}, "metadata": {"event_type": "product_view", "load_time_ms": {rand:4000}}}'
# 500 events of 100 sessions (190 KB: too long for a command-line argument, so a file).
batch=$dir/batch.json
python3 - >"$batch" <<'PY'
import json
events = [{
    "page_url": f"/productos/producto-{i % 40}/",
    "page_title": "Producto",
    "section": ["detalle-producto", "galeria", "resenas"][i % 3],
    "session_id": f"bench-batch-{i // 5}",
    "device_type": ["mobile", "desktop", "tablet"][i % 3],
    "browser": ["Chrome", "Safari", "Edge"][i % 3],
    "os": "Android",
    "referrer": "https://www.google.com.mx/",
    "utm_source": "google",
    "time_on_page": 10 + i % 200,
    "scroll_depth": i % 101,
    "interactions": i % 7,
    "metadata": {"event_type": "product_view", "load_time_ms": 500 + i * 3.5},
} for i in range(500)]
print(json.dumps({"events": events}))
PY

token() {
    curl -fs "http://127.0.0.1:$port/login/" -H 'content-type: application/json' \
        -d '{"email": "bench@enid.mx", "password": "bench-password"}' |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

run_backend() {
    local name=$1 url=$2
    export DATABASE_URL=$url
    echo "== $name: seeding $count page accesses over 30 days"
    "$enid" seed page-analytics --count "$count" --days 30
    if [[ $url == postgres* ]]; then
        psql "$url" -q -c 'VACUUM ANALYZE'
    fi
    (cd "$dir" && exec "$enid" --bind "127.0.0.1:$port" >"$dir/server-$name.log" 2>&1) &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$dir/server-$name.log"; exit 1; }
        sleep 0.05
    done
    local base="http://127.0.0.1:$port"
    echo "== $name: GET /page-analytics/page-access/summary/?days=30, 32 connections"
    "$loadgen" --url "$base" --path "/page-analytics/page-access/summary/?days=30" \
        --login "$login" --seconds "$seconds" --pid "$pid"
    echo "== $name: the same, 1 connection"
    "$loadgen" --url "$base" --path "/page-analytics/page-access/summary/?days=30" \
        --login "$login" --seconds "$seconds" --connections 1
    # Without writes the runs above are answered from the cache (keyed by the data's revision);
    # a page view before each request makes every summary a fresh computation.
    echo "== $name: summary right after a page view (uncached), 30 requests"
    local access
    access=$(token)
    for i in $(seq 30); do
        curl -fs -o /dev/null "$base/page-analytics/page-access/" \
            -H 'content-type: application/json' -d '{"page_url": "/", "session_id": "uncached-'"$i"'"}'
        curl -fs -o /dev/null -w '%{time_total}\n' "$base/page-analytics/page-access/summary/?days=30" \
            -H "authorization: Bearer $access"
    done | sort -n | awk '{ t[NR] = $1 * 1000 } END {
        printf "latency ms: p50 %.2f  p90 %.2f  max %.2f\n", t[int(NR * 0.5)], t[int(NR * 0.9)], t[NR] }'
    echo "== $name: summary (32 connections) while page views are written (8 connections)"
    "$loadgen" --url "$base" --method POST --path /page-analytics/page-access/ --body "$event" \
        --seconds "$seconds" --connections 8 >"$dir/writes-$name.txt" &
    local writer=$!
    "$loadgen" --url "$base" --path "/page-analytics/page-access/summary/?days=30" \
        --login "$login" --seconds "$seconds" --pid "$pid"
    wait "$writer"
    echo "-- the page views written meanwhile:"
    cat "$dir/writes-$name.txt"
    echo "== $name: POST /page-analytics/page-access/ (one event per request)"
    "$loadgen" --url "$base" --method POST --path /page-analytics/page-access/ --body "$event" \
        --seconds "$seconds" --pid "$pid"
    echo "== $name: POST /page-analytics/page-access/batch/ (500 events per request)"
    "$loadgen" --url "$base" --method POST --path /page-analytics/page-access/batch/ --body-file "$batch" \
        --seconds "$seconds" --pid "$pid" | tee "$dir/batch-$name.txt"
    awk '/^requests\/s:/ { printf "events/s: %.0f\n", $2 * 500 }' "$dir/batch-$name.txt"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
}

today=$(date -u +%F)
first=$(date -u -d '29 days ago' +%F)
tomorrow=$(date -u -d tomorrow +%F)

sqlite_plans() {
    local db=$1
    if ! command -v sqlite3 >/dev/null; then
        echo "(no sqlite3 shell: SQLite plans skipped)"
        return
    fi
    local start="${first}T00:00:00.000000Z" end="${tomorrow}T00:00:00.000000Z"
    echo "== sqlite: query plans (sqlite3 shell $(sqlite3 --version | cut -d' ' -f1))"
    sqlite3 "$db" <<SQL
.print -- summary: the days' sums
EXPLAIN QUERY PLAN SELECT SUM(views), SUM(sessions), SUM(purchases) FROM page_access_days WHERE store_id = 1 AND day >= '$first' AND day <= '$today';
.print -- summary: sessions seen on several days of the window
EXPLAIN QUERY PLAN SELECT COUNT(*), SUM(views = 1) FROM page_access_session_days WHERE store_id = 1 AND multi_day = 1 AND day >= '$first' AND day <= '$today' GROUP BY session_id HAVING COUNT(*) > 1;
.print -- summary: top pages, sections, devices, browsers
EXPLAIN QUERY PLAN SELECT dimension, value, SUM(views) FROM page_access_day_values WHERE store_id = 1 AND dimension IN ('page', 'section', 'device', 'browser') AND day >= '$first' AND day <= '$today' GROUP BY dimension, value HAVING SUM(views) > 0;
.print -- sections and performance: ranking
EXPLAIN QUERY PLAN SELECT value, SUM(views) AS views FROM page_access_day_values WHERE store_id = 1 AND dimension = 'section' AND day >= '$first' AND day <= '$today' GROUP BY value HAVING SUM(views) > 0 ORDER BY views DESC, value LIMIT 50;
.print -- performance: one URL's totals and percentiles
EXPLAIN QUERY PLAN SELECT COUNT(*), COUNT(DISTINCT NULLIF(session_id, '')), SUM(load_time_us) FROM page_accesses WHERE store_id = 1 AND page_url = '/' AND created_at >= '$start' AND created_at < '$end';
EXPLAIN QUERY PLAN SELECT load_time_us, ROW_NUMBER() OVER (ORDER BY load_time_us) FROM page_accesses WHERE store_id = 1 AND page_url = '/' AND created_at >= '$start' AND created_at < '$end' AND load_time_us IS NOT NULL;
.print -- list: newest first / by URL / by section since / by session
EXPLAIN QUERY PLAN SELECT id FROM page_accesses WHERE store_id = 1 ORDER BY created_at DESC, id DESC LIMIT 50;
EXPLAIN QUERY PLAN SELECT id FROM page_accesses WHERE store_id = 1 AND page_url = '/carrito/' ORDER BY created_at DESC, id DESC LIMIT 50;
EXPLAIN QUERY PLAN SELECT id FROM page_accesses WHERE store_id = 1 AND section = 'hero' AND created_at >= '$start' ORDER BY created_at DESC, id DESC LIMIT 50;
EXPLAIN QUERY PLAN SELECT id FROM page_accesses WHERE store_id = 1 AND session_id = 'x' ORDER BY created_at DESC, id DESC LIMIT 50;
.print -- journeys: analytics and list
EXPLAIN QUERY PLAN SELECT COUNT(*), SUM(total_pages), SUM(total_time) FROM user_journeys WHERE store_id = 1 AND started_at >= '$start' AND started_at < '$end';
EXPLAIN QUERY PLAN SELECT entry_page, COUNT(*) AS n FROM user_journeys WHERE store_id = 1 AND started_at >= '$start' AND started_at < '$end' AND entry_page <> '' GROUP BY entry_page ORDER BY n DESC, entry_page LIMIT 10;
EXPLAIN QUERY PLAN SELECT id FROM user_journeys WHERE store_id = 1 ORDER BY started_at DESC, id DESC LIMIT 50;
.print -- page performance rows, sections
EXPLAIN QUERY PLAN SELECT id FROM page_performance WHERE store_id = 1 AND date >= '$first' AND date <= '$today' ORDER BY date DESC, page_url LIMIT 50;
EXPLAIN QUERY PLAN SELECT id FROM page_sections WHERE store_id = 1 ORDER BY priority, name, id LIMIT 50;
SQL
}

postgres_plans() {
    local url=$1
    echo "== postgres: query plans"
    # As Enid runs them: without JIT.
    PGOPTIONS="-c jit=off" psql "$url" -q <<SQL
\\echo -- summary: the days' sums and the sessions seen on several days of the window
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) WITH spanning AS (SELECT COUNT(*) AS parts FROM page_access_session_days
  WHERE store_id = 1 AND multi_day AND day >= '$first' AND day <= '$today' GROUP BY session_id HAVING COUNT(*) > 1)
 SELECT SUM(views), SUM(sessions) - (SELECT COALESCE(SUM(parts - 1), 0) FROM spanning) FROM page_access_days
 WHERE store_id = 1 AND day >= '$first' AND day <= '$today';
\\echo -- summary: top pages, sections, devices, browsers
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT dimension, value, SUM(views) FROM page_access_day_values
 WHERE store_id = 1 AND dimension IN ('page', 'section', 'device', 'browser') AND day >= '$first' AND day <= '$today'
 GROUP BY dimension, value HAVING SUM(views) > 0;
\\echo -- performance: the URLs of a page
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT page_url, COUNT(*), COUNT(DISTINCT NULLIF(session_id, '')),
  percentile_disc(0.75) WITHIN GROUP (ORDER BY load_time_us), percentile_disc(0.95) WITHIN GROUP (ORDER BY load_time_us)
  FROM page_accesses WHERE store_id = 1 AND page_url = ANY(ARRAY['/', '/carrito/']) AND created_at >= '$first' AND created_at < '$tomorrow' GROUP BY page_url;
\\echo -- list: newest first / count / by URL / by session
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT id FROM page_accesses WHERE store_id = 1 ORDER BY created_at DESC, id DESC LIMIT 50;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT COUNT(*) FROM page_accesses WHERE store_id = 1;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT id FROM page_accesses WHERE store_id = 1 AND page_url = '/carrito/' ORDER BY created_at DESC, id DESC LIMIT 50;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT id FROM page_accesses WHERE store_id = 1 AND session_id = 'x' ORDER BY created_at DESC, id DESC LIMIT 50;
\\echo -- journeys: analytics
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT COUNT(*), SUM(total_pages), SUM(total_time) FROM user_journeys WHERE store_id = 1 AND started_at >= '$first' AND started_at < '$tomorrow';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT entry_page, COUNT(*) AS n FROM user_journeys WHERE store_id = 1 AND started_at >= '$first' AND started_at < '$tomorrow' AND entry_page <> '' GROUP BY entry_page ORDER BY n DESC, entry_page COLLATE "C" LIMIT 10;
\\echo -- page performance rows
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT id FROM page_performance WHERE store_id = 1 AND date >= '$first' AND date <= '$today' ORDER BY date DESC, page_url COLLATE "C" LIMIT 50;
SQL
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ${ENID_BENCH_SKIP_SQLITE:-0} != 1 ]]; then
    run_backend sqlite "sqlite://$dir/enid.db"
    sqlite_plans "$dir/enid.db"
fi
if [[ ${ENID_BENCH_SKIP_POSTGRES:-0} != 1 ]]; then
    admin_url=${pg_url%/*}/postgres
    db=${pg_url##*/}
    psql "$admin_url" -q -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
    run_backend postgres "$pg_url"
    postgres_plans "$pg_url"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
