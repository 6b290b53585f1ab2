--[[
  extend: resets a lock's TTL to ARGV[2] ms from now, only for its holder.

  KEYS[1] lock key   KEYS[2] held-locks set of the session
  ARGV[1] holder: the session id as a JSON string   ARGV[2] ttl in ms

  Returns {"done", value} extended, {"not_owner", value} held by another, {"not_found", ""} free.
  Lock values are described in acquire-3.lua.
]]
local ttl = tonumber(ARGV[2])
local raw = redis.call('GET', KEYS[1])
if not raw then return {'not_found', ''} end
local holder, token, acquired, details = string.match(raw, '^([^\n]*)\n(%d+)\n(%d+)\n%d+\n(.*)$')
if holder ~= ARGV[1] then return {'not_owner', raw} end
local time = redis.call('TIME')
local expires = time[1] * 1000 + math.floor(time[2] / 1000) + ttl
raw = holder .. '\n' .. token .. '\n' .. acquired .. '\n' .. expires .. '\n' .. details
redis.call('SET', KEYS[1], raw, 'PX', ttl)
redis.call('PEXPIRE', KEYS[2], math.max(ttl, 90000000))
return {'done', raw}
