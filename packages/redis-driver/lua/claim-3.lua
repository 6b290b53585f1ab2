-- version 7
--[[
  claim: one claim per issue and one per session. Claims an issue when unclaimed, already this
  session's (keeping claimed_at; nothing recorded), or held by ARGV[6] (claim.overridden, a notice
  to that session); the session's other claim is released in the same step (claim.released,
  "replaced by <issue>"), and a new claim is recorded as claim.taken.

  KEYS[1] claim of the issue   KEYS[2] the session's claim pointer (claim-of: the issue id)
  KEYS[3] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] claim JSON   ARGV[6] session to replace, or ""   ARGV[7] issue id "owner/repo#number"
  ARGV[8] session id

  Returns {1, claim, replaced or "", previous or ""} claimed, {0, holder} held by another session.
]]
--- @include "context"
--- @include "history"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[3])
local issue, sid = ARGV[7], ARGV[8]
local current = redis.call('GET', KEYS[1])
local holder = current and cjson.decode(current)
if holder and holder.session_id ~= sid and (ARGV[6] == '' or holder.session_id ~= ARGV[6]) then
  return {0, current}
end

local replaced = ''
local mine = redis.call('GET', KEYS[2])
if mine and mine ~= issue then
  local oldKey = ctx.base .. 'claim:' .. mine
  local old = redis.call('GET', oldKey)
  if old and cjson.decode(old).session_id == sid then
    redis.call('DEL', oldKey)
    record(ctx, {type = 'claim.released', name = mine, session = sid, reason = 'replaced by ' .. issue})
    replaced = old
  end
end

local kept = ARGV[5]
local previous = ''
if holder and holder.session_id == sid then
  local claim = cjson.decode(ARGV[5])
  claim.claimed_at = holder.claimed_at
  kept = cjson.encode(claim)
else
  if holder then
    previous = current
    local theirs = ctx.base .. 'claim-of:' .. holder.session_id
    if redis.call('GET', theirs) == issue then redis.call('DEL', theirs) end
    record(ctx, {type = 'claim.overridden', name = issue, session = holder.session_id, by = sid}, true)
  end
  record(ctx, {type = 'claim.taken', name = issue, session = sid})
end
redis.call('SET', KEYS[1], kept)
redis.call('SET', KEYS[2], issue)
return {1, kept, replaced, previous}
