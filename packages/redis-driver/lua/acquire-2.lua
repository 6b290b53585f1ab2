--[[
  acquire: takes a lock when it is free, extends it for its holder (re-entrant, same token), or
  takes it from a holder whose fencing token is exactly ARGV[5] (the Coordinator judged it gone).
  Expiry runs on Redis's clock (PXAT, the value's own expiry), so clients with skewed clocks agree.

  KEYS[1] lock key   KEYS[2] fencing-token hash (one field per lock name, never expires)
  ARGV[1] lock name   ARGV[2] holder: the session id as a JSON string
  ARGV[3] owner details JSON {host, pid, pid_start, worktree}
  ARGV[4] ttl in ms   ARGV[5] fencing token to replace (absent for none)

  Returns one string, an outcome digit then the lock's value: "1<value>" acquired, "2<value>"
  extended, "0<value>" held by another session (one bulk string is cheaper to send and to read
  than an array, and this runs on every acquire).
  A lock value is "<holder>\n<fencing token>\n<acquired ms>\n<expires ms>\n<owner details>", so the
  scripts read and patch its head as text, without decoding JSON; the key expires at <expires ms>.

  The common case, a free lock, costs three calls: the token is drawn before SET NX, so an attempt
  that finds the lock held leaves a gap in the sequence (tokens still strictly increase with every
  acquisition). Numbers become text through %d, once each, and go to redis.call as text: Lua's own
  number-to-text (and Redis's, for a number argument) is a slow float format.
  There is no index of a session's locks: end-session finds them by SCAN.
]]
local time = redis.call('TIME')
local now = time[1] * 1000 + math.floor(time[2] / 1000)
local expires = string.format('%d', now + ARGV[4])
local token = redis.call('HINCRBY', KEYS[2], ARGV[1], '1')
local raw = string.format('%s\n%d\n%d\n%s\n%s', ARGV[2], token, now, expires, ARGV[3])
if redis.call('SET', KEYS[1], raw, 'NX', 'PXAT', expires) then return '1' .. raw end

local held = redis.call('GET', KEYS[1])
if not held then
  -- Unreachable (a script sees keys expire at its start time); taking it is the safe answer.
  redis.call('SET', KEYS[1], raw, 'PXAT', expires)
  return '1' .. raw
end
local holder, current, acquired, details = string.match(held, '^([^\n]*)\n(%d+)\n(%d+)\n%d+\n(.*)$')
if holder == ARGV[2] then
  raw = string.format('%s\n%s\n%s\n%s\n%s', holder, current, acquired, expires, details)
  redis.call('SET', KEYS[1], raw, 'PXAT', expires)
  return '2' .. raw
end
if ARGV[5] ~= current then return '0' .. held end
redis.call('SET', KEYS[1], raw, 'PXAT', expires)
return '1' .. raw
