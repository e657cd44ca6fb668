-- Shared by the bench/platform/*.lua scripts (bench/platform.sh): the token, a line-oriented data file, the count
-- of unexpected answers and one RESULT line per endpoint. Each script sets `expected` (the status every answer must
-- have) and defines request(); `name` comes from PLATFORM_BENCH_NAME.
token = os.getenv("PLATFORM_BENCH_TOKEN")
name = os.getenv("PLATFORM_BENCH_NAME") or "endpoint"
data = {}
counter = 0
unexpected = 0
statuses = {}

function load(file)
  if file then
    for line in io.lines(file) do
      if #line > 0 then
        data[#data + 1] = line
      end
    end
  end
end

function headers(extra)
  wrk.headers["Accept"] = "application/json"
  if token and #token > 0 then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
  for k, v in pairs(extra or {}) do
    wrk.headers[k] = v
  end
end

function next_line()
  counter = counter + 1
  return data[(counter % #data) + 1], counter
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function response(status, hdrs, body)
  if status ~= expected then
    unexpected = unexpected + 1
    if unexpected <= 3 then
      io.stderr:write(name .. ": unexpected " .. status .. " " .. string.sub(body or "", 1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("unexpected") or 0)
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %s requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    name, summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, bad + socket + summary.errors.status))
end
