-- version 8
--[[
  request-release: asks a name's holders to give it back. The request is kept on the lock until
  its ttl passes or the last hold goes (a new request by the same session replaces its earlier
  one), and each holder gets lock.release_requested as a notice. Prunes lapsed holds and places
  first; with nobody holding the name nothing is asked.

  KEYS[1] the name's lock state   KEYS[2] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] lock name   ARGV[6] the session asking   ARGV[7] reason, or ""   ARGV[8] ttl ms

  Returns the state JSON after the request, or false when nobody holds the name.
]]
--- @include "context"
--- @include "history"
--- @include "index"
--- @include "original"
--- @include "lock-state"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[2])
local name, by, reason = ARGV[5], ARGV[6], given(ARGV[7])
local state = load(KEYS[1])
if not state then return false end
local moved, changed = prune(ctx, name, state)
if #state.holds == 0 then
  if changed then
    save(ctx, KEYS[1], state)
    if moved and #state.line > 0 then wake(ctx, name, state) end
  end
  return false
end
local requests = {}
for _, request in ipairs(state.requests) do
  if request.by ~= by then requests[#requests + 1] = request end
end
requests[#requests + 1] = {by = by, reason = reason or cjson.null, at = ctx.now, expires = ctx.now + tonumber(ARGV[8])}
state.requests = requests
for _, hold in ipairs(state.holds) do
  record(ctx, {type = 'lock.release_requested', name = name, session = hold.held_by, host = hold.host,
    token = hold.token, by = by, reason = reason}, true)
end
local raw = save(ctx, KEYS[1], state)
if moved and #state.line > 0 then wake(ctx, name, state) end
return raw
