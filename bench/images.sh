#!/usr/bin/env bash
# The images benchmark: release build, SQLite, local-disk blobs, over loopback.
#   upload   POST /image/upload/ of a 4-megapixel JPEG, thumb and medium sizes included, one at a
#            time, every photo different: median and slowest of 20, from curl's total time
#   thumb    GET /image/{id}/file/?size=thumb with 32 connections (loadgen)
#   memory   ten ~10 MB uploads at once: the server's peak resident memory during them (VmHWM,
#            reset first)
#   import   `enid images import` of 300 photos (1600 × 1200) into a fresh database
# The machine is shared: the load average is printed first; read the numbers with it.
# Usage: bench/images.sh [seconds of the thumb run, default 10] [photos to import, default 300]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
import_count=${2:-300}
port=${ENID_BENCH_PORT:-18090}

root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --release -q -p enid-server --bin enid
cargo build --release -q -p enid-examples --example loadgen --example photos
enid=$target/release/enid
loadgen=$target/release/examples/loadgen
photos=$target/release/examples/photos
dir=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$dir"' EXIT

export ENID_ADMIN_EMAIL=bench@enid.mx ENID_ADMIN_PASSWORD=bench-password ENID_RATE_LOGIN=off
export ENID_LOG=${ENID_LOG:-warn}

echo "== load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "== writing photos"
"$photos" --dir "$dir/four" --count 20 --width 2400 --height 1680 --prefix four
"$photos" --dir "$dir/big" --count 10 --width 4000 --height 3000 --noise 56 --quality 90 --prefix big
"$photos" --dir "$dir/import" --count "$import_count" --width 1600 --height 1200 --prefix import
for set in four big import; do
    echo "$set: $(ls "$dir/$set" | wc -l) files, $(du -sh "$dir/$set" | cut -f1)"
done

mkdir -p "$dir/server"
(cd "$dir/server" && DATABASE_URL="sqlite://$dir/server/enid.db" ENID_DATA_DIR="$dir/server/data" \
    ENID_MAX_UPLOAD_BYTES=$((16 * 1024 * 1024)) exec "$enid" --bind "127.0.0.1:$port" \
    >"$dir/server.log" 2>&1) &
pid=$!
base="http://127.0.0.1:$port"
until curl -fs "$base/health/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log"; exit 1; }
    sleep 0.05
done
token=$(curl -fs -H 'Content-Type: application/json' \
    -d '{"email": "bench@enid.mx", "password": "bench-password"}' "$base/login/" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

echo "== upload: 4-megapixel JPEGs, one at a time"
: >"$dir/uploads"
for photo in "$dir"/four/*.jpg; do
    curl -s -o "$dir/last-upload.json" -w '%{http_code} %{time_total}\n' \
        -H "Authorization: Bearer $token" -F "file=@$photo" -F business=enid-service \
        "$base/image/upload/" >>"$dir/uploads"
done
python3 - "$dir/uploads" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
bad = [code for code, _ in rows if code != "201"]
if bad:
    sys.exit(f"uploads answered {bad}")
times = sorted(float(took) * 1000 for _, took in rows)
print(f"{len(times)} uploads: median {statistics.median(times):.0f} ms, "
      f"fastest {times[0]:.0f} ms, slowest {times[-1]:.0f} ms")
PY
id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$dir/last-upload.json")

echo "== GET /image/$id/file/?size=thumb, 32 connections"
"$loadgen" --url "$base" --path "/image/$id/file/?size=thumb" --connections 32 \
    --seconds "$seconds" --pid "$pid"

echo "== memory: ten ~10 MB uploads at once"
# Writing 5 resets the peak resident size (VmHWM) to the current one.
echo 5 >"/proc/$pid/clear_refs"
grep VmRSS "/proc/$pid/status"
codes=()
for photo in "$dir"/big/*.jpg; do
    curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" \
        -F "file=@$photo" "$base/image/upload/" >"$photo.code" &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
for photo in "$dir"/big/*.jpg; do codes+=("$(cat "$photo.code")"); done
echo "answers: ${codes[*]}"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status"

kill "$pid"
wait "$pid" 2>/dev/null || true
pid=

echo "== import: $import_count photos into a fresh database"
mkdir -p "$dir/importer"
started=$(date +%s.%N)
(cd "$dir/importer" && DATABASE_URL="sqlite://$dir/importer/enid.db" \
    ENID_DATA_DIR="$dir/importer/data" "$enid" images import "$dir/import" --business enid-service)
python3 -c 'import sys, time; print(f"wall time {time.time() - float(sys.argv[1]):.1f} s")' "$started"
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg)"
