#!/usr/bin/env bash
# kpilot-bridge against nginx serving the same bytes as a static file: wrk at
# 64 connections on a cached 1,000-row page of KPI values, requests per second
# and latency percentiles for both, and the bridge's peak memory before and
# after. Loopback only, bounded in time. See README.md beside this file.
#
#   bench/bridge/run.sh            the comparison
#   bench/bridge/run.sh --perf     and then a perf profile of the bridge under the same load
#
# KPILOT_BENCH_DIR (default /tmp/kpilot-bench) keeps bridge/: the data folder,
# the page, nginx's config and log, each wrk report and the profile.
set -euo pipefail

profile=no
case "${1:-}" in
  "") ;;
  --perf) profile=yes ;;
  *) echo "usage: $0 [--perf]" >&2; exit 2 ;;
esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
duration="${KPILOT_BENCH_DURATION:-10s}"
rounds="${KPILOT_BENCH_ROUNDS:-3}"
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "KPILOT_BENCH_ROUNDS must be 1 to 99" >&2; exit 2; }
[[ "$duration" =~ ^[1-9][0-9]*[sm]?$ ]] || { echo "KPILOT_BENCH_DURATION must be like 10s" >&2; exit 2; }
connections=64
wrk_threads=2
bridge_threads=2   # kpilot-bridge's default; nginx gets as many worker processes
scratch="${KPILOT_BENCH_DIR:-/tmp/kpilot-bench}/bridge"
case "$(mkdir -p "$scratch" && cd "$scratch" && pwd)/" in
  "$repo"/*) echo "KPILOT_BENCH_DIR must be outside the repository" >&2; exit 2 ;;
esac
scratch="$(cd "$scratch" && pwd)"
fail() { echo "bench: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

# --- What it needs --------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v curl >/dev/null || missing+=(curl)
[ -x /usr/bin/python3 ] || missing+=(python3)
if [ "$profile" = yes ]; then command -v perf >/dev/null || missing+=(linux-perf); fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # Debian starts nginx on 0.0.0.0:80 when it installs it, unless policy-rc.d says
  # no: this benchmark serves loopback only, on its own port, with its own config.
  policy=/usr/sbin/policy-rc.d
  own_policy=no
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    own_policy=yes
  fi
  $sudo apt-get update -qq || echo "bench: apt-get update reported errors; trying the install anyway" >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ "$own_policy" = yes ] && $sudo rm -f "$policy"
fi
nginx="$(command -v nginx || echo /usr/sbin/nginx)"
python=/usr/bin/python3

# KPILOT_BRIDGE benchmarks another build of the bridge (say, a change under trial).
if [ -n "${KPILOT_BRIDGE:-}" ]; then
  bridge="$KPILOT_BRIDGE"
  [ -x "$bridge" ] || fail "KPILOT_BRIDGE=$bridge is not a program"
  build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$bridge")/../CMakeCache.txt" 2>/dev/null)"
  build_type="${build_type:-unknown} build at $bridge"
else
  if [ ! -f "$repo/build/build.ninja" ]; then
    say "configuring build/"
    "$repo/scripts/install-deps.sh"
    cmake -S "$repo" -B "$repo/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKPILOT_WERROR=ON >/dev/null
  fi
  cmake --build "$repo/build" --target kpilot-bridge >/dev/null
  bridge="$repo/build/powerbi-connector/kpilot-bridge"
  build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$repo/build/CMakeCache.txt")"
fi

# --- Processes, stopped whatever happens ------------------------------------------
bridge_pid=""
nginx_pid=""
cleanup() {
  [ -n "$bridge_pid" ] && kill -TERM "$bridge_pid" 2>/dev/null && wait "$bridge_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill -TERM "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Data: the samples and a generated dataset of more than 1,000 long-form rows ----
rm -rf "$scratch/data" "$scratch/www" "$scratch/nginx" "$scratch"/wrk-*.txt "$scratch"/perf*
mkdir -p "$scratch/data/bench" "$scratch/www/odata" "$scratch/nginx"
for sample in "$repo"/samples/*/; do
  [ -f "$sample/model.json" ] && cp -r "$sample" "$scratch/data/"
