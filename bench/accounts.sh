#!/usr/bin/env bash
# The accounts benchmark: release build, 32 connections over loopback, on SQLite and then on
# PostgreSQL. Reports first-start time to a ready server and idle RSS (SQLite), and for
# GET /health/ready and authenticated GET /user/profile/ the requests per second, latency
# percentiles and RSS under load on each backend.
# Usage: bench/accounts.sh [seconds per run, default 10]
# Environment: ENID_BENCH_POSTGRES_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres;
# a database `enid_bench_accounts` is dropped and created there; `off` skips PostgreSQL), ENID_BENCH_PORT,
# ENID_BENCH_ENID (another `enid` binary to measure, e.g. an earlier build, instead of this one).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=${ENID_BENCH_PORT:-18080}
pg_admin=${ENID_BENCH_POSTGRES_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}

root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --release -q -p enid-server --bin enid
cargo build --release -q -p enid-examples --example loadgen
enid=${ENID_BENCH_ENID:-$target/release/enid}
loadgen=$target/release/examples/loadgen
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

export ENID_ADMIN_EMAIL=bench@enid.mx ENID_ADMIN_PASSWORD=bench-password ENID_RATE_LOGIN=off
export ENID_LOG=${ENID_LOG:-warn}

bench() {
    local name=$1
    export DATABASE_URL=$2
    echo "== $name"
    local start ready
    start=$(date +%s.%N)
    (cd "$dir" && exec "$enid" --bind "127.0.0.1:$port" >"$dir/$name.log" 2>&1) &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$dir/$name.log"; exit 1; }
        sleep 0.005
    done
    ready=$(date +%s.%N)
    awk -v a="$start" -v b="$ready" 'BEGIN { printf "first start on an empty database to /health/ready: %.0f ms\n", (b - a) * 1000 }'
    sleep 1
    local url="http://127.0.0.1:$port"
    echo "-- GET /health/ready"
    "$loadgen" --url "$url" --path /health/ready --seconds "$seconds" --pid "$pid"
    echo "-- GET /user/profile/, authenticated"
    "$loadgen" --url "$url" --path /user/profile/ --login bench@enid.mx:bench-password \
        --seconds "$seconds" --pid "$pid"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
}

bench sqlite "sqlite://$dir/enid.db"
if [ "$pg_admin" != off ]; then
    psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS enid_bench_accounts" -c "CREATE DATABASE enid_bench_accounts"
    bench postgres "${pg_admin%/*}/enid_bench_accounts"
fi
