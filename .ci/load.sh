#!/usr/bin/env bash
# The load test: every shopper page under overlapping requests against a release server, on a
# fresh database of each backend. Fails on any dropped connection, timeout, 5xx, unexpected status
# or panic in the server's log; prints requests/s and p50/p99 latency per page.
#   .ci/load.sh short   (make test: 16 connections, 3 s a page)
#   .ci/load.sh long    (make bench: 64 connections, 10 s a page)
# LOAD_BACKENDS=sqlite,postgres chooses the databases, LOAD_PAGES (a regular expression) the
# pages, OKRYU_BIN the server binary (another build's, for paired before/after runs); results go
# to target/load/.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-short}
case $mode in
  short) connections=16 seconds=3 ;;
  long) connections=64 seconds=10 ;;
  *) echo "usage: $0 short|long" >&2; exit 2 ;;
esac
OUT=target/load
BIN=${OKRYU_BIN:-./target/release/okryu}
ADDR=${LOAD_ADDR:-127.0.0.1:3300}
mkdir -p "$OUT"
. .ci/serve.sh

# The first href="/p/N" (or /g/…) in a page.
first_link() { grep -oE "href=\"/$2/[^\"?]+\"" <<<"$1" | head -1 | sed -E 's/^href="(.*)"$/\1/'; }

failed=0
run_backend() {
  local backend=$1 url log
  log="$OUT/server-$backend.log"
  case $backend in
    sqlite)
      rm -f "$OUT"/okryu.db*
      url="sqlite://$OUT/okryu.db" ;;
    postgres)
      local admin; admin=$(bash .ci/postgres.sh)
      PGOPTIONS='-c client_min_messages=warning' psql -q "$admin" -c 'DROP DATABASE IF EXISTS okryu_load WITH (FORCE)' -c 'CREATE DATABASE okryu_load'
      url="${admin%/*}/okryu_load" ;;
  esac
  # PostgreSQL deployments must name their secret key (SQLite makes one beside its file).
  : >"$log"
  start_server "$log" OKRYU_DEMO=1 OKRYU_SECRET_KEY=okryu-load-test-key-not-for-real-data-0123456789 DATABASE_URL="$url"

  local search; search=$(curl -fs "http://$ADDR/search?q=%ED%81%AC%EB%A6%BC%EB%B9%B5")
  local product; product=$(first_link "$search" p)
  local group; group=$(first_link "$(curl -fs "http://$ADDR$product")" g)
  local tray; tray=$(grep -oE 'href="/p/[0-9]+"' <<<"$(curl -fs "http://$ADDR/")" | grep -oE '[0-9]+' | awk '!seen[$0]++' | head -4 | paste -sd.)
  local session seller operator
  sign_in() {
    curl -fs -o /dev/null -D - -H "Origin: http://$ADDR" -H 'Accept: application/json' \
        --data "$1" "http://$ADDR/api/account/sign-in" \
      | grep -ioE 'okryu_session=[0-9a-f]+' | head -1
  }
  session=$(sign_in 'phone=0191-100-0001&password=okryu-shopper')
  seller=$(sign_in 'phone=0191-100-0003&password=okryu-seller')
  operator=$(sign_in 'phone=0191-100-0006&password=okryu-operator')
  # The seller's goods, downloaded and uploaded again: a preview comparing every line.
  local bulk
  bulk=$(curl -fs -H "Cookie: $seller" "http://$ADDR/api/seller/bulk-csv" \
    | curl -fs -H "Cookie: $seller" -H "Origin: http://$ADDR" -H 'Accept: application/json' \
        -F 'file=@-;filename=goods.csv' "http://$ADDR/api/seller/bulk-upload")
  [ -n "$product" ] && [ -n "$group" ] && [ -n "$session" ] && [ -n "$seller" ] && [ -n "$operator" ] && [ -n "$bulk" ] || {
    echo "cannot find the pages to load (product '$product', group '$group', sessions '${session:+yes}' '${seller:+yes}' '${operator:+yes}', bulk file '$bulk')"; exit 1; }

  # path | cookie
  local pages=(
    "/|"
    "/search?q=%ED%81%AC%EB%A6%BC|"
    "/search?sort=rating|"
    "/c/food|"
    "/s/kumsong-food|"
    "$product|"
    "$group|"
    "/compare|compare=$tray; deliver_to=pyongyang-central"
    "/food|deliver_to=pyongyang-central"
    "/r/okryukwan|deliver_to=pyongyang-central"
    "/cart|"
    "/login|"
    "/signup|"
    "/checkout?item=${product#/p/}&qty=1|$session"
    "/orders|$session"
    "/subscriptions|$session"
    "/subscriptions/new?item=${product#/p/}|$session"
    "/food/basket|$session; deliver_to=pyongyang-central"
    "/food/checkout|$session"
    "/account|$session"
    "/seller/sales?days=90|$seller"
    "/seller/bulk?file=$bulk|$seller"
    "/operator|$operator"
    "/operator/people?q=0191|$operator"
    "/sell|$session"
  )
  printf '%-9s %-34s %9s %9s %9s %9s %8s %6s %6s\n' backend page requests 'req/s' 'p50 ms' 'p99 ms' dropped 5xx other | tee -a "$OUT/summary.txt"
  local entry path cookie line requests rps p50_ms p99_ms dropped timeouts s2xx s3xx s4xx s5xx
  for entry in "${pages[@]}"; do
    path=${entry%%|*}; cookie=${entry#*|}
    [[ $path =~ ${LOAD_PAGES:-.} ]] || continue
    local args=(-t2 "-c$connections" "-d${seconds}s")
    [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
    measure "${args[@]}" "http://$ADDR$path" || { echo "wrk gave no result for $path"; failed=1; continue; }
    local other=$((s3xx + s4xx))
    printf '%-9s %-34s %9s %9s %9s %9s %8s %6s %6s\n' "$backend" "${path:0:34}" "$requests" "$rps" "$p50_ms" "$p99_ms" \
      "$((dropped + timeouts))" "$s5xx" "$other" | tee -a "$OUT/summary.txt"
    if [ $((dropped + timeouts + s5xx + other)) -gt 0 ] || [ "$s2xx" -eq 0 ]; then failed=1; fi
  done
  stop_server
  if grep -q 'panicked' "$log"; then
    echo "the server panicked under load ($backend):"; grep -A3 'panicked' "$log" | head -20; failed=1
  fi
  [ "$backend" = postgres ] && psql -q "$(bash .ci/postgres.sh)" -c 'DROP DATABASE IF EXISTS okryu_load WITH (FORCE)'
  return 0
}

: >"$OUT/summary.txt"
echo "Load test ($mode): $connections connections, ${seconds} s a page, release build, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
IFS=, read -ra backends <<<"${LOAD_BACKENDS:-sqlite,postgres}"
for b in "${backends[@]}"; do run_backend "$b"; done
if [ "$failed" -ne 0 ]; then
  echo "load test FAILED: dropped connections, 5xx, unexpected answers or a panic (see above and $OUT/)"
  exit 1
fi
echo "load test passed: 0 dropped, 0 5xx, 0 panics"
