#!/usr/bin/env bash
# The assistant benchmark: release build, then over loopback:
#   1. offline provider, SQLite, 1,000 generated FAQs: POST /assistant/chat/ with 32 connections,
#      every question new (the answer cache misses: search, prompt and two writes per turn), then
#      with a handful of repeated first questions (the cache answers);
#   2. gemini provider against examples/fake_model.rs answering in 200 ms, answer cache off, each
#      run in a fresh server process (so that each peak is its own): POST /assistant/chat/ with 32
#      connections (the server is not CPU-bound: the p50 above the model's is what it adds to a turn),
#      with 500 connections (CPU-bound on a small machine: what it adds under load), then
#      POST /assistant/chat/stream/ with 500 connections (500 open streams).
# Prints requests per second, p50/p99 latency, errors, "server adds" (p50 through the server minus
# the p50 of the same load sent to the fake model directly, which is the model's time as a client
# sees it: its 200 ms plus its own timer and HTTP handling), the server's resident memory under
# load (sampled) and its peak (VmHWM) per run.
# Usage: bench/assistant.sh [seconds per run, default 10]
# Environment: ENID_BENCH_ENID (another `enid` binary to measure, e.g. an earlier build, instead of
# this one), ENID_BENCH_SKIP_OFFLINE=1 (only the model runs), ENID_BENCH_PORT,
# ENID_BENCH_MODEL_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=${ENID_BENCH_PORT:-18089}
model_port=${ENID_BENCH_MODEL_PORT:-18189}

root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --release -q -p enid-server --bin enid
cargo build --release -q -p enid-examples --example loadgen --example fake_model
enid=${ENID_BENCH_ENID:-$target/release/enid}
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

# The server's peak resident memory since it started.
peak() {
    echo "server peak RSS (VmHWM): $(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status") KiB"
}

stop() {
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
}

model_delay_ms=200

# model_alone PATH CONNECTIONS: the p50 of the same load sent to the fake model directly.
model_alone() {
    local path=$1 connections=$2
    "$loadgen" --url "http://127.0.0.1:$model_port" --path "$path" --method POST \
        --connections "$connections" --seconds "$seconds" \
        --header "x-goog-api-key: bench-key" \
        --body '{"contents": [{"role": "user", "parts": [{"text": "¿Hacen envíos a todo el país? {n}"}]}]}' \
        | awk '/^latency ms:/ { print $4 }'
}

# model_run PATH MODEL-PATH CONNECTIONS: the model alone, then a run through the server:
# loadgen's report, what the server adds to the model's time at the median, and its peak memory.
model_run() {
    local path=$1 model_path=$2 connections=$3
    local alone
    alone=$(model_alone "$model_path" "$connections")
    echo "the model alone, $connections connections: p50 $alone ms"
    "$loadgen" --url "$base" --path "$path" --method POST --connections "$connections" \
        --seconds "$seconds" --pid "$pid" --body '{"message": "¿Hacen envíos a todo el país? {n}"}' \
        | tee "$dir/run.txt"
    awk -v alone="$alone" '/^latency ms:/ {
        printf "server adds (p50 - the model alone): %.2f ms\n", $4 - alone }' "$dir/run.txt"
    peak
}

echo "== seeding 1,000 FAQs"
DATABASE_URL=$url "$enid" seed faqs --count 1000

if [[ ${ENID_BENCH_SKIP_OFFLINE:-0} != 1 ]]; then
    echo "== offline, SQLite: POST /assistant/chat/, a new question each turn (32 connections)"
    serve
    "$loadgen" --url "$base" --path /assistant/chat/ --method POST --connections 32 \
        --seconds "$seconds" --pid "$pid" \
        --body '{"message": "¿{pick:Cuánto cuesta el envío|Tienen garantía|Hacen factura|Cómo pago} pregunta {n}?"}'
    echo "== offline, SQLite: POST /assistant/chat/, repeated first questions (answer cache)"
    "$loadgen" --url "$base" --path /assistant/chat/ --method POST --connections 32 \
        --seconds "$seconds" --pid "$pid" \
        --body '{"message": "¿{pick:Cuánto cuesta el envío|Tienen garantía|Hacen factura|Cómo pago}?"}'
    peak
    stop
fi

echo "== fake model answering in $model_delay_ms ms on port $model_port"
"$fake_model" --port "$model_port" --delay-ms "$model_delay_ms" >"$dir/model.log" 2>&1 &
model_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$model_port/"; do sleep 0.05; done
export GOOGLE_API_KEY=bench-key ENID_GEMINI_BASE_URL=http://127.0.0.1:$model_port
export ENID_ASSISTANT_CACHE_TTL=0
generate=/v1beta/models/gemini-2.5-flash:generateContent
generate_streamed="/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
echo "== gemini (fake, $model_delay_ms ms): POST /assistant/chat/ (32 connections, fresh server)"
serve
model_run /assistant/chat/ "$generate" 32
stop
echo "== gemini (fake, $model_delay_ms ms): POST /assistant/chat/ (500 connections, fresh server)"
serve
model_run /assistant/chat/ "$generate" 500
stop
echo "== gemini (fake, $model_delay_ms ms): POST /assistant/chat/stream/ (500 open streams, fresh server)"
serve
model_run /assistant/chat/stream/ "$generate_streamed" 500
stop