done
# The marketing model's attribution sets read the journeys beside it.
cp -r "$repo/samples/attribution" "$scratch/data/"
cp "$here/model.json" "$scratch/data/bench/model.json"
# 8 channels x 30 days x 5 KPIs = 1,200 detail rows, plus a subtotal per day and
# KPI and the totals: 1,355 rows in Bench_Values. awk's srand(1) keeps it the same.
awk 'BEGIN {
  srand(1)
  print "date,channel,spend,impressions,clicks,leads,customers,revenue"
  for (d = 1; d <= 30; ++d)
    for (c = 1; c <= 8; ++c) {
      customers = int(rand() * 4)
      printf "2026-06-%02d,Channel %d,%.2f,%d,%d,%d,%d,%.2f\n", d, c, 50 + rand() * 500, 1000 + int(rand() * 20000),
             10 + int(rand() * 400), int(rand() * 30), customers, customers * (200 + rand() * 3000)
    }
}' > "$scratch/data/bench/data.csv"

# --- The bridge -------------------------------------------------------------------
"$bridge" --data "$scratch/data" --port 0 --threads "$bridge_threads" >"$scratch/bridge.out" 2>"$scratch/bridge.err" &
bridge_pid=$!
base=""
for _ in $(seq 1 600); do
  base="$(sed -n 's/^kpilot-bridge: serving \(http:[^ ]*\)$/\1/p' "$scratch/bridge.out")"
  [ -n "$base" ] && break
  kill -0 "$bridge_pid" 2>/dev/null || fail "kpilot-bridge stopped: $(cat "$scratch/bridge.err")"
  sleep 0.1
done
[ -n "$base" ] || fail "kpilot-bridge printed no URL in 60 s"
bridge_port="$(echo "$base" | sed 's|http://127.0.0.1:\([0-9]*\)/.*|\1|')"
path='/odata/Bench_Values?$top=1000'
bridge_url="http://127.0.0.1:$bridge_port$path"

# The page, twice: the second must be the same bytes (computed once, served from then on).
curl -sS -f -o "$scratch/www/odata/Bench_Values" "$bridge_url" || fail "GET $bridge_url failed"
curl -sS -f -o "$scratch/page-again.json" "$bridge_url"
cmp -s "$scratch/www/odata/Bench_Values" "$scratch/page-again.json" || fail "two GETs of $bridge_url differ"
rows="$("$python" -c 'import json, sys; d = json.load(open(sys.argv[1])); assert "@odata.nextLink" not in d; print(len(d["value"]))' "$scratch/www/odata/Bench_Values")"
[ "$rows" = 1000 ] || fail "the page holds $rows rows, not 1,000"
page_bytes="$(stat -c %s "$scratch/www/odata/Bench_Values")"

# --- nginx: the same bytes at the same path, loopback only, on a free port ---------------
nginx_port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$scratch/nginx/nginx.conf" <<EOF
# The baseline: a static file with the bridge's content type and OData-Version.
worker_processes $bridge_threads;
pid $scratch/nginx/nginx.pid;
error_log $scratch/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  # The bridge keeps a connection for as many requests as the client sends.
  keepalive_requests 1000000;
  client_body_temp_path $scratch/nginx/client_body;
  proxy_temp_path $scratch/nginx/proxy;
  fastcgi_temp_path $scratch/nginx/fastcgi;
  uwsgi_temp_path $scratch/nginx/uwsgi;
  scgi_temp_path $scratch/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $scratch/www;
    location = /odata/Bench_Values {
      default_type "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false";
      add_header OData-Version 4.0;
    }
  }
}
EOF
# nginx's workers run as nobody: they must be able to read the page.
chmod 755 "$scratch" "$scratch/www" "$scratch/www/odata"
chmod 644 "$scratch/www/odata/Bench_Values"
"$nginx" -p "$scratch/nginx" -c "$scratch/nginx/nginx.conf" -g 'daemon off;' 2>"$scratch/nginx/stderr" &
nginx_pid=$!
nginx_url="http://127.0.0.1:$nginx_port$path"
for _ in $(seq 1 100); do
  curl -sS -f -o "$scratch/page-nginx.json" "$nginx_url" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || fail "nginx stopped: $(cat "$scratch/nginx/stderr" "$scratch/nginx/error.log" 2>/dev/null)"
  sleep 0.1
