-- Citi: PUT /v1/cards/status/detail on accounts holding one debit card each: the first pass over the accounts
-- blocks (F), the next unblocks (Y), and so on, so every request changes a card (204).
dofile(os.getenv("PLATFORM_BENCH_LUA") .. "/common.lua")
expected = 204
function init(args)
  load(os.getenv("PLATFORM_BENCH_DATA"))
  wrk.method = "PUT"
  headers({["Content-Type"] = "application/json", ["countryCode"] = "MX", ["businessCode"] = "BNMX",
           ["ChannelId"] = "MOBILE", ["sid"] = "bench-session"})
end
local hex = "0123456789abcdef"
local function uuid()
  local s = string.gsub("xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx", "x", function()
    local i = math.random(1, 16)
    return string.sub(hex, i, i)
  end)
  return s
end
function request()
  local account, n = next_line()
  local code = (math.floor((n - 1) / #data) % 2 == 0) and "F" or "Y"
  wrk.headers["uuid"] = uuid()
  return wrk.format(nil, "/v1/cards/status/detail", nil,
    '{"accountId":"' .. account .. '","cardStatusCode":"' .. code .. '","blockReasonCode":"Y1"}')
end
