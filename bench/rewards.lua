-- wrk script for POST /partner/card-account.by-ids (rewards-account-service).
-- Reads a sample of existing external ids (one "account,program,publisher" per line, written by bench/rewards.sh)
-- and rotates through them with four request shapes: account id alone, account+program, account+publisher,
-- all three. Every request names an existing account, so every answer should be a 200.
local ids = {}
local counter = 0
local token = os.getenv("REWARDS_BENCH_TOKEN")
local sample = os.getenv("REWARDS_BENCH_SAMPLE")

function init(args)
  for line in io.lines(sample) do
    local account, program, publisher = line:match("([^,]+),([^,]+),([^,]+)")
    if account then
      ids[#ids + 1] = { account, program, publisher }
    end
  end
  -- each wrk thread starts at another place of the sample
  counter = (tid or 0) * math.floor(#ids / 2)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  counter = counter + 1
  local entry = ids[(counter % #ids) + 1]
  local shape = counter % 4
  local body
  if shape == 0 then
    body = '{"card_account_external_id":"' .. entry[1] .. '"}'
  elseif shape == 1 then
    body = '{"card_account_external_id":"' .. entry[1] .. '","card_program_external_id":"' .. entry[2] .. '"}'
  elseif shape == 2 then
    body = '{"card_account_external_id":"' .. entry[1] .. '","publisher_external_id":"' .. entry[3] .. '"}'
  else
    body = '{"card_account_external_id":"' .. entry[1] .. '","card_program_external_id":"' .. entry[2]
        .. '","publisher_external_id":"' .. entry[3] .. '"}'
  end
  return wrk.format(nil, "/partner/card-account.by-ids", nil, body)
end

non2xx = 0 -- global: read by done() through thread:get
function response(status, headers, body)
  if status ~= 200 then
    non2xx = non2xx + 1
  end
end

-- per-thread counters are summed through the threads' globals in done()
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_s=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non200=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, bad, errors))
end