done
cmp -s "$scratch/www/odata/Bench_Values" "$scratch/page-nginx.json" || fail "nginx does not serve the bridge's bytes"

# --- Load ----------------------------------------------------------------------------
# Rounds alternate bridge and nginx, so that anything else the machine does
# falls on both alike; the report takes the median round of each.
memory() { awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status"; }
run_wrk() {  # name url duration
  wrk -t"$wrk_threads" -c"$connections" -d"$3" --latency "$2" >"$scratch/wrk-$1.txt" 2>&1 || fail "wrk against $1 failed: $(cat "$scratch/wrk-$1.txt")"
}
hwm_start="$(memory "$bridge_pid" VmHWM)"
rss_start="$(memory "$bridge_pid" VmRSS)"
say "warming up (2 s each)"
run_wrk bridge-warmup "$bridge_url" 2s
run_wrk nginx-warmup "$nginx_url" 2s
hwm_warm="$(memory "$bridge_pid" VmHWM)"
hwm_rounds=()
for round in $(seq 1 "$rounds"); do
  say "round $round of $rounds: wrk -t$wrk_threads -c$connections -d$duration --latency on kpilot-bridge, then nginx"
  run_wrk "bridge-$round" "$bridge_url" "$duration"
  hwm_rounds+=("$(memory "$bridge_pid" VmHWM)")
  run_wrk "nginx-$round" "$nginx_url" "$duration"
done
rss_end="$(memory "$bridge_pid" VmRSS)"

# --- Report ----------------------------------------------------------------------------
set +e
"$python" - "$scratch" "$rounds" "$page_bytes" "$build_type" "$(nproc)" "$duration" "$rss_start" "$rss_end" "$hwm_start" "$hwm_warm" "${hwm_rounds[@]}" <<'PY'
import re, statistics, sys
scratch, rounds, page_bytes, build_type, cores, duration = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:7]
rss_start, rss_end, hwm_start, hwm_warm, *hwm_rounds = (int(x) / 1024 for x in sys.argv[7:])

def ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

def read(name):
    text = open(f"{scratch}/wrk-{name}.txt").read()
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for p in ("50", "90", "99"):
        result[p] = ms(re.search(rf"^\s+{p}%\s+(\S+)", text, re.M).group(1))
    result["requests"] = int(re.search(r"(\d+) requests in", text).group(1))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    status = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result["errors"] = (sum(map(int, socket.groups())) if socket else 0) + (int(status.group(1)) if status else 0)
    return result

