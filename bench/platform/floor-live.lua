-- The floor: GET /q/health/live on a service's own port (no token, no database, no front door): what an HTTP
-- round trip to a Quarkus service costs on this machine under the same load.
dofile(os.getenv("PLATFORM_BENCH_LUA") .. "/common.lua")
expected = 200
function init(args)
  token = nil
  headers()
end
function request()
  return wrk.format("GET", "/q/health/live")
end
