-- version 3
--[[
  change-reservations: a compare-and-set on one repository's reservations. When the repository's
  version is still ARGV[6], removes and stores the given reservations, records the change's
  reservation events, moves the version on, and keeps the set of repositories with reservations
  true. The version counter is never deleted, so a repository emptied and reserved again never
  repeats a version.

  KEYS[1] the repository's reservations hash (field: [session, pattern] as JSON; value: record JSON)
  KEYS[2] hash of versions, one field per repository   KEYS[3] set of repositories with reservations
  KEYS[4] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' key prefix (see context.lua; unused here)
  ARGV[5] repository key   ARGV[6] expected version   ARGV[7] events, a JSON array
  ARGV[8] number of fields to remove, N   ARGV[9 .. 8+N] fields to remove
  then pairs: field, record JSON to store

  Returns the new version, or false when the version had moved (nothing written).
]]
--- @include "context"
--- @include "history"

local repo = ARGV[5]
local version = tonumber(redis.call('HGET', KEYS[2], repo) or '0')
if version ~= tonumber(ARGV[6]) then return false end

local removals = tonumber(ARGV[8])
for i = 9, 8 + removals do redis.call('HDEL', KEYS[1], ARGV[i]) end
for i = 9 + removals, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end

if redis.call('HLEN', KEYS[1]) > 0 then
  redis.call('SADD', KEYS[3], repo)
else
  redis.call('SREM', KEYS[3], repo)
end

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[4])
for _, event in ipairs(cjson.decode(ARGV[7])) do record(ctx, event) end
return redis.call('HINCRBY', KEYS[2], repo, 1)