runs = {server: [read(f"{server}-{r}") for r in range(1, rounds + 1)] for server in ("bridge", "nginx")}
# The median round by requests per second, reported whole (its own percentiles).
median = {server: sorted(rs, key=lambda r: r["rps"])[(len(rs) - 1) // 2] for server, rs in runs.items()}
label = {"bridge": "kpilot-bridge", "nginx": "nginx"}
print(f"GET /odata/Bench_Values?$top=1000: {page_bytes:,} bytes, the same from both servers")
print(f"wrk -t2 -c64 -d{duration} --latency, {rounds} rounds alternating; {cores} cores shared by wrk and the server")
print(f"kpilot-bridge {build_type}, 2 threads; nginx, 2 workers, sendfile")
print()
print(f"{'server':<22}{'requests/s':>12}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'errors':>8}")
for server in ("bridge", "nginx"):
    for r, run in enumerate(runs[server], 1):
        print(f"{label[server] + f' round {r}':<22}{run['rps']:>12,.0f}{run['50']:>9.2f}{run['90']:>9.2f}{run['99']:>9.2f}{run['errors']:>8}")
for server in ("bridge", "nginx"):
    m = median[server]
    print(f"{label[server] + ' median':<22}{m['rps']:>12,.0f}{m['50']:>9.2f}{m['90']:>9.2f}{m['99']:>9.2f}{sum(r['errors'] for r in runs[server]):>8}")
ratio = median["nginx"]["rps"] / median["bridge"]["rps"]
print()
print(f"nginx / kpilot-bridge: {ratio:.2f}x requests per second (target: within 2x: {'met' if ratio <= 2 else 'NOT met'}); "
      f"p99 {median['bridge']['99'] / median['nginx']['99']:.2f}x nginx's")
print(f"kpilot-bridge VmRSS: {rss_start:.1f} MB at start, {rss_end:.1f} MB after the load")
print(f"kpilot-bridge VmHWM (peak): {hwm_start:.1f} MB at start, {hwm_warm:.1f} MB after warm-up, "
      + ", ".join(f"{h:.1f}" for h in hwm_rounds) + " MB after each round")
sys.exit(1 if any(r["errors"] for rs in runs.values() for r in rs) else 0)
PY
status=$?
set -e

# --- Optional: where the bridge spends its time under the same load --------------------
if [ "$profile" = yes ]; then
  say "perf record of kpilot-bridge during another wrk run"
  wrk -t"$wrk_threads" -c"$connections" -d12s "$bridge_url" >"$scratch/wrk-perf.txt" 2>&1 &
  wrk_pid=$!
  sleep 1
  # DWARF call graphs: the build has debug information but no frame pointers.
  perf record -F 499 --call-graph dwarf,32768 -p "$bridge_pid" -o "$scratch/perf.data" -- sleep 6 >/dev/null 2>&1
  wait "$wrk_pid"
  perf script -i "$scratch/perf.data" -F ip,sym 2>/dev/null >"$scratch/perf-script.txt"
  # Each sample charged to its leaf function and to the first kpilot (else
  # Beast) frame above it: which of the bridge's own steps the time belongs to.
  "$python" - "$scratch/perf-script.txt" <<'PY' | tee "$scratch/perf-summary.txt"
import collections, re, sys

def name(frame):
    frame = frame.split(" ", 1)[1] if " " in frame else frame
    frame = frame.replace("(anonymous namespace)", "{anonymous}")
    for _ in range(4):
        frame = re.sub(r"<[^<>]*>", "", frame)
    return re.sub(r"\(.*", "", frame).strip()[:100]

owners, pairs, n = collections.Counter(), collections.Counter(), 0
for sample in open(sys.argv[1]).read().split("\n\n"):
    frames = [name(line.strip()) for line in sample.strip().splitlines() if line.strip()]
    if not frames:
        continue
    n += 1
    owner = next((f for f in frames if f.startswith("kpilot::")), None) or next((f for f in frames if "beast::" in f), "other")
    owners[owner] += 1
    pairs[(frames[0], owner)] += 1
print(f"\n{n} samples of kpilot-bridge under wrk -c64")
print("\nBy the bridge's own frame (inclusive):")
for owner, count in owners.most_common(12):
    print(f"  {100 * count / n:5.1f}%  {owner}")
print("\nLeaf function <- bridge frame:")
for (leaf, owner), count in pairs.most_common(15):
    print(f"  {100 * count / n:5.1f}%  {leaf}  <-  {owner}")
PY
fi
exit "$status"
