--[[
  index: each session's own index at {base}index:SESSION, a hash of the names it holds or waits
  for. A hold's entry is "<token> <expires ms> <host>", a place in a line's "w". Ending or reaping
  a session reads only this; every way a hold ends removes its entry in the same step and records
  its own event, so an entry whose hold is gone tells of a hold that expired unseen.
]]
local function index_key(ctx, sid)
  return ctx.base .. 'index:' .. sid
end

local function hold_entry(hold)
  return string.format('%s %d %s', hold.token, hold.expires, hold.host)
end

-- A hold entry whose hold is gone: past its expiry, it is recorded as lock.expired (at that
-- time), with a notice to the session when `notify`.
local function expired_unseen(ctx, sid, name, entry, notify, reason)
  local token, expires, host = string.match(entry, '^(%d+) (%d+) (.*)$')
  if token and tonumber(expires) <= ctx.now then
    record(ctx, {type = 'lock.expired', name = name, session = sid, host = host, token = token,
      reason = reason, at = expires}, notify)
  end
end

-- Writes the session's entry for the name, reporting a hold the entry told of that went unseen,
-- and keeps the index alive at least half the keep time past `untilMs`.
local function index_set(ctx, sid, name, entry, untilMs)
  local key = index_key(ctx, sid)
  local old = redis.call('HGET', key, name)
  if old and old ~= 'w' and string.match(old, '^%d+') ~= string.match(entry, '^%d+') then
    expired_unseen(ctx, sid, name, old, true)
  end
  redis.call('HSET', key, name, entry)
  local want = untilMs - ctx.now + ctx.keep
  if redis.call('PTTL', key) < want - ctx.keep / 2 then redis.call('PEXPIRE', key, want) end
end

local function index_drop(ctx, sid, name)
  redis.call('HDEL', index_key(ctx, sid), name)
end

-- The session holds nothing on the name any more: an entry of a hold it had went unseen.
local function index_settle(ctx, sid, name)
  local key = index_key(ctx, sid)
  local entry = redis.call('HGET', key, name)
  if entry and entry ~= 'w' then
    expired_unseen(ctx, sid, name, entry, true)
    redis.call('HDEL', key, name)
  end
end
