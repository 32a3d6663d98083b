#!/usr/bin/env bash
# The server's answers conform to its spec: schemathesis (pinned) generates requests for every
# operation of the spec a running `enid` serves (SQLite, seeded data, an admin signed in) and
# checks each answer's status, content type, headers and body against the spec.
#
# Usage: tests/conformance.sh [ENID_BINARY] [MAX_EXAMPLES]
#   ENID_BINARY defaults to the debug build (built when missing); MAX_EXAMPLES per operation, 25.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
if ! schemathesis --version 2>/dev/null | grep -qxF "schemathesis, version $SCHEMATHESIS_VERSION"; then
    python3 -m pip install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

enid=${1:-}
if [ -z "$enid" ]; then
    cargo build -q -p enid-server --bin enid
    enid="$(cargo metadata -q --format-version 1 --no-deps \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/debug/enid"
fi
max_examples=${2:-25}

work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# A little of every domain's data, so that ids exist and answers carry real rows.
export DATABASE_URL="sqlite:$work/enid.db"
"$enid" migrate >/dev/null
"$enid" seed leads --count 60 --days 30 >/dev/null
"$enid" seed inventory --products 40 --warehouses 3 --movements 400 --days 30 >/dev/null
"$enid" seed page-analytics --count 400 --days 7 >/dev/null
"$enid" seed faqs >/dev/null
"$enid" analytics rollup --days 7 >/dev/null

# A password made here for this run only; rate limits off, so that the run's own pace is not
# what it measures.
admin_email=conformance@enid.test
admin_password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
ENID_BIND=127.0.0.1:0 ENID_LOG_FORMAT=text \
    ENID_ADMIN_EMAIL=$admin_email ENID_ADMIN_PASSWORD=$admin_password \
    ENID_RATE_LOGIN=off ENID_RATE_PUBLIC_WRITE=off ENID_RATE_ASSISTANT=off \
    ENID_ASSISTANT_PROVIDER=offline \
    "$enid" serve >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
    grep -q 'serving on http://' "$work/serve.log" && break
    sleep 0.5
done
url=$(grep -o 'serving on http://[0-9.:]*' "$work/serve.log" | head -n 1 | cut -d' ' -f3)
if [ -z "$url" ]; then
    cat "$work/serve.log" >&2
    exit 1
fi
token=$(ADMIN_EMAIL=$admin_email ADMIN_PASSWORD=$admin_password python3 - "$url" <<'EOF'
import json, os, sys, urllib.request
body = json.dumps({"email": os.environ["ADMIN_EMAIL"], "password": os.environ["ADMIN_PASSWORD"]})
request = urllib.request.Request(sys.argv[1] + "/login/", body.encode(),
                                 {"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["access_token"])
EOF
)

# Every check of an answer against the spec, and no 5xx. Logout is left out: it revokes the token
# the whole run signs in with (its answers are covered by the server's own tests). The data-acceptance checks are left out:
# they judge the generator's guesses at the business rules (a lead type that exists, a date not in
# the future), not the spec's word on answers.
# From the scratch folder: schemathesis keeps its cache in the working directory.
cd "$work"
schemathesis run "$url/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --header "Authorization: Bearer $token" \
    --exclude-operation-id logout \
    --max-examples "$max_examples" \
    --phases examples,coverage,fuzzing \
    --seed 1 \
    --workers 2 \
    --suppress-health-check all \
    --no-color
