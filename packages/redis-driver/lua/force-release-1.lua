-- version 5
--[[
  force-release: deletes a lock whoever holds it (admin), or only while its fencing token is still
  ARGV[1], takes the name out of the holder's index and publishes it on the release channel.
  The name is published whether or not anyone waits: force-release is rare.

  KEYS[1] lock key
  ARGV[1] expected fencing token, or "" for any   ARGV[2] release channel
  ARGV[3] lock name   ARGV[4] key base, e.g. "{baton}:"

  Returns the value that was deleted, or false when the lock was free or its token differed.
  Lock values are described in acquire-3.lua.
]]
local value = redis.call('GET', KEYS[1])
if not value then return false end
local holder, token = string.match(value, '^([^\n]*)\n(%d+)\n')
if ARGV[1] ~= '' and ARGV[1] ~= token then return false end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[4] .. 'held:' .. cjson.decode(holder), ARGV[3])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return value
