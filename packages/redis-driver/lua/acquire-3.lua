-- version 5
--[[
  acquire: takes a lock when it is free, extends it for its holder (re-entrant: same token), or
  takes it from a holder whose fencing token is exactly ARGV[5] (the Coordinator judged that holder
  gone). Expiry runs on Redis's clock (PXAT, the value's own expiry), so skewed clients agree.

  KEYS[1] lock key   KEYS[2] fencing-token hash (last token per lock name, never expires)
  KEYS[3] the acquiring session's index of held locks
  ARGV[1] lock name   ARGV[2] holder: the session id as a JSON string
  ARGV[3] owner details JSON {host, pid, pid_start, worktree}   ARGV[4] ttl in ms
  ARGV[5] fencing token to replace, or ""   ARGV[6] key base, e.g. "{baton}:"

  Returns {"acquired", value}, {"extended", value} or {"held", value of the holder's lock}.
  A lock value is "<holder>\n<fencing token>\n<acquired ms>\n<expires ms>\n<owner details>": the
  scripts read and patch its head as text, the client decodes it (src/records.ts).

  Fencing token: max(last token of the name + 1, Redis TIME in microseconds), so tokens rise even
  after Redis loses the hash (restart without persistence, FLUSHALL, failover to a stale replica).
  Index: the name joins the holder's set in the same step as the lock, and the set outlives every
  lock in it, so end-session never misses a lock; a stale name in it is harmless.
]]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[4])
local expires = now + ttl

local function index(key)
  redis.call('SADD', key, ARGV[1])
  -- A minute past the lock's expiry, against rounding between the two clocks of expiry.
  if redis.call('PTTL', key) < ttl + 60000 then redis.call('PEXPIRE', key, ttl + 60000) end
end

local held = redis.call('GET', KEYS[1])
if held then
  local holder, token, acquired, details = string.match(held, '^([^\n]*)\n(%d+)\n(%d+)\n%d+\n(.*)$')
  if holder == ARGV[2] then
    local value = string.format('%s\n%s\n%s\n%d\n%s', holder, token, acquired, expires, details)
    redis.call('SET', KEYS[1], value, 'PXAT', expires)
    index(KEYS[3])
    return {'extended', value}
  end
  if token ~= ARGV[5] then return {'held', held} end
  redis.call('SREM', ARGV[6] .. 'held:' .. cjson.decode(holder), ARGV[1])
end

local last = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local token = math.max(last + 1, tonumber(time[1]) * 1000000 + tonumber(time[2]))
redis.call('HSET', KEYS[2], ARGV[1], string.format('%d', token))
local value = string.format('%s\n%d\n%d\n%d\n%s', ARGV[2], token, now, expires, ARGV[3])
redis.call('SET', KEYS[1], value, 'PXAT', expires)
index(KEYS[3])
return {'acquired', value}
