-- wrk script for bench/replicas.sh: one kind of request through the front door. Environment:
--   BENCH_KIND    token    POST /oauth2/token (client_credentials, HTTP Basic; BASIC = base64(client:secret))
--                 write    POST /partner/publishers (a new publisher per request; BENCH_TOKEN, BENCH_RUN)
--                 read     GET  /partner/publishers/{BENCH_ID} (BENCH_TOKEN)
-- Prints one RESULT line: requests/s, latency percentiles (ms) and the answers other than 2xx.
local kind = os.getenv("BENCH_KIND") or "read"
local run = os.getenv("BENCH_RUN") or "r1"

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

sequence = 0
failures = 0
local headers = {}

function init(args)
  if kind == "token" then
    headers["Authorization"] = "Basic " .. os.getenv("BASIC")
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  else
    headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
    headers["Content-Type"] = "application/json"
  end
end

function request()
  sequence = sequence + 1
  if kind == "token" then
    return wrk.format("POST", "/oauth2/token", headers, "grant_type=client_credentials")
  elseif kind == "write" then
    return wrk.format("POST", "/partner/publishers", headers,
      string.format('{"external_id":"br-%s-%d-%07d","name":"Bench publisher"}', run, tid, sequence))
  else
    return wrk.format("GET", "/partner/publishers/" .. os.getenv("BENCH_ID"), headers)
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    failures = failures + 1
    if failures <= 3 then
      io.stderr:write("unexpected " .. status .. ": " .. body .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50=%.2f p99=%.2f max=%.2f non2xx=%d socket_errors=%d requests=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, failed, errors, summary.requests))
end
