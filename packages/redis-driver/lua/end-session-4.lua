-- version 9
--[[
  end-session: removes a session, its holds, its places in lines, its claim and its pending
  notices (nobody is left to read them) in one step, reading only the session's own index (never
  every lock). Each live hold it had is recorded as lock.released, each hold already past its
  expiry as lock.expired, each place as lock.gave_up, the claim as claim.released (all with the
  reason given), then the session's own event when it had a record; each line it touched is
  woken. A session with none of these changes nothing.

  KEYS[1] session record   KEYS[2] the session's claim pointer (claim-of)   KEYS[3] its index
  KEYS[4] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] session id   ARGV[6] "session.ended" or "session.found_dead"
  ARGV[7] the session that found it gone, or ""   ARGV[8] reason, or ""

  Returns {session value or "", claim JSON or "", name of each lock whose live hold it released...}.
]]
--- @include "context"
--- @include "history"
--- @include "index"
--- @include "original"
--- @include "lock-state"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[4])
local sid, reason = ARGV[5], given(ARGV[8])
local result = {'', ''}

-- Everything is read and decoded before the first write, so a damaged value fails the step whole.
local session = redis.call('GET', KEYS[1])
local host = session and cjson.decode(string.match(session, '^[^\n]*\n[^\n]*\n(.*)$')).host
local issue = redis.call('GET', KEYS[2])
local claimKey = issue and ctx.base .. 'claim:' .. issue
local claim = issue and redis.call('GET', claimKey)
local claimed = claim and cjson.decode(claim).session_id == sid
local entries = redis.call('HGETALL', KEYS[3])
local states = {}
for i = 1, #entries, 2 do
  states[i] = load(ctx.base .. 'lock:' .. entries[i]) or false
end

for i = 1, #entries, 2 do
  local name, entry, state = entries[i], entries[i + 1], states[i]
  local found = false
  if state then
    local at, hold = find_hold(state, sid)
    if hold then
      table.remove(state.holds, at)
      found = true
      if hold.expires > ctx.now then
        record(ctx, {type = 'lock.released', name = name, session = sid, host = hold.host, token = hold.token,
          reason = reason})
        result[#result + 1] = name
      else
        record(ctx, {type = 'lock.expired', name = name, session = sid, host = hold.host, token = hold.token,
          reason = reason, at = hold.expires})
      end
    end
    local place
    at, place = find_place(state, sid)
    if place then
      table.remove(state.line, at)
      found = true
      record(ctx, {type = 'lock.gave_up', name = name, session = sid, host = place.host, reason = reason})
    end
    local moved, changed = prune(ctx, name, state)
    if found or changed then save(ctx, ctx.base .. 'lock:' .. name, state) end
    -- Whoever watches a name this session let go of is told, line or not: ending is rare.
    if found or (moved and #state.line > 0) then wake(ctx, name, state) end
  end
  if not found and entry ~= 'w' then expired_unseen(ctx, sid, name, entry, false, reason) end
end
if #entries > 0 then redis.call('DEL', KEYS[3]) end

if issue then
  redis.call('DEL', KEYS[2])
  if claimed then
    redis.call('DEL', claimKey)
    record(ctx, {type = 'claim.released', name = issue, session = sid, reason = reason})
    result[2] = claim
  end
end

redis.call('DEL', ctx.base .. 'notices:' .. sid)

if session then
  redis.call('DEL', KEYS[1])
  record(ctx, {type = ARGV[6], name = sid, session = sid, host = host, by = given(ARGV[7]), reason = reason})
  result[1] = session
end
return result
