-- Card provisioning (D1 dialect): GET /issuers/{issuerId}/cards/{cardId}
dofile(os.getenv("PLATFORM_BENCH_LUA") .. "/common.lua")
expected = 200
function init(args)
  load(os.getenv("PLATFORM_BENCH_DATA"))
  counter = (tid or 0) * 7919
  headers()
end
function request()
  local card = next_line()
  return wrk.format("GET", "/issuers/LOCAL00001/cards/" .. card)
end
