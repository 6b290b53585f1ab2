-- version 5
--[[
  claim: one claim per issue and one per session. Claims an issue when unclaimed, already this
  session's (keeping claimed_at), or held by ARGV[2]; the session's other claim is released in the
  same step. Keys of other claims are derived from ARGV[3]; every key shares one hash tag.

  KEYS[1] claim key of the issue   KEYS[2] claim-of key of the session (holds the issue id)
  ARGV[1] claim JSON   ARGV[2] session to replace, or ""   ARGV[3] key base, e.g. "{baton}:"
  ARGV[4] issue id "owner/repo#number"   ARGV[5] session id

  Returns {1, claim, replaced or "", previous or ""} claimed, {0, holder} held by another session.
]]
local sid = ARGV[5]
local current = redis.call('GET', KEYS[1])
local holder = current and cjson.decode(current)
if holder and holder.session_id ~= sid and (ARGV[2] == '' or holder.session_id ~= ARGV[2]) then
  return {0, current}
end

local replaced = ''
local mine = redis.call('GET', KEYS[2])
if mine and mine ~= ARGV[4] then
  local oldKey = ARGV[3] .. 'claim:' .. mine
  local old = redis.call('GET', oldKey)
  if old and cjson.decode(old).session_id == sid then
    redis.call('DEL', oldKey)
    replaced = old
  end
end

local kept = ARGV[1]
local previous = ''
if holder and holder.session_id == sid then
  local claim = cjson.decode(ARGV[1])
  claim.claimed_at = holder.claimed_at
  kept = cjson.encode(claim)
elseif holder then
  previous = current
  local theirs = ARGV[3] .. 'claim-of:' .. holder.session_id
  if redis.call('GET', theirs) == ARGV[4] then redis.call('DEL', theirs) end
end
redis.call('SET', KEYS[1], kept)
redis.call('SET', KEYS[2], ARGV[4])
return {1, kept, replaced, previous}
