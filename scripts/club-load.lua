-- wrk script of scripts/bench-club.sh, with the files server/benches/club.rs wrote in the folder
-- named by CLUB_LOAD and the cookie of its member. MODE=thread reads random pages of the long
-- thread; MODE=search posts the search server function with the queries in rotation.
local dir = os.getenv("CLUB_LOAD")
local mode = os.getenv("MODE")
local lines = function(name)
  local found = {}
  for line in io.lines(dir .. "/" .. name) do found[#found + 1] = line end
  return found
end
local thread, search, queries, n = lines("thread"), lines("search"), lines("queries"), 0
local cookie = lines("cookie")[1]

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  wrk.headers["Cookie"] = cookie
end

local function encode(text)
  return (text:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  if mode == "search" then
    n = n + 1
    local body = "club=" .. search[2] .. "&q=" .. encode(queries[n % #queries + 1]) .. "&solved_only=false"
    -- Headers given here replace wrk.headers, so the cookie goes with them.
    return wrk.format("POST", search[1], {
      ["Cookie"] = cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Accept"] = "application/json",
      ["Origin"] = wrk.scheme .. "://" .. wrk.host .. ":" .. wrk.port,
    }, body)
  end
  return wrk.format("GET", thread[1] .. "?page=" .. math.random(tonumber(thread[2])))
end
