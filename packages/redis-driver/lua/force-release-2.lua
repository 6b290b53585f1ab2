-- version 8
--[[
  force-release: breaks every hold of a name, or only the one with the expected token, whoever
  holds it (lock.force_released, a notice to each holder), after pruning lapsed holds and places;
  the line stays and is woken.

  KEYS[1] the name's lock state   KEYS[2] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] lock name   ARGV[6] expected fencing token, or "" for every hold
  ARGV[7] the session breaking them   ARGV[8] reason, or ""

  Returns the JSON of each hold it broke, in the order granted.
]]
--- @include "context"
--- @include "history"
--- @include "index"
--- @include "original"
--- @include "lock-state"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[2])
local name = ARGV[5]
local state = load(KEYS[1])
if not state then return {} end
local moved, changed = prune(ctx, name, state)
local kept, broken = {}, {}
for _, hold in ipairs(state.holds) do
  if ARGV[6] == '' or hold.token == ARGV[6] then
    index_drop(ctx, hold.held_by, name)
    record(ctx, {type = 'lock.force_released', name = name, session = hold.held_by, host = hold.host,
      token = hold.token, by = ARGV[7], reason = given(ARGV[8])}, true)
    broken[#broken + 1] = cjson.encode(hold)
  else
    kept[#kept + 1] = hold
  end
end
if #broken > 0 then
  state.holds = kept
  moved, changed = true, true
end
if changed then save(ctx, KEYS[1], state) end
-- Whoever watches the name is told, line or not: force-release is rare.
if #broken > 0 or (moved and #state.line > 0) then wake(ctx, name, state) end
return broken
