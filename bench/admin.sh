#!/usr/bin/env bash
# The back office's dashboard on a large store: release build; SQLite seeded with 1,000,000 leads
# over a year, 200,000 page accesses over 90 days and 100,000 stock movements; then, as a browser
# opening /admin/#/dashboard does, the page and its modules and styles (gzipped), the profile and
# permissions, and the six panel calls at once. Prints, per run, the time to the painted shell
# (page, assets, profile, permissions) and to the last panel's data, and the slowest panel call.
# The first run is cold; a browser caches the assets after it, so later runs fetch only the page.
# Usage: bench/admin.sh [leads, default 1000000] [runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
leads=${1:-1000000}
runs=${2:-5}
port=${ENID_BENCH_PORT:-18094}

root=$(pwd)
cargo build --release -q -p enid-server --bin enid
enid=${CARGO_TARGET_DIR:-$root/target}/release/enid
dir=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$dir"' EXIT

export ENID_ADMIN_EMAIL=bench@enid.mx ENID_ADMIN_PASSWORD=bench-password ENID_RATE_LOGIN=off
export ENID_LOG=${ENID_LOG:-warn} DATABASE_URL=sqlite://$dir/enid.db

echo "== seeding"
"$enid" seed leads --count "$leads" --days 365
"$enid" seed page-analytics --count 200000 --days 90
"$enid" seed inventory --products 500 --warehouses 3 --movements 100000 --days 90

(cd "$dir" && exec "$enid" --bind "127.0.0.1:$port" >"$dir/server.log" 2>&1) &
pid=$!
base="http://127.0.0.1:$port"
until curl -fs "$base/health/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log"; exit 1; }
    sleep 0.05
done
token=$(curl -fs -X POST "$base/login/" -H 'content-type: application/json' \
    -d "{\"email\":\"$ENID_ADMIN_EMAIL\",\"password\":\"$ENID_ADMIN_PASSWORD\"}" |
    sed -E 's/.*"access_token":"([^"]+)".*/\1/')

# Seconds for one GET of `path` with the token, gzip accepted; fails on a non-2xx answer.
timed() {
    curl -fsS -o /dev/null -w '%{time_total}\n' --compressed \
        -H "authorization: Bearer $token" "$base$1"
}

panels=(
    /lead-metrics/overview/
    "/lead-metrics/trends/?days=30"
    /lead-metrics/conversion-funnel/
    "/page-analytics/page-access/summary/?days=30"
    "/page-analytics/page-access/trends/?days=30"
    "/inventory/report/?days=30&page_size=1"
)

echo "== dashboard, $leads leads; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    page=$(curl -fsS --compressed "$base/admin/")
    if [ "$run" = 1 ]; then
        assets=$(printf '%s' "$page" | grep -oE '/admin/assets/[0-9a-f]+' | head -1)
        fetches=()
        for asset in app.css vendor/uplot.css favicon.svg app.js api.js dom.js i18n.js charts.js \
            vendor/uplot.js pages/dashboard.js; do
            curl -fsS -o /dev/null --compressed "$base$assets/$asset" &
            fetches+=($!)
        done
        wait "${fetches[@]}"
    fi
    timed /user/profile/ >/dev/null
    timed /feature/ >/dev/null
    shell=$(date +%s.%N)
    calls=()
    for path in "${panels[@]}"; do
        timed "$path" >"$dir/panel-$(echo "$path" | tr -c 'a-z' _)" &
        calls+=($!)
    done
    wait "${calls[@]}"
    done_at=$(date +%s.%N)
    slowest=$(cat "$dir"/panel-* | sort -n | tail -1)
    awk -v run="$run" -v start="$start" -v shell="$shell" -v done_at="$done_at" -v slowest="$slowest" \
        'BEGIN { printf "run %d: shell %.0f ms, all panels %.0f ms (slowest call %.0f ms)\n",
                 run, (shell - start) * 1000, (done_at - start) * 1000, slowest * 1000 }'
done
for path in "${panels[@]}"; do
    awk -v path="$path" -v seconds="$(timed "$path")" 'BEGIN { printf "%-48s %.0f ms\n", path, seconds * 1000 }'
done
