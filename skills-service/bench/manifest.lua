-- wrk script: GET /v1/skills/manifest, alternating a cold read (200 with the body) and a revalidation
-- (If-None-Match with the current ETag, answered 304). Env: AF_BENCH_TOKEN (Bearer credential),
-- AF_BENCH_ETAG (quoted ETag), AF_BENCH_REVALIDATE_PERCENT (default 50).
local token = os.getenv("AF_BENCH_TOKEN")
local etag = os.getenv("AF_BENCH_ETAG")
local percent = tonumber(os.getenv("AF_BENCH_REVALIDATE_PERCENT") or "50")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  ok = 0
  not_modified = 0
  other = 0
  cold = wrk.format("GET", "/v1/skills/manifest?channel=stable", { ["Authorization"] = "Bearer " .. token })
  warm = wrk.format("GET", "/v1/skills/manifest?channel=stable",
    { ["Authorization"] = "Bearer " .. token, ["If-None-Match"] = etag })
end

function request()
  counter = counter + 1
  if (counter % 100) < percent then
    return warm
  end
  return cold
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 304 then
    not_modified = not_modified + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_304, total_other = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_304 = total_304 + thread:get("not_modified")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("responses: 200=%d 304=%d other=%d\n", total_ok, total_304, total_other))
  io.write(string.format("summary: requests/s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
