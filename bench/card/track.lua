-- wrk script: POST operations:track with pre-generated JWEs (bench/card/Prepare.java), one per request in turn.
-- env: TRACK_FILE, TOKEN, ISSUER
local items = {}
for line in io.lines(os.getenv("TRACK_FILE")) do
  local card, jwe = line:match("^(%S+) (%S+)$")
  if card then
    items[#items + 1] = { path = "/issuers/" .. os.getenv("ISSUER") .. "/physicalCards/" .. card .. "/operations:track",
                          body = '{"trackingType":"SHIPMENT","encryptedData":"' .. jwe .. '"}' }
  end
end
local headers = { ["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Content-Type"] = "application/json" }
local threads = {}
local counter = 0

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  counter = offset
end

function request()
  counter = counter + 1
  local item = items[(counter % #items) + 1]
  return wrk.format("POST", item.path, headers, item.body)
end
