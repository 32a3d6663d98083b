#!/usr/bin/env bash
# The inventory benchmark: release build, 32 connections over loopback, on SQLite and then on
# PostgreSQL. Each backend gets a fresh database seeded with 10,000 products × 5 warehouses and a
# 1,000,000-row ledger (`enid seed inventory`), then a served `enid` is measured on:
#   POST /movements/                      movements per second (random product, warehouse, in/out)
#   GET  /inventory/{product_id}/         latency percentiles (p99)
#   GET  /inventory/report/?days=30       latency percentiles (p50), at 32 connections and at 1
# Usage: bench/inventory.sh [seconds per run, default 10]
# Environment: ENID_BENCH_POSTGRES_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres;
# a database `enid_bench` is dropped and created there; `off` skips PostgreSQL),
# ENID_BENCH_PRODUCTS / _WAREHOUSES / _MOVEMENTS to scale the data, ENID_BENCH_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=${ENID_BENCH_PORT:-18088}
products=${ENID_BENCH_PRODUCTS:-10000}
warehouses=${ENID_BENCH_WAREHOUSES:-5}
movements=${ENID_BENCH_MOVEMENTS:-1000000}
pg_admin=${ENID_BENCH_POSTGRES_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}

root=$(pwd)
cargo build --release -q -p enid-server --bin enid
cargo build --release -q -p enid-examples --example loadgen
enid=$root/target/release/enid
loadgen=$root/target/release/examples/loadgen
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

export ENID_ADMIN_EMAIL=bench@enid.mx ENID_ADMIN_PASSWORD=bench-password ENID_RATE_LOGIN=off
export ENID_LOG=${ENID_LOG:-warn}
login=bench@enid.mx:bench-password
movement='{"product_id": {rand:'$products'}, "warehouse_id": {rand:'$warehouses'}, "movement_type": "{pick:in|out}", "quantity": {rand:3}, "reference": "BENCH-{n}"}'

bench() {
    local name=$1
    export DATABASE_URL=$2
    echo "== $name: seeding $products products × $warehouses warehouses, $movements movements"
    "$enid" seed inventory --products "$products" --warehouses "$warehouses" --movements "$movements"
    "$enid" --bind "127.0.0.1:$port" >"$dir/$name.log" 2>&1 &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$dir/$name.log"; exit 1; }
        sleep 0.05
    done
    local url="http://127.0.0.1:$port"
    echo "-- POST /movements/"
    "$loadgen" --url "$url" --login "$login" --seconds "$seconds" --pid "$pid" \
        --method POST --path /movements/ --body "$movement" --accept-status 409
    echo "-- GET /inventory/{product_id}/"
    "$loadgen" --url "$url" --login "$login" --seconds "$seconds" \
        --path "/inventory/{rand:$products}/"
    echo "-- GET /inventory/report/?days=30, 32 connections"
    "$loadgen" --url "$url" --login "$login" --seconds "$seconds" \
        --path "/inventory/report/?days=30"
    echo "-- GET /inventory/report/?days=30, 1 connection"
    "$loadgen" --url "$url" --login "$login" --seconds "$seconds" --connections 1 \
        --path "/inventory/report/?days=30"
    # Without writes the runs above are served by the report cache; a movement before each
    # request makes every report a fresh computation.
    echo "-- GET /inventory/report/?days=30 right after a movement (uncached), 30 requests"
    local token
    token=$(curl -fs "$url/login/" -H 'content-type: application/json' \
        -d '{"email": "bench@enid.mx", "password": "bench-password"}' |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
    for i in $(seq 30); do
        curl -fs -o /dev/null "$url/movements/" -H "authorization: Bearer $token" \
            -H 'content-type: application/json' \
            -d '{"product_id": '"$i"', "warehouse_id": 1, "movement_type": "in", "quantity": 1}'
        curl -fs -o /dev/null -w '%{time_total}\n' "$url/inventory/report/?days=30" \
            -H "authorization: Bearer $token"
    done | sort -n | awk '{ t[NR] = $1 * 1000 } END {
        printf "latency ms: p50 %.2f  p90 %.2f  max %.2f\n", t[int(NR * 0.5)], t[int(NR * 0.9)], t[NR] }'
    echo "-- enid stock verify"
    "$enid" stock verify
    kill "$pid"
    wait "$pid" || true
    pid=
    echo
}

bench sqlite "sqlite://$dir/bench.db"
if [ "$pg_admin" != off ]; then
    psql -q "$pg_admin" -c 'DROP DATABASE IF EXISTS enid_bench' -c 'CREATE DATABASE enid_bench'
    bench postgres "${pg_admin%/*}/enid_bench"
fi
