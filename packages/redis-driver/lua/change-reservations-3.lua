-- version 1
--[[
  change-reservations: a compare-and-set on one repository's reservations. When the repository's
  version is still ARGV[2], removes and stores the given reservations, moves the version on, and
  keeps the set of repositories with reservations true. The version counter is never deleted, so a
  repository emptied and reserved again never repeats a version.

  KEYS[1] the repository's reservations hash (field: [session, pattern] as JSON; value: record JSON)
  KEYS[2] hash of versions, one field per repository   KEYS[3] set of repositories with reservations
  ARGV[1] repository key   ARGV[2] expected version   ARGV[3] number of fields to remove, N
  ARGV[4 .. 3+N] fields to remove   then pairs: field, record JSON to store

  Returns the new version, or false when the version had moved (nothing written).
]]
local version = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if version ~= tonumber(ARGV[2]) then return false end

local removals = tonumber(ARGV[3])
for i = 4, 3 + removals do redis.call('HDEL', KEYS[1], ARGV[i]) end
for i = 4 + removals, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end

if redis.call('HLEN', KEYS[1]) > 0 then
  redis.call('SADD', KEYS[3], ARGV[1])
else
  redis.call('SREM', KEYS[3], ARGV[1])
end
return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
