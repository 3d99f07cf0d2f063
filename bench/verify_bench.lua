-- wrk script for bench/verify_bench.sh: GET /api/v1/verify/{token}, cycling through the certificate tokens
-- listed one per line in the file named by the environment variable VERIFY_TOKENS. Each connection starts
-- at its own offset so that the 64 connections do not ask for the same certificate at the same time.
local tokens = {}
local next_index = 1

function init(args)
  local path = os.getenv("VERIFY_TOKENS")
  for line in io.lines(path) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  if #tokens == 0 then error("no tokens in " .. tostring(path)) end
  next_index = math.random(#tokens)
end

function request()
  local t = tokens[next_index]
  next_index = next_index % #tokens + 1
  return wrk.format("GET", "/api/v1/verify/" .. t)
end

-- Every answer must be a 200 with result "valid": a benchmark of error pages would prove nothing.
non_valid = 0  -- global: read back from each thread in done()
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"result":"valid"', 1, true) then non_valid = non_valid + 1 end
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + (t:get("non_valid") or 0) end
  io.write(string.format("answers not 200 valid: %d\n", n))
end
