-- The floor through the HTTPS front door: GET /.well-known/jwks.json (auth-service answers a cached document, no
-- token, no database): TLS, the front door's routing and the proxy hop.
dofile(os.getenv("PLATFORM_BENCH_LUA") .. "/common.lua")
expected = 200
function init(args)
  token = nil
  headers()
end
function request()
  return wrk.format("GET", "/.well-known/jwks.json")
end
