#!/usr/bin/env bash
# The scale benchmark: the table of the performance goals in one run per backend. Release build;
# 10,000 leads (over 365 days) and 100,000 page accesses (over 30 days, rolled up) seeded into
# one store, on SQLite and then on PostgreSQL; then 32 connections over loopback on each row:
#   GET  /lead-search/?q=ana                          lead search
#   GET  /lead-metrics/overview/                      lead metrics overview
#   GET  /lead/{id}/                                  one lead (ids picked at random)
#   GET  /page-analytics/page-access/summary/?days=30 the summary (cached while nothing is written)
#   the same summary while a second load (8 connections) writes page views, so it is recomputed
#   POST /lead/existence/                             lead intake (new and known emails)
#   POST /page-analytics/page-access/                 one page view per request
#   GET  /user/profile/                               authenticated, against a bare poem handler
#                                                     (examples/bare_poem.rs) built in this run
# Prints requests/s, p50, p99 and failed requests per row, the ratio of the profile to the bare handler, and the
# server's peak resident memory (VmHWM) over the whole run. Writes run last, so the reads see
# exactly the seeded data. The load average is printed before and after: the machine may be shared.
# On PostgreSQL the write rows also tell how many transactions each request committed.
# Usage: bench/scale.sh [seconds per run, default 10]
# PostgreSQL: ENID_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/enid_bench_scale;
# the database is dropped and created again). ENID_BENCH_SKIP_POSTGRES=1 runs SQLite only,
# ENID_BENCH_SKIP_SQLITE=1 PostgreSQL only, ENID_BENCH_ONLY_WRITES=1 the two write rows only.
# Binaries go where cargo puts them (CARGO_TARGET_DIR); ENID_BENCH_ENID runs another enid binary
# (an older build, for an A/B comparison) with the load generator built there before.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
leads=10000
accesses=100000
port=${ENID_BENCH_PORT:-18089}
bare_port=$((port + 1))
pg_url=${ENID_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/enid_bench_scale}

root=$(pwd)
release=${CARGO_TARGET_DIR:-$root/target}/release
enid=${ENID_BENCH_ENID:-$release/enid}
# The load generator and the bare handler link the server: built with it, or already built.
if [[ -z ${ENID_BENCH_ENID:-} ]]; then
    cargo build --release -q -p enid-server --bin enid
    cargo build --release -q -p enid-examples --example loadgen --example bare_poem
fi
only_writes=${ENID_BENCH_ONLY_WRITES:-0}
loadgen=$release/examples/loadgen
dir=$(mktemp -d)
pid=
bare_pid=
writer_pid=
stop() {
    for p in $writer_pid $pid $bare_pid; do kill "$p" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap stop EXIT

export ENID_ADMIN_EMAIL=bench@enid.mx ENID_ADMIN_PASSWORD=bench-password ENID_RATE_LOGIN=off
# The benchmark measures throughput, not the per-IP limit of anonymous writes.
export ENID_RATE_PUBLIC_WRITE=off
export ENID_LOG=${ENID_LOG:-warn}
login=bench@enid.mx:bench-password

intake='{"name": "Ana {pick:López|Pérez|Ortiz}", "email": "ana{rand:200000}@example.mx",
 "phone_number": "55 1234 {pick:5678|9012|3456}", "lead_type": {pick:1|2|3}, "products_interest": [{rand:40}]}'
event='{"page_url": "/productos/{pick:kettlebell-16kg|tapete-yoga-6mm|caminadora-plegable-12kmh|banco-ajustable-plegable}/",
 "page_title": "Producto", "section": "{pick:detalle-producto|galeria|resenas}", "session_id": "bench-{rand:200000}",
 "device_type": "{pick:mobile|desktop|tablet}", "browser": "{pick:Chrome|Safari|Edge}", "os": "Android",
 "referrer": "https://www.google.com.mx/", "time_on_page": {rand:300}, "scroll_depth": {rand:100},
 "interactions": {rand:10}, "metadata": {"event_type": "product_view", "load_time_ms": {rand:4000}}}'

wait_ready() {
    local url=$1 process=$2 log=$3
    until curl -fs "$url" >/dev/null; do
        kill -0 "$process" 2>/dev/null || { cat "$log"; exit 1; }
        sleep 0.05
    done
}

# measure TABLE LABEL LOADGEN-ARGS...: one loadgen run, its output kept, one row of TABLE.
measure() {
    local table=$1 label=$2
    shift 2
    local out=$dir/run.txt
    # A run with failed requests still reports; the failures are a column of the table.
    "$loadgen" --seconds "$seconds" "$@" >"$out" 2>&1 || true
    awk -v label="$label" '
        / ok, [0-9]+ failed$/ { failed = $(NF - 1) }
        /^requests\/s:/ { rps = $2 }
        /^latency ms:/ { p50 = $4; p99 = $8 }
        END { printf "| %s | %s | %s | %s | %s |\n", label, rps, p50, p99, failed }' "$out" >>"$table"
}

