-- wrk script for bench/consumer.sh (consumer-service, seed 001). Environment:
--   BENCH_TOKEN   bearer token (consumers:operations, issuer BENCH00001)
--   BENCH_MODE    hot      GET .../consumers/bench-hot/operations?limit=10&offset=<0..490> (a consumer with 500 operations)
--                 list     GET .../consumers/bench-c<random>/operations (one of 100,000 consumers, default limit)
--                 one      GET .../consumers/bench-c<random>/operations/<one of its operations>
--                 delete   POST .../consumers/bench-d<run><thread><n>/operations:delete (pre-registered consumers)
--   BENCH_CONSUMERS  number of bench-c consumers (default 100000)
--   BENCH_RUN     prefix of the delete consumers of this run
-- Any answer other than 200 is counted; for deletes, the statuses in the bodies are counted too.

local token = os.getenv("BENCH_TOKEN")
local mode = os.getenv("BENCH_MODE") or "hot"
local consumers = tonumber(os.getenv("BENCH_CONSUMERS") or "100000")
local run = os.getenv("BENCH_RUN") or "r1"
local base = "/issuers/BENCH00001/consumers/"

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

-- per-thread counters are globals: done() reads them with thread:get()
sequence = 0
failures = 0
successful = 0
pending = 0
failed = 0
local headers = {}

function init(args)
  math.randomseed(os.time() * 1000 + tid)
  headers["Authorization"] = "Bearer " .. token
  headers["x-correlation-id"] = "bench-" .. mode .. "-" .. tid
end

local function consumer(i)
  return string.format("bench-c%06d", i)
end

function request()
  if mode == "hot" then
    local offset = math.random(0, 49) * 10
    return wrk.format("GET", base .. "bench-hot/operations?limit=10&offset=" .. offset, headers)
  elseif mode == "list" then
    return wrk.format("GET", base .. consumer(math.random(1, consumers)) .. "/operations", headers)
  elseif mode == "one" then
    local i = math.random(1, consumers)
    local suffix = ({"A", "B", "C"})[math.random(1, 3)]
    return wrk.format("GET", base .. consumer(i) .. "/operations/" .. string.format("OPR%06d%s", i, suffix), headers)
  else
    sequence = sequence + 1
    local id = string.format("bench-d%s-%02d-%06d", run, tid, sequence)
    return wrk.format("POST", base .. id .. "/operations:delete", headers)
  end
end

function response(status, hdrs, body)
  if status ~= 200 then
    failures = failures + 1
  elseif mode == "delete" then
    if string.find(body, "SUCCESSFUL", 1, true) then
      successful = successful + 1
    elseif string.find(body, "PENDING", 1, true) then
      pending = pending + 1
    else
      failed = failed + 1
    end
  end
end

function done(summary, latency, requests)
  local bad, ok, pend, fail = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("failures")
    ok = ok + t:get("successful")
    pend = pend + t:get("pending")
    fail = fail + t:get("failed")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT mode=%s requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non200=%d "
      .. "errors=%d", mode, summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
      latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  if mode == "delete" then
    io.write(string.format(" successful=%d pending=%d failed=%d", ok, pend, fail))
  end
  io.write("\n")
end
