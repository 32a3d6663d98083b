#!/usr/bin/env bash
# The FAQs benchmark: release build; 100,000 generated FAQs seeded into one store
# (`enid seed faqs --count`, which reports its FAQs/s), on SQLite and then on PostgreSQL; then 32
# connections over loopback, anonymous:
#   GET /faqs/search/?q=   one word per request, common (in a quarter to half of the FAQs) and
#                          rare (in one FAQ of twelve or fourteen) words of the generated FAQs,
#                          and two words per request (one common, one rare); results are
#                          cached under the store's FAQ revision, so these runs mostly hit the
#                          cache; a last run adds the request's number to the word, so that no
#                          two searches share an entry and every one reads the index
#   GET /faqs/             the first page (50 FAQs, by category and position, with the count),
#                          then pages at random among the first 2,000
# The search run is skipped (and said so) when a single search, timed first, takes over 10 s.
# Prints the seed rate, requests per second and latency percentiles, and the query plans of the
# search (a common and a rare word) and list queries: SQLite through the sqlite3 shell when
# installed (its version may plan differently from the bundled one), PostgreSQL with
# EXPLAIN (ANALYZE, BUFFERS) of the prepared statements as the backend sends them.
# Usage: bench/faqs.sh [FAQs, default 100000] [seconds per run, default 10]
# PostgreSQL: ENID_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/enid_bench_faqs;
# the database is dropped and created again). ENID_BENCH_SKIP_POSTGRES=1 runs SQLite only,
# ENID_BENCH_SKIP_SQLITE=1 PostgreSQL only.
set -euo pipefail
cd "$(dirname "$0")/.."
faqs=${1:-100000}
seconds=${2:-10}
port=${ENID_BENCH_PORT:-18091}
pg_url=${ENID_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/enid_bench_faqs}

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
export ENID_LOG=${ENID_LOG:-warn}

# Words of the generated FAQs (enid-core/src/faqs/seed.rs), any case or accents as a visitor
# types them. Common: "día" and "ciudad" are in half of the answers, "pedido", "correo", "horas",
# "México", "teléfono" and "cuesta" in a fifth to a third. Rare: one topic of fourteen (mayoreo,
# cotización, refacciones, envíos) or one appliance of twelve (rebanadora, freidora, campana,
# molino) each.
common='dia|ciudad|pedido|correo|horas|mexico|telefono|cuesta'
rare='mayoreo|cotizacion|refacciones|envios|rebanadora|freidora|campana|molino'
queries="{pick:$common|$rare}"
# The two words whose plans are printed (already their own search terms: folded, no plural).
common_word=dia rare_word=mayoreo

run_backend() {
    local name=$1 url=$2
    echo "== $name: seeding $faqs FAQs"
    DATABASE_URL=$url "$enid" seed faqs --count "$faqs"
    if [[ $url == postgres* ]]; then
        psql "$url" -q -c 'VACUUM ANALYZE'
    fi
    (cd "$dir" && DATABASE_URL=$url exec "$enid" --bind "127.0.0.1:$port" >"$dir/server-$name.log" 2>&1) &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$dir/server-$name.log"; exit 1; }
        sleep 0.05
    done
    local base="http://127.0.0.1:$port" word probe slow=0
    echo "== $name: GET /faqs/ (first page)"
    "$loadgen" --url "$base" --path /faqs/ --seconds "$seconds" --pid "$pid"
    echo "== $name: GET /faqs/?page={rand:2000} (any page)"
    "$loadgen" --url "$base" --path "/faqs/?page={rand:2000}" --seconds "$seconds" --pid "$pid"
    # One search of each kind first, up to 10 s each: a search slower than that would hold the
    # load run's connections far past its end.
    echo "== $name: one search each (matches of the first 50, seconds)"
    for word in "$common_word" "$rare_word"; do
        if probe=$(curl -fs -m 10 -w ' %{time_total}' "$base/faqs/search/?q=$word&limit=50"); then
            echo "$word: $(python3 -c 'import json, sys; body, took = sys.argv[1].rsplit(" ", 1)
print(len(json.loads(body)), "matches in", took, "s")' "$probe")"
        else
            echo "$word: no answer within 10 s"
            slow=1
        fi
    done
    if [[ $slow == 1 ]]; then
        echo "== $name: GET /faqs/search/ skipped: a single search takes over 10 s"
    else
        echo "== $name: GET /faqs/search/?q=$queries"
        "$loadgen" --url "$base" --path "/faqs/search/?q=$queries" --seconds "$seconds" --pid "$pid"
        echo "== $name: GET /faqs/search/?q={pick:$common}+{pick:$rare} (two words)"
        "$loadgen" --url "$base" --path "/faqs/search/?q={pick:$common}+{pick:$rare}" \
            --seconds "$seconds" --pid "$pid"
        echo "== $name: GET /faqs/search/?q=$queries+{n} (uncached: no two searches alike)"
        "$loadgen" --url "$base" --path "/faqs/search/?q=$queries+{n}" --seconds "$seconds" --pid "$pid"
    fi
    # A search still running keeps the server from stopping gracefully.
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
}