# Transactions committed in the PostgreSQL database of URL so far (the statistics are flushed
# within a second of each transaction).
commits() {
    sleep 1.2
    psql "$1" -Atc 'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()'
}

# measure_write TABLE LABEL URL LOADGEN-ARGS...: measure, and on PostgreSQL a note of the
# transactions committed per acknowledged request.
measure_write() {
    local table=$1 label=$2 url=$3
    shift 3
    local before=0
    if [[ $url == postgres* ]]; then
        before=$(commits "$url")
    fi
    measure "$table" "$label" "$@"
    if [[ $url == postgres* ]]; then
        local after
        after=$(commits "$url")
        awk -v label="$label" -v commits=$((after - before)) '/ ok, [0-9]+ failed$/ {
            printf "(%s: %.3f commits per acknowledged request)\n", label, commits / $(NF - 3) }' \
            "$dir/run.txt" >>"$dir/commit-notes-$name.txt"
    fi
}

run_backend() {
    local name=$1 url=$2
    local table=$dir/table-$name.md
    export DATABASE_URL=$url
    echo "== $name: seeding $leads leads and $accesses page accesses"
    "$enid" seed leads --count "$leads" --days 365
    "$enid" seed page-analytics --count "$accesses" --days 30
    "$enid" analytics rollup --days 31 | tail -1
    if [[ $url == postgres* ]]; then
        psql "$url" -q -c 'VACUUM ANALYZE'
    fi
    (cd "$dir" && exec "$enid" --bind "127.0.0.1:$port" >"$dir/server-$name.log" 2>&1) &
    pid=$!
    local base="http://127.0.0.1:$port"
    wait_ready "$base/health/ready" "$pid" "$dir/server-$name.log"
    printf '| %s, 32 connections | req/s | p50 ms | p99 ms | failed |\n|---|---|---|---|---|\n' "$name" >"$table"

    : >"$dir/commit-notes-$name.txt"
    if [[ $only_writes != 1 ]]; then
        measure "$table" "lead search q=ana" --url "$base" --path "/lead-search/?q=ana" --login "$login"
        measure "$table" "lead metrics overview" --url "$base" --path /lead-metrics/overview/ --login "$login"
        measure "$table" "one lead" --url "$base" --path "/lead/{rand:$leads}/" --login "$login"
        measure "$table" "page-access summary, 30 days" --url "$base" \
            --path "/page-analytics/page-access/summary/?days=30" --login "$login"
        "$loadgen" --url "$base" --method POST --path /page-analytics/page-access/ --body "$event" \
            --connections 8 --seconds $((seconds + 4)) --warmup-seconds 0 >"$dir/writer-$name.txt" &
        writer_pid=$!
        measure "$table" "summary while page views are written" --url "$base" \
            --path "/page-analytics/page-access/summary/?days=30" --login "$login"
        wait "$writer_pid"
        writer_pid=
        awk '/^requests\/s:/ { printf "(page views written meanwhile, 8 connections: %s req/s)\n", $2 }' \
            "$dir/writer-$name.txt" >"$dir/writer-note-$name.txt"
    fi
    measure_write "$table" "lead intake POST" "$url" --url "$base" --method POST \
        --path /lead/existence/ --body "$intake"
    measure_write "$table" "page-access POST" "$url" --url "$base" --method POST \
        --path /page-analytics/page-access/ --body "$event"
    if [[ $only_writes != 1 ]]; then
        measure "$table" "authenticated profile" --url "$base" --path /user/profile/ --login "$login"
        measure "$table" "bare poem handler" --url "http://127.0.0.1:$bare_port" --path /user/profile/
    fi

    local peak
    peak=$(awk '/^VmHWM:/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
    echo "== $name"
    cat "$table"
    cat "$dir/writer-note-$name.txt" "$dir/commit-notes-$name.txt" 2>/dev/null || true
    awk -F' [|] ' '/authenticated profile/ { p = $2 } /bare poem handler/ { b = $2 }
        END { if (b > 0) printf "profile / bare poem handler: %.0f %%\n", 100 * p / b }' "$table"
    echo "server peak RSS: $peak"
}

"$release/examples/bare_poem" "127.0.0.1:$bare_port" >"$dir/bare.log" 2>&1 &
bare_pid=$!
wait_ready "http://127.0.0.1:$bare_port/user/profile/" "$bare_pid" "$dir/bare.log"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ${ENID_BENCH_SKIP_SQLITE:-0} != 1 ]]; then
    run_backend sqlite "sqlite://$dir/enid.db"
fi
if [[ ${ENID_BENCH_SKIP_POSTGRES:-0} != 1 ]]; then
    admin_url=${pg_url%/*}/postgres
    db=${pg_url##*/}
    psql "$admin_url" -q -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
    run_backend postgres "$pg_url"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
