-- version 5
--[[
  release-claim: releases the claim a session holds.

  KEYS[1] claim-of key of the session
  ARGV[1] key base, e.g. "{baton}:"   ARGV[2] session id

  Returns the released claim JSON, or false when the session held none.
]]
local issue = redis.call('GET', KEYS[1])
if not issue then return false end
redis.call('DEL', KEYS[1])
local key = ARGV[1] .. 'claim:' .. issue
local raw = redis.call('GET', key)
if raw and cjson.decode(raw).session_id == ARGV[2] then
  redis.call('DEL', key)
  return raw
end
return false