sqlite_plans() {
    local db=$1
    if ! command -v sqlite3 >/dev/null; then
        echo "(no sqlite3 shell; installing it with apt-get)"
        if ! { apt-get install -y -q sqlite3 >/dev/null 2>&1 ||
            sudo -n apt-get install -y -q sqlite3 >/dev/null 2>&1; } ||
            ! command -v sqlite3 >/dev/null; then
            echo "(sqlite3 could not be installed: SQLite plans skipped)"
            return
        fi
    fi
    echo "== sqlite: query plans (sqlite3 shell $(sqlite3 --version | cut -d' ' -f1))"
    # The SQL of enid-storage/src/sqlite/faqs.rs with its parameters bound, as the backend runs it.
    local best="SELECT faq_id, impact FROM faq_terms WHERE store_id = ?1
  AND term = ?2 AND (is_visible = 1 OR ?3 = 0) ORDER BY impact DESC, faq_id LIMIT ?4"
    sqlite3 "$db" <<SQL
.param set ?1 1
.param set ?3 1
.param set ?4 40
.print -- search: the best FAQs for a common word ($common_word)
.param set ?2 "'$common_word'"
SELECT 'FAQs holding it: ' || faqs FROM faq_term_tallies WHERE store_id = ?1 AND term = ?2;
EXPLAIN QUERY PLAN $best;
.print -- search: the best FAQs for a rare word ($rare_word)
.param set ?2 "'$rare_word'"
SELECT 'FAQs holding it: ' || faqs FROM faq_term_tallies WHERE store_id = ?1 AND term = ?2;
EXPLAIN QUERY PLAN $best;
.param clear
.param set ?1 1
.param set ?2 NULL
.param set ?3 1
.param set ?4 50
.param set ?5 0
.print -- list: the categories with their counts (from the tallies)
EXPLAIN QUERY PLAN SELECT c.id, COALESCE(SUM(t.faqs), 0) FROM faq_categories c
  LEFT JOIN faq_tallies t ON t.store_id = c.store_id AND t.category_id = c.id
  AND (t.is_visible = 1 OR ?3 = 0) WHERE c.store_id = ?1 AND (?2 IS NULL OR c.id = ?2)
  GROUP BY c.id ORDER BY c.position, c.id;
.print -- list: a visitor's slice of a page in one category
EXPLAIN QUERY PLAN SELECT f.id, f.category_id, f.ask, f.answer, f.is_visible, f.url_img, f.we_mean, f.position
  FROM faqs f WHERE f.store_id = ?1 AND f.is_visible = 1 AND f.category_id = ?2
  ORDER BY f.position, f.id LIMIT ?4 OFFSET ?5;
SQL
}

postgres_plans() {
    local url=$1
    echo "== postgres: query plans"
    # The SQL of enid-storage/src/postgres/faqs.rs as prepared statements, as the backend sends
    # them (anonymous: visible FAQs only); as Enid runs them: without JIT.
    PGOPTIONS="-c jit=off" psql "$url" -q <<SQL
PREPARE best (bigint, text[], boolean, bigint) AS SELECT q.i - 1, COALESCE(t.faqs, 0),
  (SELECT COALESCE(SUM(faqs), 0)::bigint FROM faq_tallies WHERE store_id = \$1), b.faq_id, b.impact
  FROM unnest(\$2::text[]) WITH ORDINALITY AS q (term, i)
  LEFT JOIN faq_term_tallies t ON t.store_id = \$1 AND t.term = q.term
  CROSS JOIN LATERAL (SELECT faq_id, impact FROM faq_terms
  WHERE store_id = \$1 AND term = q.term AND (is_visible OR NOT \$3)
  ORDER BY impact DESC, faq_id LIMIT \$4) b;
PREPARE list_categories (bigint, bigint, boolean) AS SELECT c.id, COALESCE(SUM(t.faqs), 0)::bigint
  FROM faq_categories c LEFT JOIN faq_tallies t ON t.store_id = c.store_id AND t.category_id = c.id
  AND (t.is_visible OR NOT \$3) WHERE c.store_id = \$1 AND (\$2::bigint IS NULL OR c.id = \$2)
  GROUP BY c.id ORDER BY c.position, c.id;
PREPARE list_slice (bigint, bigint, bigint, bigint) AS SELECT f.id, f.category_id, f.ask,
  f.answer, f.is_visible, f.url_img, f.we_mean, f.position FROM faqs f
  WHERE f.store_id = \$1 AND f.is_visible AND f.category_id = \$2
  ORDER BY f.position, f.id LIMIT \$3 OFFSET \$4;
\\echo -- search: the best FAQs for a common word ($common_word)
SELECT 'FAQs holding it: ' || faqs FROM faq_term_tallies WHERE store_id = 1 AND term = '$common_word';
EXPLAIN (ANALYZE, BUFFERS) EXECUTE best(1, '{$common_word}', true, 40);
\\echo -- search: the best FAQs for a rare word ($rare_word)
SELECT 'FAQs holding it: ' || faqs FROM faq_term_tallies WHERE store_id = 1 AND term = '$rare_word';
EXPLAIN (ANALYZE, BUFFERS) EXECUTE best(1, '{$rare_word}', true, 40);
\\echo -- list: the categories with their counts
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_categories(1, NULL, true);
SELECT id AS first_category FROM faq_categories WHERE store_id = 1 ORDER BY position, id LIMIT 1 \\gset
\\echo -- list: the slice of the first page in the first category
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_slice(1, :first_category, 50, 0);
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
