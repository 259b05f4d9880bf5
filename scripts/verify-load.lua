-- wrk script of scripts/bench-certificates.sh: each request checks a random issued number
-- (the file named by the NUMBERS environment variable, one number per line).
local numbers = {}

function init(args)
  for line in io.lines(os.getenv("NUMBERS")) do
    numbers[#numbers + 1] = line
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  return wrk.format("GET", "/verify/" .. numbers[math.random(#numbers)])
end
