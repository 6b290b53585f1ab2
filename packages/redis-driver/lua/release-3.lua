-- version 8
--[[
  release: compare-and-delete of the caller's own hold on a name (lock.released), after pruning
  lapsed holds and places; wakes the head of the line and whoever watches the name. When the
  caller holds nothing there, an entry its index kept for a hold of the name is settled (that hold
  expired unseen).

  KEYS[1] the name's lock state   KEYS[2] the name's watch mark (see watch-1.lua)   KEYS[3] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] lock name   ARGV[6] session id

  Returns {"done", hold JSON}, {"not_owner", JSON of the first hold} or {"not_found"}.
]]
--- @include "context"
--- @include "history"
--- @include "index"
--- @include "original"
--- @include "lock-state"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[3])
local name, sid = ARGV[5], ARGV[6]
local state = load(KEYS[1])
local moved, changed = false, false
if state then moved, changed = prune(ctx, name, state) else state = fresh(1) end

local i, mine = find_hold(state, sid)
local reply
if mine then
  table.remove(state.holds, i)
  index_drop(ctx, sid, name)
  record(ctx, {type = 'lock.released', name = name, session = sid, host = mine.host, token = mine.token})
  moved, changed = true, true
  reply = {'done', cjson.encode(mine)}
else
  index_settle(ctx, sid, name)
  reply = #state.holds > 0 and {'not_owner', cjson.encode(state.holds[1])} or {'not_found'}
end
if changed then
  save(ctx, KEYS[1], state)
  if moved then wake(ctx, name, state) end
end
return reply
