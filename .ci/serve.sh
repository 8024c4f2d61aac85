# Sourced by load.sh and visits.sh: the tools they need, a phone's browser to send as, a release
# server run in the background (stopped on exit), and wrk's figures read into variables.
# The caller sets ADDR and BIN.

# A phone's browser: every page view is counted, as a person's would be.
AGENT='Mozilla/5.0 (Linux; Android 13; Pyongyang 2423) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'
for tool in wrk curl; do
  command -v $tool >/dev/null || { apt-get update -q && apt-get install -y -q $tool; }
done

SERVER=
stop_server() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  SERVER=
}
trap stop_server EXIT

# start_server LOG [NAME=VALUE…]: the server with these settings, its output added to LOG; returns
# once it answers /healthz, exits if it never does.
start_server() {
  local log=$1; shift
  env "$@" LEPTOS_SITE_ADDR="$ADDR" RUST_LOG=warn "$BIN" >>"$log" 2>&1 &
  SERVER=$!
  for _ in $(seq 300); do curl -fs "http://$ADDR/healthz" >/dev/null && break; sleep 0.2; done
  curl -fs "http://$ADDR/healthz" >/dev/null || { echo "the server did not start:"; cat "$log"; exit 1; }
}

# measure [WRK ARGS…] URL: wrk with load.lua as a phone; sets line (its summary) and requests rps
# p50_ms p99_ms dropped timeouts s2xx s3xx s4xx s5xx (declare them local in the caller). Returns 1
# if wrk gave no result.
measure() {
  line=$(wrk --timeout 10s -s .ci/load.lua -H "User-Agent: $AGENT" "$@" | grep '^OKRYU ' || true)
  [ -n "$line" ] || return 1
  eval "$(tr ' ' '\n' <<<"${line#OKRYU }")"
}
