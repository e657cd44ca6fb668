-- D1 consumer operations: GET /issuers/{issuerId}/consumers/{consumerId}/operations (newest first, 10 a page)
dofile(os.getenv("PLATFORM_BENCH_LUA") .. "/common.lua")
expected = 200
function init(args)
  load(os.getenv("PLATFORM_BENCH_DATA"))
  counter = (tid or 0) * 7919
  headers()
end
function request()
  local consumer = next_line()
  return wrk.format("GET", "/issuers/LOCAL00001/consumers/" .. consumer .. "/operations?limit=10")
end
