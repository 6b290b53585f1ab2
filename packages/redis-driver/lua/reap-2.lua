-- version 6
--[[
  reap: records lock.expired (and its notice) for each of a session's holds that expired unseen,
  found through the session's own index: an entry past its expiry whose hold is still stored is
  pruned as any step on that name would; one whose hold is gone altogether is recorded from the
  entry. Entries not yet past their expiry are not looked at, so this is cheap when there are none.

  KEYS[1] the session's index   KEYS[2] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms (see context.lua)
  ARGV[4] session id

  Returns how many expired holds it recorded.
]]
--- @include "context"
--- @include "history"
--- @include "index"
--- @include "lock-state"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], KEYS[2])
local sid = ARGV[4]
local reaped = 0
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local name, entry = entries[i], entries[i + 1]
  local token, expires = string.match(entry, '^(%d+) (%d+) ')
  if token and tonumber(expires) <= ctx.now then
    reaped = reaped + 1
    local key = ctx.base .. 'lock:' .. name
    local state = load(key)
    if state then
      local moved, changed = prune(ctx, name, state)
      if changed then
        save(ctx, key, state)
        if moved and #state.line > 0 then wake(ctx, name, state) end
      end
    end
    -- Still there: no hold of the name carried it, so nothing recorded its end yet.
    if redis.call('HGET', KEYS[1], name) == entry then
      expired_unseen(ctx, sid, name, entry, true)
      redis.call('HDEL', KEYS[1], name)
    end
  end
end
return reaped
