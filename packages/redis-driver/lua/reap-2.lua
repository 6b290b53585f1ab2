-- version 9
--[[
  reap: records lock.expired (and its notice) for each of a session's holds that expired unseen,
  found through the session's own index: an entry past its expiry whose hold is still stored is
  pruned as any step on that name would; one whose hold is gone altogether is recorded from the
  entry. Entries not yet past their expiry are not looked at, so this is cheap when there are none.

  KEYS[1] the session's index   KEYS[2] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] session id

  Returns how many expired holds it recorded.
]]
--- @include "context"
--- @include "history"
--- @include "index"
--- @include "original"
--- @include "lock-state"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[2])
local sid = ARGV[5]
local entries = redis.call('HGETALL', KEYS[1])
-- The entries past their expiry, with their names' states, all read before the first write.
local due = {}
for i = 1, #entries, 2 do
  local name, entry = entries[i], entries[i + 1]
  local expires = string.match(entry, '^%d+ (%d+) ')
  if expires and tonumber(expires) <= ctx.now then
    local key = ctx.base .. 'lock:' .. name
    due[#due + 1] = {name = name, entry = entry, key = key, state = load(key)}
  end
end

for _, item in ipairs(due) do
  if item.state then
    local moved, changed = prune(ctx, item.name, item.state)
    if changed then
      save(ctx, item.key, item.state)
      if moved and #item.state.line > 0 then wake(ctx, item.name, item.state) end
    end
  end
  -- Still there: no hold of the name carried it, so nothing recorded its end yet.
  if redis.call('HGET', KEYS[1], item.name) == item.entry then
    expired_unseen(ctx, sid, item.name, item.entry, true)
    redis.call('HDEL', KEYS[1], item.name)
  end
end
return #due
