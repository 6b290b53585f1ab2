-- version 8
--[[
  leave: takes a session out of a name's line (lock.gave_up with the reason given) and wakes the
  line, after pruning lapsed holds and places. Nothing when the session is not in the line.

  KEYS[1] the name's lock state   KEYS[2] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] lock name   ARGV[6] session id   ARGV[7] reason

  Returns 1 when the session left the line, 0 when it was not in it.
]]
--- @include "context"
--- @include "history"
--- @include "index"
--- @include "original"
--- @include "lock-state"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[2])
local name, sid = ARGV[5], ARGV[6]
local state = load(KEYS[1])
if not state then return 0 end
local moved, changed = prune(ctx, name, state)
local at, place = find_place(state, sid)
if at then
  table.remove(state.line, at)
  index_drop(ctx, sid, name)
  record(ctx, {type = 'lock.gave_up', name = name, session = sid, host = place.host, reason = ARGV[7]})
  moved, changed = true, true
end
if changed then save(ctx, KEYS[1], state) end
-- Even an empty line is announced: whoever watches the name sees the change.
if moved then wake(ctx, name, state) end
return at and 1 or 0
