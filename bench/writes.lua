-- wrk script for bench/idempotency.sh: one partner write per request, each a new one (new ids), with or without an
-- Idempotency-Key (a new key per request: the cost of a first request, claim and kept answer). Environment:
--   BENCH_TOKEN   bearer token of the client of the API
--   BENCH_WRITE   consumer   POST /issuers/BENCH00001/consumers (D1 register)
--                 citi       PUT  /v1/cards/status/detail (block one of the cards loaded for the run)
--                 blackhawk  POST /cards/v1/set-activation-codes (one code)
--                 triple     POST /partner/publishers
--   BENCH_KEYS    1: every request carries an Idempotency-Key
--   BENCH_RUN     prefix that makes this run's ids unique
-- Answers other than 2xx are counted and printed.

local token = os.getenv("BENCH_TOKEN")
local write = os.getenv("BENCH_WRITE") or "consumer"
local keys = os.getenv("BENCH_KEYS") == "1"
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
  headers["Authorization"] = "Bearer " .. token
  headers["Content-Type"] = "application/json"
  headers["x-correlation-id"] = "bench-" .. write .. "-" .. tid
  if write == "citi" then
    headers["Accept"] = "application/json"
    headers["uuid"] = "0b6a1c6e-2a8f-4f6e-9d0c-3f1f6f7e8a9b"
    headers["countryCode"] = "MX"
    headers["businessCode"] = "BNMX"
    headers["ChannelId"] = "MOBILE"
    headers["sid"] = "bench"
  end
end

function request()
  sequence = sequence + 1
  local id = string.format("%s-%d-%07d", run, tid, sequence)
  if keys then
    headers["Idempotency-Key"] = "bench-" .. write .. "-" .. id
  end
  if write == "consumer" then
    return wrk.format("POST", "/issuers/BENCH00001/consumers", headers,
      '{"consumerId":"bw-' .. id .. '","accounts":[{"accountId":"BWA-' .. id .. '"}]}')
  elseif write == "citi" then
    return wrk.format("PUT", "/v1/cards/status/detail", headers,
      '{"accountId":"BWC-' .. id .. '","cardStatusCode":"F","blockReasonCode":"Y1"}')
  elseif write == "blackhawk" then
    return wrk.format("POST", "/cards/v1/set-activation-codes", headers,
      string.format('[{"quoteNumber":"%s","proxyNumber":"60%d%010d","activationCode":"Bench%d"}]',
        os.getenv("BENCH_QUOTE") or "800000001", tid, sequence, sequence))
  else
    return wrk.format("POST", "/partner/publishers", headers,
      '{"external_id":"bw-' .. id .. '","name":"Bench publisher"}')
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
  io.write(string.format("non-2xx: %d\n", failed))
end
