#!/usr/bin/env bash
# The assistant benchmark: release build, then over loopback:
#   1. offline provider, SQLite, 1,000 generated FAQs: POST /assistant/chat/ with 32 connections,
#      every question new (the answer cache misses: search, prompt and two writes per turn), then
#      with a handful of repeated first questions (the cache answers);
#   2. gemini provider against examples/fake_model.rs answering in 200 ms, answer cache off:
#      POST /assistant/chat/ with 500 connections (the p50 above 200 ms is what the server adds),
#      then POST /assistant/chat/stream/ with 500 connections (open streams; resident memory
#      under load).
# Prints requests per second, p50/p99 latency, errors and the server's resident memory.
# Usage: bench/assistant.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=${ENID_BENCH_PORT:-18089}
model_port=${ENID_BENCH_MODEL_PORT:-18189}

root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --release -q -p enid-server --bin enid
cargo build --release -q -p enid-examples --example loadgen --example fake_model
enid=$target/release/enid
loadgen=$target/release/examples/loadgen
fake_model=$target/release/examples/fake_model
dir=$(mktemp -d)
pid= model_pid=
trap 'for p in $pid $model_pid; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"' EXIT

export ENID_RATE_ASSISTANT=off ENID_LOG=${ENID_LOG:-warn}
url=sqlite://$dir/enid.db
base="http://127.0.0.1:$port"

serve() {
    (cd "$dir" && DATABASE_URL=$url exec "$enid" --bind "127.0.0.1:$port" >"$dir/server.log" 2>&1) &
    pid=$!
    until curl -fs "$base/health/ready" >/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log"; exit 1; }
        sleep 0.05
    done
}

stop() {
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
}

echo "== seeding 1,000 FAQs"
DATABASE_URL=$url "$enid" seed faqs --count 1000

echo "== offline, SQLite: POST /assistant/chat/, a new question each turn (32 connections)"
serve
"$loadgen" --url "$base" --path /assistant/chat/ --method POST --connections 32 \
    --seconds "$seconds" --pid "$pid" \
    --body '{"message": "¿{pick:Cuánto cuesta el envío|Tienen garantía|Hacen factura|Cómo pago} pregunta {n}?"}'
echo "== offline, SQLite: POST /assistant/chat/, repeated first questions (answer cache)"
"$loadgen" --url "$base" --path /assistant/chat/ --method POST --connections 32 \
    --seconds "$seconds" --pid "$pid" \
    --body '{"message": "¿{pick:Cuánto cuesta el envío|Tienen garantía|Hacen factura|Cómo pago}?"}'
stop

echo "== fake model answering in 200 ms on port $model_port"
"$fake_model" --port "$model_port" --delay-ms 200 >"$dir/model.log" 2>&1 &
model_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$model_port/"; do sleep 0.05; done
export GOOGLE_API_KEY=bench-key ENID_GEMINI_BASE_URL=http://127.0.0.1:$model_port
export ENID_ASSISTANT_CACHE_TTL=0
serve
echo "== gemini (fake, 200 ms): POST /assistant/chat/ (500 connections)"
"$loadgen" --url "$base" --path /assistant/chat/ --method POST --connections 500 \
    --seconds "$seconds" --pid "$pid" --body '{"message": "¿Hacen envíos a todo el país? {n}"}'
echo "== gemini (fake, 200 ms): POST /assistant/chat/stream/ (500 open streams)"
"$loadgen" --url "$base" --path /assistant/chat/stream/ --method POST --connections 500 \
    --seconds "$seconds" --pid "$pid" --body '{"message": "¿Hacen envíos a todo el país? {n}"}'
stop
