-- version 8
--[[
  acquire: one attempt on a lock name, first come first served without barging (core's
  Driver.acquireLock): prune lapsed holds and places; evict the holds the Coordinator judged
  gone; extend the caller's own hold; refuse other slots than those in force; grant when the
  caller's mode fits beside the holds and nobody waits ahead of it; else with a lease join the
  line or renew the caller's place; else refuse. Every change is recorded in the history stream
  in this same step; a change that frees room wakes the line.

  KEYS[1] the name's lock state   KEYS[2] fencing counters (hash: last token per name, kept for ever)
  KEYS[3] history stream
  ARGV[1] key base, e.g. "{baton}:"   ARGV[2] history length (MAXLEN ~), 0 for no history
  ARGV[3] ms a session index or notice list outlives its last change
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] lock name   ARGV[6] owner JSON {held_by, host, pid, pid_start, pgid, worktree}
  ARGV[7] mode "exclusive" or "shared"   ARGV[8] slots   ARGV[9] ttl ms
  ARGV[10] lease ms, or "" for a wait-0 attempt   ARGV[11] tokens to evict, comma-separated, or ""
  ARGV[12] reason recorded with evictions, or ""   ARGV[13] "1": a grant after waiting is also a notice

  Returns {outcome, state JSON, position, slots in force, original value, original expiry}:
  outcome "acquired", "extended", "queued", "refused" or "slots" (the name has other slots in
  force; nothing changed); position is the caller's place in the line, 0 when it is not in it.
  While the original scripts' key holds the name for another session (original.lua), nobody is
  granted it: the last two are that key's value and the ms it expires at (-1: never), else "", 0.

  Fencing token: max(last token of the name + 1, Redis TIME in µs), so tokens rise even after
  Redis loses the counters (restart without persistence, FLUSHALL, failover to a stale replica).
]]
--- @include "context"
--- @include "history"
--- @include "index"
--- @include "original"
--- @include "lock-state"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[3])
local name, owner, mode = ARGV[5], cjson.decode(ARGV[6]), ARGV[7]
local sid, slots, ttl, lease = owner.held_by, tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])

local state, raw = load(KEYS[1])
local moved, changed = false, false
if state then moved, changed = prune(ctx, name, state) else state = fresh(slots) end

if ARGV[11] ~= '' then
  local evict = {}
  for token in string.gmatch(ARGV[11], '%d+') do evict[token] = true end
  local kept = {}
  for _, hold in ipairs(state.holds) do
    if evict[hold.token] then
      index_drop(ctx, hold.held_by, name)
      record(ctx, {type = 'lock.taken_over', name = name, session = hold.held_by, host = hold.host,
        token = hold.token, by = sid, reason = given(ARGV[12])}, true)
    else
      kept[#kept + 1] = hold
    end
  end
  if #kept < #state.holds then moved, changed = true, true end
  state.holds = kept
end

-- Read in this same step as the grant below: the original's SET NX and this script never both win.
local theirs, theirsUntil = original_hold(ctx, name, sid)

local function finish(outcome, position, inForce)
  if changed then
    raw = save(ctx, KEYS[1], state)
    if moved and #state.line > 0 then wake(ctx, name, state) end
  end
  return {outcome, raw or '', position or 0, inForce or 0, theirs or '', theirsUntil or 0}
end

local _, mine = find_hold(state, sid)
if mine then
  mine.expires = ctx.now + ttl
  index_set(ctx, sid, name, hold_entry(mine), mine.expires)
  record(ctx, {type = 'lock.extended', name = name, session = sid, host = mine.host, token = mine.token})
  changed = true
  return finish('extended')
end

local exists = #state.holds > 0 or #state.line > 0
if not exists then
  state.slots = slots
elseif state.slots ~= slots then
  return finish('slots', nil, state.slots)
end

local at, place = find_place(state, sid)
if not theirs and fits(state, mode) and (at == 1 or #state.line == 0) then
  local last = tonumber(redis.call('HGET', KEYS[2], name) or '0')
  local token = string.format('%d', math.max(last + 1, ctx.micros))
  redis.call('HSET', KEYS[2], name, token)
  local hold = owner
  hold.mode, hold.token, hold.acquired, hold.expires = mode, token, ctx.now, ctx.now + ttl
  state.holds[#state.holds + 1] = hold
  local waited
  if place then
    waited = ctx.now - place.since
    table.remove(state.line, 1)
  end
  index_set(ctx, sid, name, hold_entry(hold), hold.expires)
  record(ctx, {type = 'lock.acquired', name = name, session = sid, host = hold.host, token = token,
    waited_ms = waited}, waited and ARGV[13] == '1')
  moved, changed = true, true
  return finish('acquired')
end

if not lease then return finish('refused', at) end
if place then
  place.lease, place.mode = ctx.now + lease, mode
else
  place = {session_id = sid, host = owner.host, mode = mode, since = ctx.now, lease = ctx.now + lease}
  state.line[#state.line + 1] = place
  at = #state.line
  index_set(ctx, sid, name, 'w', place.lease)
  record(ctx, {type = 'lock.queued', name = name, session = sid, host = owner.host, position = at})
end
changed = true
return finish('queued', at)
