#!/usr/bin/env bash
# `make bench`: what the home and comparison pages cost a phone on a slow link, how fast search and
# pages render at growing catalog sizes, and checkout throughput beside pgbench's ceiling.
#   1. compressed bytes (brotli, as served) of the HTML, CSS, JS and WASM of the first load of `/`;
#   2. Lighthouse, mobile form factor with its default (slow 4G, 4x CPU) throttling, in Debian's Chromium.
# Results: printed, and written under target/bench/ (lighthouse-home.json, summary.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

command -v curl >/dev/null || { apt-get update -q && apt-get install -y -q curl; }

ADDR=${BENCH_ADDR:-127.0.0.1:3200}
OUT=target/bench
mkdir -p "$OUT"
rm -f "$OUT"/okryu.db* "$OUT/lighthouse.log"

DATABASE_URL="sqlite://$OUT/okryu.db" LEPTOS_SITE_ADDR="$ADDR" RUST_LOG=warn ./target/release/okryu &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://$ADDR/healthz" >/dev/null && break; sleep 0.2; done

# Lighthouse now and then fails to record a trace (NO_NAVSTART): up to three tries.
lighthouse_run() {
  for try in 1 2 3; do
    CHROME_PATH=/usr/bin/chromium lighthouse "$@" >/dev/null 2>>"$OUT/lighthouse.log" && return 0
    echo "lighthouse try $try failed, see $OUT/lighthouse.log" >&2
  done
  return 1
}

br_bytes() { curl -fs -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "http://$ADDR$1"; }
raw_bytes() { curl -fs -o /dev/null -w '%{size_download}' "http://$ADDR$1"; }

html=$(curl -fs "http://$ADDR/")
css=$(grep -oE '/pkg/[A-Za-z0-9._-]+\.css' <<<"$html" | head -1)
js=$(grep -oE '/pkg/[A-Za-z0-9._-]+\.js' <<<"$html" | head -1)
wasm=$(grep -oE '/pkg/[A-Za-z0-9._-]+\.wasm' <<<"$html" | head -1)
if [ -z "$wasm" ]; then wasm="${js%.js}_bg.wasm"; fi

{
  echo "Okryu page weight and Lighthouse, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)"
  printf '%-6s %-44s %10s %12s\n' part file brotli uncompressed
  total_code=0
  for part in html css js wasm; do
    case $part in html) path=/ ;; css) path=$css ;; js) path=$js ;; wasm) path=$wasm ;; esac
    b=$(br_bytes "$path"); r=$(raw_bytes "$path")
    printf '%-6s %-44s %10s %12s\n' "$part" "$path" "$b" "$r"
    if [ "$part" = js ] || [ "$part" = wasm ]; then total_code=$((total_code + b)); fi
  done
  awk -v b="$total_code" 'BEGIN { printf "JS+WASM brotli: %d bytes (%.1f KB; budget 150 KB)\n", b, b / 1024 }'
} | tee "$OUT/summary.txt"

lighthouse_run "http://$ADDR/" \
  --quiet --only-categories=performance --form-factor=mobile \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
  --output=json --output-path="$OUT/lighthouse-home.json" || {
  echo "lighthouse failed: see $OUT/lighthouse.log"; exit 1; }

node -e '
  const r = require(process.argv[1]);
  const a = r.audits, ms = (k) => Math.round(a[k].numericValue);
  console.log(`Lighthouse mobile performance: ${Math.round(r.categories.performance.score * 100)} ` +
    `(FCP ${ms("first-contentful-paint")} ms, LCP ${ms("largest-contentful-paint")} ms, ` +
    `TBT ${ms("total-blocking-time")} ms, CLS ${a["cumulative-layout-shift"].numericValue.toFixed(3)}, ` +
    `SI ${ms("speed-index")} ms)`);
' "$PWD/$OUT/lighthouse-home.json" | tee -a "$OUT/summary.txt"
# The comparison page with a full tray (the first four goods of the home page), priced to a district.
tray=$(grep -oE 'href="/p/[0-9]+"' <<<"$html" | grep -oE '[0-9]+' | awk '!seen[$0]++' | head -4 | paste -sd.)
cookie="compare=$tray; deliver_to=pyongyang-central"
curl -fs -H "Cookie: $cookie" "http://$ADDR/compare" | grep -q 'data-testid="compare-column"' || {
  echo "the comparison page did not render its columns"; exit 1; }
lighthouse_run "http://$ADDR/compare" \
  --quiet --only-categories=performance --form-factor=mobile \
  --extra-headers="{\"Cookie\": \"$cookie\"}" \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
  --output=json --output-path="$OUT/lighthouse-compare.json" || {
  echo "lighthouse failed on /compare: see $OUT/lighthouse.log"; exit 1; }
node -e '
  const r = require(process.argv[1]);
  const a = r.audits, ms = (k) => Math.round(a[k].numericValue);
  console.log(`Lighthouse mobile performance, /compare (4 items): ${Math.round(r.categories.performance.score * 100)} ` +
    `(FCP ${ms("first-contentful-paint")} ms, LCP ${ms("largest-contentful-paint")} ms, ` +
    `TBT ${ms("total-blocking-time")} ms, CLS ${a["cumulative-layout-shift"].numericValue.toFixed(3)})`);
' "$PWD/$OUT/lighthouse-compare.json" | tee -a "$OUT/summary.txt"
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; trap - EXIT

# Search latency and catalog-page render time at growing catalog sizes, on both databases.
echo
echo "Search, /c/food and /compare render time (in-process, release build; fresh database per size):"
TEST_POSTGRES_URL="$(bash .ci/postgres.sh)" cargo run -q --release --features ssr --bin okryu-bench -- \
  --sizes "${BENCH_SIZES:-1000,10000,100000}" --backends "${BENCH_BACKENDS:-sqlite,postgres}" \
  | tee "$OUT/catalog.md"

# The ceiling for checkout throughput on PostgreSQL: pgbench's TPC-B-like transactions on the same
# server, with as many clients in flight as the checkout benchmark.
if [[ ",${BENCH_BACKENDS:-sqlite,postgres}," == *,postgres,* ]]; then
  admin="$(bash .ci/postgres.sh)"
  PGOPTIONS='-c client_min_messages=warning' psql -q "$admin" -c 'DROP DATABASE IF EXISTS okryu_pgbench' -c 'CREATE DATABASE okryu_pgbench'
  pgdb="${admin%/*}/okryu_pgbench"
  pgbench -q -i -s 10 "$pgdb" >/dev/null 2>&1
  tps=$(pgbench -c 32 -j 2 -T 15 "$pgdb" 2>/dev/null | awk '/^tps/ {print int($3); exit}')
  echo "pgbench (TPC-B-like, scale 10, 32 clients, 15 s) on the same PostgreSQL: $tps transactions/s" \
    | tee -a "$OUT/catalog.md"
  psql -q "$admin" -c 'DROP DATABASE okryu_pgbench'
fi
