--[[
  extend: resets a lock's TTL to ARGV[2] ms from now, only for its holder.

  KEYS[1] lock key   KEYS[2] held-locks set of the session
  ARGV[1] session id   ARGV[2] ttl in ms

  Returns {"done", record} extended, {"not_owner", record} held by another, {"not_found", ""} free.
]]
local ttl = tonumber(ARGV[2])
local raw = redis.call('GET', KEYS[1])
if not raw then return {'not_found', ''} end
local lock = cjson.decode(raw)
if lock.held_by ~= ARGV[1] then return {'not_owner', raw} end
local time = redis.call('TIME')
lock.expires_ms = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + ttl
raw = cjson.encode(lock)
redis.call('SET', KEYS[1], raw, 'PX', ttl)
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return {'done', raw}
