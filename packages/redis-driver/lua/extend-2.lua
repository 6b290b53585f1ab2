-- version 5
--[[
  extend: resets a lock's TTL to ARGV[2] ms from now, only for its holder, and keeps the holder's
  index alive at least as long.

  KEYS[1] lock key   KEYS[2] the holder's index of held locks
  ARGV[1] holder: the session id as a JSON string   ARGV[2] ttl in ms   ARGV[3] lock name

  Returns {"done", value}, {"not_owner", value of the holder's lock} or {"not_found"}.
  Lock values are described in acquire-3.lua.
]]
local value = redis.call('GET', KEYS[1])
if not value then return {'not_found'} end
local holder, token, acquired, details = string.match(value, '^([^\n]*)\n(%d+)\n(%d+)\n%d+\n(.*)$')
if holder ~= ARGV[1] then return {'not_owner', value} end
local time = redis.call('TIME')
local ttl = tonumber(ARGV[2])
local expires = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + ttl
value = string.format('%s\n%s\n%s\n%d\n%s', holder, token, acquired, expires, details)
redis.call('SET', KEYS[1], value, 'PXAT', expires)
redis.call('SADD', KEYS[2], ARGV[3])
if redis.call('PTTL', KEYS[2]) < ttl + 60000 then redis.call('PEXPIRE', KEYS[2], ttl + 60000) end
return {'done', value}
