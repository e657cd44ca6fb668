-- Triple: POST /partner/card-account.by-ids, rotating over existing card accounts (account + program external ids)
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
  local account, program = line:match("([^,]+),([^,]+)")
  local body
  if counter % 2 == 0 then
    body = '{"card_account_external_id":"' .. account .. '"}'
  else
    body = '{"card_account_external_id":"' .. account .. '","card_program_external_id":"' .. program .. '"}'
  end
  return wrk.format(nil, "/partner/card-account.by-ids", nil, body)
end
