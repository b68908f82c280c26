-- wrk script: each request is a distinct Telegram update (private text) from one of 1000 chats.
-- Counts 200 / other answers per thread and prints them at the end for the zero-loss check.
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  secret = args[1] or "bench-secret"
  base = id * 1000000000 + (tonumber(args[2]) or 0)
  seq = 0
  ok = 0
  -- every message id answered 200 goes to a file, so the verifier can look each one up on the topic
  acked = args[3] and io.open(string.format("%s/acked-%d-%d.txt", args[3], id, tonumber(args[2]) or 0), "w")
  other = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = secret
end

function request()
  seq = seq + 1
  local chat = 100000 + (seq % 1000)
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":1748938442,' ..
    '"from":{"id":%d,"is_bot":false,"first_name":"Load"},' ..
    '"chat":{"id":%d,"first_name":"Load","type":"private"},"text":"benchmark message %d"}}',
    base + seq, seq, chat, chat, seq)
  return wrk.format(nil, "/telegram/webhook", nil, body)
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    if acked then
      local message_id = string.match(body, '"messageId":"([^"]+)"')
      if message_id then acked:write(message_id, "\n") end
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_other = total_other + t:get("other")
  end
  io.write(string.format("answered_200=%d answered_other=%d\n", total_ok, total_other))
  io.write(string.format("latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
