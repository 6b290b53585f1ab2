-- version 7
--[[
  release-claim: releases the claim a session holds (claim.released).

  KEYS[1] the session's claim pointer (claim-of: the issue id)   KEYS[2] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] session id

  Returns the released claim JSON, or false when the session held none.
]]
--- @include "context"
--- @include "history"

local issue = redis.call('GET', KEYS[1])
if not issue then return false end
redis.call('DEL', KEYS[1])
local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[2])
local key = ctx.base .. 'claim:' .. issue
local raw = redis.call('GET', key)
if raw and cjson.decode(raw).session_id == ARGV[5] then
  redis.call('DEL', key)
  record(ctx, {type = 'claim.released', name = issue, session = ARGV[5]})
  return raw
end
return false
