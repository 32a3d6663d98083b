#!/usr/bin/env bash
# The accounts benchmark: release build on SQLite, 32 connections over loopback.
# Reports first-start time to a ready server, idle RSS, and for GET /health/ready and authenticated
# GET /user/profile/ the requests per second, latency percentiles and RSS under load.
# Usage: bench/accounts.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=${ENID_BENCH_PORT:-18080}

root=$(pwd)
cargo build --release -q -p enid-server --bin enid
cargo build --release -q -p enid-examples --example loadgen
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

start=$(date +%s.%N)
(cd "$dir" && ENID_ADMIN_EMAIL=bench@enid.mx ENID_ADMIN_PASSWORD=bench-password \
    ENID_LOG="${ENID_LOG:-info}" ENID_RATE_LOGIN=off \
    exec "$root/target/release/enid" --bind "127.0.0.1:$port" >"$dir/server.log" 2>&1) &
pid=$!
until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log"; exit 1; }
    sleep 0.005
done
ready=$(date +%s.%N)
awk -v a="$start" -v b="$ready" 'BEGIN { printf "first start on an empty directory to /health/ready: %.0f ms\n", (b - a) * 1000 }'
sleep 1

loadgen=target/release/examples/loadgen
"$loadgen" --url "http://127.0.0.1:$port" --path /health/ready --seconds "$seconds" --pid "$pid"
echo
"$loadgen" --url "http://127.0.0.1:$port" --path /user/profile/ --login bench@enid.mx:bench-password \
    --seconds "$seconds" --pid "$pid"
