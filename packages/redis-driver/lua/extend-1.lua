--[[
  extend: resets a lock's TTL to ARGV[2] ms from now, only for its holder.

  KEYS[1] lock key
  ARGV[1] holder: the session id as a JSON string   ARGV[2] ttl in ms

  Returns one string: "d<value>" extended, "o<value>" held by another (not the owner), "n" free.
  Lock values are described in acquire-2.lua.
]]
local raw = redis.call('GET', KEYS[1])
if not raw then return 'n' end
local holder, token, acquired, details = string.match(raw, '^([^\n]*)\n(%d+)\n(%d+)\n%d+\n(.*)$')
if holder ~= ARGV[1] then return 'o' .. raw end
local time = redis.call('TIME')
local expires = string.format('%d', time[1] * 1000 + math.floor(time[2] / 1000) + ARGV[2])
raw = string.format('%s\n%s\n%s\n%s\n%s', holder, token, acquired, expires, details)
redis.call('SET', KEYS[1], raw, 'PXAT', expires)
return 'd' .. raw
