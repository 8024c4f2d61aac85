#!/usr/bin/env bash
# `make bench`: what counting page views costs. The home page's throughput from phones' browsers
# (a phone's User-Agent, so every view is counted) with counting on and with it off
# (OKRYU_COUNT_VISITS=false), on the same SQLite database, in alternating runs; the medians must be
# within 5 %. Results: printed, and added to target/bench/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ADDR=${BENCH_ADDR:-127.0.0.1:3200}
BIN=./target/release/okryu
OUT=target/bench
RUNS=${VISITS_RUNS:-3}
SECONDS_EACH=${VISITS_SECONDS:-10}
mkdir -p "$OUT"
rm -f "$OUT"/visits.db*
. .ci/serve.sh

# Requests a second to / with counting on (true) or off (false).
run() {
  start_server "$OUT/visits-server.log" OKRYU_COUNT_VISITS="$1" OKRYU_DEMO=1 DATABASE_URL="sqlite://$OUT/visits.db"
  wrk -t2 -c64 -d2s -H "User-Agent: $AGENT" "http://$ADDR/" >/dev/null
  local line requests rps p50_ms p99_ms dropped timeouts s2xx s3xx s4xx s5xx
  measure -t2 -c64 "-d${SECONDS_EACH}s" "http://$ADDR/" || { echo "wrk gave no result" >&2; exit 1; }
  stop_server
  [ $((dropped + timeouts + s5xx)) -eq 0 ] || { echo "errors under load: $line" >&2; exit 1; }
  echo "$rps"
}

: >"$OUT/visits-server.log"
on=() off=()
for _ in $(seq "$RUNS"); do
  off+=("$(run false)")
  on+=("$(run true)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
m_on=$(median "${on[@]}") m_off=$(median "${off[@]}")
# The views the runs with counting on wrote (the last flush is on shutdown).
views=$(sqlite3 "$OUT/visits.db" 'SELECT SUM(views) FROM page_view_days' 2>/dev/null || echo '?')
{
  echo
  echo "Counting page views: / from a phone's browser, 64 connections, ${SECONDS_EACH} s a run, $RUNS runs each, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; budget: on within 5 % of off"
  awk -v on="$m_on" -v off="$m_off" -v runs_on="${on[*]}" -v runs_off="${off[*]}" -v views="$views" 'BEGIN {
    d = (on - off) / off * 100
    printf "| counting off | %s req/s (median of %s) |\n| counting on | %s req/s (median of %s) | %s views written |\n| difference | %+.1f %% | %s |\n",
      off, runs_off, on, runs_on, views, d, (d >= -5 ? "within" : "OVER")
    exit (d >= -5 ? 0 : 1)
  }'
} | tee -a "$OUT/summary.txt"
