--[[
  extend: resets a lock's TTL to ARGV[2] ms from now, only for its holder.

  KEYS[1] lock key
  ARGV[1] holder: the session id as a JSON string   ARGV[2] ttl in ms

  Returns one string: "d<value>" extended, "o<value>" held by another (not the owner), "n" free.
  Lock values are described in acquire-2.lua.
]]
local ttl = tonumber(ARGV[2])
local raw = redis.call('GET', KEYS[1])
if not raw then return 'n' end
local holder, token, acquired, details = string.match(raw, '^([^\n]*)\n(%d+)\n(%d+)\n%d+\n(.*)$')
if holder ~= ARGV[1] then return 'o' .. raw end
local time = redis.call('TIME')
local expires = time[1] * 1000 + math.floor(time[2] / 1000) + ttl
raw = holder .. '\n' .. token .. '\n' .. acquired .. '\n' .. expires .. '\n' .. details
redis.call('SET', KEYS[1], raw, 'PX', ttl)
return 'd' .. raw
