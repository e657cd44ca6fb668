-- Blackhawk (cardholder side): POST /cards/v1/verify-activation-code with the right code of a card set beforehand
-- ("quote proxy code" per line): 200, and the attempt counter is reset each time.
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
  local quote, proxy, code = line:match("(%S+) (%S+) (%S+)")
  return wrk.format(nil, "/cards/v1/verify-activation-code", nil,
    '{"quoteNumber":"' .. quote .. '","proxyNumber":"' .. proxy .. '","activationCode":"' .. code .. '"}')
end
