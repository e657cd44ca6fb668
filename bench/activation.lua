-- wrk script for bench/activation.sh: POST /cards/v1/set-activation-codes with 1,000-record bodies.
-- Environment: BENCH_TOKEN (bearer token), BENCH_MODE (fresh | overwrite), BENCH_RUN (digits, unique per run),
-- BENCH_RECORDS (records per request, default 1000).
--   fresh:     every request sets codes for 1,000 cards never seen before (a new quote number per request)
--   overwrite: each connection (one per wrk thread) replaces the codes of its own 1,000 cards again and again
-- Every answer must be 200: anything else is counted and reported.

local token = os.getenv("BENCH_TOKEN")
local mode = os.getenv("BENCH_MODE") or "fresh"
local run = os.getenv("BENCH_RUN") or "1"
local records = tonumber(os.getenv("BENCH_RECORDS") or "1000")

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local proxies = {}
local sent = 0
local failures = 0

function init(args)
  for i = 1, records do
    -- 19 digits: built as text (LuaJIT numbers are doubles and cannot hold them exactly)
    proxies[i] = "60395304" .. string.format("%011d", i)
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  sent = sent + 1
  local quote
  if mode == "fresh" then
    quote = string.format("%s%d%06d", run, tid, sent)
  else
    quote = string.format("%s%d", run, tid)
  end
  local parts = {}
  for i = 1, records do
    parts[i] = '{"quoteNumber":"' .. quote .. '","proxyNumber":"' .. proxies[i]
        .. '","activationCode":"C' .. sent .. 'x' .. i .. '"}'
  end
  return wrk.format(nil, "/cards/v1/set-activation-codes", nil, "[" .. table.concat(parts, ",") .. "]")
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then
      io.stderr:write("non-200 answer " .. status .. ": " .. body .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local non200 = 0
  for _, thread in ipairs(threads) do
    non200 = non200 + (thread:get("failures") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT mode=%s requests=%d non200=%d seconds=%.2f req_per_s=%.2f records_per_s=%.0f "
      .. "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f\n",
      mode, summary.requests, non200, seconds, summary.requests / seconds, summary.requests * records / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, latency.mean / 1000))
end
