-- wrk script for .ci/load.sh: counts answers by status class in every thread and prints one
-- machine-readable line at the end (wrk itself only counts "non-2xx or 3xx" together).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  s2, s3, s4, s5 = 0, 0, 0, 0
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local c2, c3, c4, c5 = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c2 = c2 + t:get("s2"); c3 = c3 + t:get("s3"); c4 = c4 + t:get("s4"); c5 = c5 + t:get("s5")
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "OKRYU requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f dropped=%d timeouts=%d s2xx=%d s3xx=%d s4xx=%d s5xx=%d\n",
    summary.requests, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write, e.timeout, c2, c3, c4, c5))
end
