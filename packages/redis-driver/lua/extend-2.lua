-- version 9
--[[
  extend: resets the caller's own hold on a name to expire ttl ms from now (same token), setting
  the process facts given (lock.extended), after pruning lapsed holds and places. When the caller
  holds nothing there, an entry its index kept for a hold of the name is settled (expired unseen).

  KEYS[1] the name's lock state   KEYS[2] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] lock name   ARGV[6] session id   ARGV[7] ttl ms
  ARGV[8] JSON of the process facts to set (any of pid, pid_start, pgid), or ""

  Returns {"done", hold JSON}, {"not_owner", JSON of the first hold} or {"not_found"}.
]]
--- @include "context"
--- @include "history"
--- @include "index"
--- @include "original"
--- @include "lock-state"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[2])
local name, sid = ARGV[5], ARGV[6]
local facts = ARGV[8] ~= '' and cjson.decode(ARGV[8]) or {}
local state = load(KEYS[1])
local moved, changed = false, false
if state then moved, changed = prune(ctx, name, state) else state = fresh(1) end

local _, mine = find_hold(state, sid)
local reply
if mine then
  mine.expires = ctx.now + tonumber(ARGV[7])
  for field, value in pairs(facts) do mine[field] = value end
  index_set(ctx, sid, name, hold_entry(mine), mine.expires)
  record(ctx, {type = 'lock.extended', name = name, session = sid, host = mine.host, token = mine.token})
  changed = true
  reply = {'done', cjson.encode(mine)}
else
  index_settle(ctx, sid, name)
  reply = #state.holds > 0 and {'not_owner', cjson.encode(state.holds[1])} or {'not_found'}
end
if changed then
  save(ctx, KEYS[1], state)
  if moved and #state.line > 0 then wake(ctx, name, state) end
end
return reply
