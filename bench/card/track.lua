-- wrk script: POST operations:track with pre-generated JWEs (bench/card/Prepare.java), each JWE sent once.
-- A track request's operation id derives from the request (card-service README, "Write outcomes"), so a JWE sent a
-- second time is a repetition answered from the existing operation: the threads take disjoint stripes of the file
-- and done() says how many requests had to reuse a JWE (then the figures are not those of new operations).
-- The warm-up takes the file's first TRACK_SPLIT lines, the measured run the rest (TRACK_PART=warmup|measured).
-- env: TRACK_FILE, TOKEN, ISSUER, WRK_THREADS, TRACK_PART, TRACK_SPLIT
local items = {}
local split = tonumber(os.getenv("TRACK_SPLIT") or "0")
local warmup = os.getenv("TRACK_PART") == "warmup"
local n = 0
for line in io.lines(os.getenv("TRACK_FILE")) do
  local card, jwe = line:match("^(%S+) (%S+)$")
  n = n + 1
  if card and ((warmup and n <= split) or (not warmup and n > split)) then
    items[#items + 1] = { path = "/issuers/" .. os.getenv("ISSUER") .. "/physicalCards/" .. card .. "/operations:track",
                          body = '{"trackingType":"SHIPMENT","encryptedData":"' .. jwe .. '"}' }
  end
end
local headers = { ["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Content-Type"] = "application/json" }
local threads = {}

function setup(thread)
  thread:set("stripe", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  reused = 0
  stripes = tonumber(os.getenv("WRK_THREADS") or "1")
end

function request()
  local index = stripe + counter * stripes
  counter = counter + 1
  if index >= #items then
    reused = reused + 1
  end
  local item = items[(index % #items) + 1]
  return wrk.format("POST", item.path, headers, item.body)
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("reused") or 0)
  end
  io.write(string.format("JWEs: %d prepared, %d requests reused one (repetitions, not new operations)\n", #items, total))
end
