-- Blackhawk: POST /cards/v1/set-activation-codes, 100 records a request (new cards: quote numbers from a counter
-- of its own per wrk run), all-or-nothing in one statement.
dofile(os.getenv("PLATFORM_BENCH_LUA") .. "/common.lua")
expected = 200
local base = tonumber(os.getenv("PLATFORM_BENCH_BASE") or "900000000000")
function init(args)
  wrk.method = "POST"
  headers({["Content-Type"] = "application/json"})
end
function request()
  counter = counter + 1
  local parts = {}
  local first = base + counter * 100
  for i = 0, 99 do
    local quote = string.format("%.0f", first + i)
    parts[#parts + 1] = '{"quoteNumber":"' .. quote .. '","proxyNumber":"' .. quote
      .. '","activationCode":"Bh' .. string.sub(quote, -12) .. '"}'
  end
  return wrk.format(nil, "/cards/v1/set-activation-codes", nil, "[" .. table.concat(parts, ",") .. "]")
end
