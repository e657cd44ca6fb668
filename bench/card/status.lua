-- wrk script: PUT /v1/cards/status/detail, every request a real write: each thread walks its own share of the
-- accounts, blocking (F) them on one pass and unblocking (Y) them on the next.
-- env: ACCOUNTS_FILE, TOKEN
local accounts = {}
for line in io.lines(os.getenv("ACCOUNTS_FILE")) do
  if #line > 0 then accounts[#accounts + 1] = line end
end
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
  for _, t in ipairs(threads) do t:set("count", #threads) end
end

function init(args)
  index = index or 0
  count = count or 1
  math.randomseed(os.time() + index)
end

local function uuid()
  return string.format("%08x-%04x-4%03x-a%03x-%012x", math.random(0, 0x7fffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0, 0xfff), math.random(0, 0x7fffffff))
end

function request()
  local share = math.floor(#accounts / count)
  local position = counter % share
  local pass = math.floor(counter / share)
  counter = counter + 1
  local account = accounts[index * share + position + 1]
  local code = (pass % 2 == 0) and "F" or "Y"
  local body = '{"accountId":"' .. account .. '","cardStatusCode":"' .. code .. '"' ..
    ((code == "F") and ',"blockReasonCode":"Y1"}' or '}')
  return wrk.format("PUT", "/v1/cards/status/detail", {
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/json",
    ["uuid"] = uuid(),
    ["countryCode"] = "MX",
    ["businessCode"] = "BNMX",
    ["ChannelId"] = "MOBILE",
    ["sid"] = "bench-session"
  }, body)
end
