--[[
  acquire: takes a lock when it is free, extends it for its holder (re-entrant, same token), or
  takes it from a holder whose fencing token is exactly ARGV[5] (the Coordinator judged it gone).
  Expiry runs on Redis's clock (PX), so clients with skewed clocks agree.

  KEYS[1] lock key   KEYS[2] fencing-token hash (one field per lock name, never expires)
  ARGV[1] lock name   ARGV[2] holder: the session id as a JSON string
  ARGV[3] owner details JSON {host, pid, pid_start, worktree}
  ARGV[4] ttl in ms   ARGV[5] fencing token to replace (absent for none)

  Returns one string, an outcome digit then the lock's value: "1<value>" acquired, "2<value>"
  extended, "0<value>" held by another session (one bulk string is cheaper to send and to read
  than an array, and this runs on every acquire).
  A lock value is "<holder>\n<fencing token>\n<acquired ms>\n<expires ms>\n<owner details>", so the
  scripts read and patch its head as text, without decoding JSON. There is no index of a session's
  locks: each write costs the server more than the whole script otherwise does, and end-session
  finds a session's locks by SCAN instead.
]]
local ttl = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = time[1] * 1000 + math.floor(time[2] / 1000)

local raw = redis.call('GET', KEYS[1])
if raw then
  local holder, token, acquired, details = string.match(raw, '^([^\n]*)\n(%d+)\n(%d+)\n%d+\n(.*)$')
  if holder == ARGV[2] then
    raw = holder .. '\n' .. token .. '\n' .. acquired .. '\n' .. (now + ttl) .. '\n' .. details
    redis.call('SET', KEYS[1], raw, 'PX', ttl)
    return '2' .. raw
  end
  if ARGV[5] ~= token then return '0' .. raw end
end

local token = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
raw = ARGV[2] .. '\n' .. token .. '\n' .. now .. '\n' .. (now + ttl) .. '\n' .. ARGV[3]
redis.call('SET', KEYS[1], raw, 'PX', ttl)
return '1' .. raw
