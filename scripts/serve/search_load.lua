-- wrk script: each request takes the next search from queries.txt, so a
-- load test measures the mix an analyst produces (rare and common words,
-- filters, the all-articles landing page) rather than one repeated query.
--   wrk -c16 -d60s --latency -s scripts/serve/search_load.lua http://HOST:PORT
-- QUERIES=path overrides the query file.

local function encode(value)
  return (value:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function load(path)
  local paths = {}
  local file = assert(io.open(path, "r"), "cannot open " .. path)
  for line in file:lines() do
    if line:match("%S") and not line:match("^%s*#") then
      local parts = {}
      for pair in line:gmatch("[^&]+") do
        local key, value = pair:match("^([^=]+)=(.*)$")
        assert(key, "not key=value: " .. pair .. " in " .. line)
        parts[#parts + 1] = key .. "=" .. encode(value)
      end
      paths[#paths + 1] = "/api/search?" .. table.concat(parts, "&")
    end
  end
  file:close()
  assert(#paths > 0, "no queries in " .. path)
  return paths
end

local threads = {}
local paths
local next_index

-- Each wrk thread starts at a different place in the list, so threads do
-- not ask the same query at the same moment.
function setup(thread)
  thread:set("thread_number", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
  paths = load(os.getenv("QUERIES") or (here .. "queries.txt"))
  next_index = (thread_number or 0) * math.floor(#paths / 2) % #paths
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end

-- The store's CPU time for each answer (its Server-Timing header), summed
-- per thread, so that the server's CPU over the run can be split into the
-- store's part and the part around it under this very load.
store_cpu_ms = 0
timed_answers = 0

function response(status, headers, body)
  local cpu = (headers["server-timing"] or ""):match("store%-cpu;dur=([%d.]+)")
  if cpu then
    store_cpu_ms = store_cpu_ms + tonumber(cpu)
    timed_answers = timed_answers + 1
  end
end

function done(summary, latency, requests)
  local total, answers = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("store_cpu_ms")
    answers = answers + thread:get("timed_answers")
  end
  if answers > 0 then
    io.write(string.format("store CPU (Server-Timing): %.2f ms per answer over %d answers\n", total / answers, answers))
  end
end
