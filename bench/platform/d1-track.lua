-- D1 Tracking Hub: POST /issuers/{issuerId}/physicalCards/{cardId}/operations:track with a compact JWE
-- (ECDH-ES + A256GCM) made beforehand for each card ("cardId jwe" per line); every request opens an operation.
dofile(os.getenv("PLATFORM_BENCH_LUA") .. "/common.lua")
expected = 200
function init(args)
  load(os.getenv("PLATFORM_BENCH_DATA"))
  counter = (tid or 0) * 7919
  wrk.method = "POST"
  headers({["Content-Type"] = "application/json"})
end
function request()
  local line = next_line()
  local card, jwe = line:match("(%S+) (%S+)")
  return wrk.format(nil, "/issuers/LOCAL00001/physicalCards/" .. card .. "/operations:track", nil,
    '{"trackingType":"PRODUCTION","encryptedData":"' .. jwe .. '"}')
end
