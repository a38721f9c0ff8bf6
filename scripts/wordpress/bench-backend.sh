#!/usr/bin/env bash
# What the local WordPress itself sustains with plain REST requests of the size the app sends:
# post creates/s and single-post GETs/s (context=edit, as the app pulls) at 1, 2 and 4 connections.
# This is the yardstick for the sync benchmark (the app should get within 1.2x of it).
#
#   scripts/wordpress/bench-backend.sh [RUN_DIR] [SECONDS_PER_POINT]     (default target/wordpress, 10)
#
# Each create: ~4.5 KB Cyrillic HTML content, a title, an excerpt, 2 tag ids, status draft and —
# when the companion plugin is on — a fresh meta.newsroom_uuid (so the plugin's duplicate check and
# locks are included, as for the app). Uses wrk (installed from Debian's packages when missing).
# Prints a table and a JSON line (prefix "BENCH_JSON ") for scripts. Leaves the created posts;
# run scripts/wordpress/reset.sh to empty the site. Requests go to 127.0.0.1 only, bounded in time.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_DIR="$(resolve_run_dir "${1:-}")"
SECS="${2:-10}"
set_paths
[ -f "$ENV_FILE" ] || die "no running instance in $RUN_DIR (scripts/wordpress/start.sh first)"
# shellcheck disable=SC1090
source "$ENV_FILE"
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1 ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
fi

WORK="$RUN_DIR/bench"
mkdir -p "$WORK"
AUTH="Basic $(printf '%s:%s' "$NEWSROOM_WP_EDITOR_USER" "$NEWSROOM_WP_EDITOR_PASSWORD" | base64 -w0)"
export BENCH_AUTH="$AUTH" BENCH_WORK="$WORK"

# Two tags (ids) and the request body template (UUID placeholder filled per request by wrk).
python3 - "$NEWSROOM_WP_URL" "$AUTH" "$WORK" "$NEWSROOM_WP_PLUGIN" <<'EOF'
import json, sys, urllib.request
url, auth, work, plugin = sys.argv[1:]
def call(method, path, body=None):
    req = urllib.request.Request(url + "/wp-json" + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": auth, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return json.load(e)
tags = []
for name in ["Бенчмарк", "Алматы"]:
    t = call("POST", "/wp/v2/tags", {"name": name})
    tags.append(t["id"] if "id" in t else t["data"]["term_id"])
para = ("<p>Сотрудники департамента полиции города Алматы задержали подозреваемого в мошенничестве. "
        "По данным ведомства, мужчина обманул жителей на сумму более пяти миллионов тенге, "
        "обещая помочь с оформлением документов и получением льготных кредитов.</p>\n")
content = ""
while len(content.encode()) < 4500:
    content += para
body = {"title": "Задержан подозреваемый в мошенничестве в Алматы", "content": content,
        "excerpt": "Мужчина обманул жителей на сумму более пяти миллионов тенге.",
        "status": "draft", "tags": tags}
if plugin == "1":
    body["meta"] = {"newsroom_uuid": "UUID_PLACEHOLDER"}
raw = json.dumps(body, ensure_ascii=False)
open(f"{work}/body.json", "w").write(raw)
print(f"[bench] request body {len(raw.encode())} bytes, tags {tags}", file=sys.stderr)
EOF

cat >"$WORK/create.lua" <<'EOF'
-- POST /wp/v2/posts with a fresh UUID per request (per-thread random seed).
local f = assert(io.open(os.getenv("BENCH_WORK") .. "/body.json", "r"))
local template = f:read("*a")
f:close()
local counter = 0
local function uuid()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0x7fffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0, 0xfff), (os.time() * 100000 + counter) % 0xffffffffffff)
end
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end
function request()
  local body = template:gsub("UUID_PLACEHOLDER", uuid())
  return wrk.format("POST", "/wp-json/wp/v2/posts", {
    ["Authorization"] = os.getenv("BENCH_AUTH"),
    ["Content-Type"] = "application/json; charset=utf-8",
  }, body)
end
EOF
cat >"$WORK/get.lua" <<'EOF'
-- GET /wp/v2/posts/<id>?context=edit rotating over existing post ids.
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS"), "%d+") do ids[#ids + 1] = id end
local i = 0
function init(args)
  i = math.random(0, #ids)
end
function request()
  i = i % #ids + 1
  return wrk.format("GET", "/wp-json/wp/v2/posts/" .. ids[i] .. "?context=edit", {
    ["Authorization"] = os.getenv("BENCH_AUTH"),
  })
end
EOF

# run_wrk NAME SCRIPT CONNECTIONS -> "rps non2xx latency_avg"
run_wrk() {
  local out="$WORK/$1-c$3.txt"
  wrk -t "$3" -c "$3" -d "${SECS}s" --timeout 30s --latency -s "$2" "$NEWSROOM_WP_URL" >"$out" 2>&1
  local rps bad lat
  rps="$(awk '/^Requests\/sec/ {print $2}' "$out")"
  bad="$(awk '/Non-2xx/ {print $NF}' "$out")"
  lat="$(awk '/^    Latency/ {print $2}' "$out")"
  echo "${rps:-0} ${bad:-0} ${lat:-?}"
}

declare -A R
for c in 1 2 4; do
  read -r rps bad lat < <(run_wrk create "$WORK/create.lua" "$c")
  R[create_$c]="$rps"; R[create_bad_$c]="$bad"; R[create_lat_$c]="$lat"
  log "creates  c=$c: $rps/s (avg latency $lat, non-2xx $bad)"
done
BENCH_IDS="$(curl -s -H "Authorization: $AUTH" "$NEWSROOM_WP_URL/wp-json/wp/v2/posts?status=draft&per_page=100&_fields=id&context=edit" |
  python3 -c 'import json,sys; print(",".join(str(p["id"]) for p in json.load(sys.stdin)))')"
export BENCH_IDS
[ -n "$BENCH_IDS" ] || die "no posts to GET"
for c in 1 2 4; do
  read -r rps bad lat < <(run_wrk get "$WORK/get.lua" "$c")
  R[get_$c]="$rps"; R[get_bad_$c]="$bad"; R[get_lat_$c]="$lat"
  log "GET post c=$c: $rps/s (avg latency $lat, non-2xx $bad)"
done

printf '\nWordPress backend capacity (%s, plugin=%s, %s s per point, %s cores)\n' "$NEWSROOM_WP_URL" "$NEWSROOM_WP_PLUGIN" "$SECS" "$(nproc)"
printf '%-14s %12s %12s %12s\n' "" "1 conn" "2 conn" "4 conn"
printf '%-14s %12s %12s %12s\n' "creates/s" "${R[create_1]}" "${R[create_2]}" "${R[create_4]}"
printf '%-14s %12s %12s %12s\n' "GETs/s" "${R[get_1]}" "${R[get_2]}" "${R[get_4]}"
printf 'BENCH_JSON {"plugin":%s,"seconds":%s,"creates_per_s":{"1":%s,"2":%s,"4":%s},"gets_per_s":{"1":%s,"2":%s,"4":%s},"non_2xx":%s}\n' \
  "$NEWSROOM_WP_PLUGIN" "$SECS" "${R[create_1]}" "${R[create_2]}" "${R[create_4]}" "${R[get_1]}" "${R[get_2]}" "${R[get_4]}" \
  "$(( R[create_bad_1] + R[create_bad_2] + R[create_bad_4] + R[get_bad_1] + R[get_bad_2] + R[get_bad_4] ))"
