--[[
  acquire: takes a lock when it is free, extends it for its holder (re-entrant, same token), or
  takes it from a holder whose fencing token is exactly ARGV[4] (the Coordinator judged it gone).
  Expiry runs on Redis's clock (PX), so clients with skewed clocks agree.

  KEYS[1] lock key                 KEYS[2] fencing-token hash (one field per lock name, never expires)
  KEYS[3] held-locks set of the owner's session
  ARGV[1] lock name   ARGV[2] owner JSON {held_by, host, pid, pid_start, worktree}
  ARGV[3] ttl in ms   ARGV[4] fencing token to replace, or "" for none

  Returns {1, record} acquired, {2, record} extended, {0, record} held by another session.
  record is JSON {lock_name, held_by, host, pid, pid_start, worktree, acquired_ms, expires_ms, fencing_token}.
]]
local ttl = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local owner = cjson.decode(ARGV[2])

local function remember()
  redis.call('SADD', KEYS[3], ARGV[1])
  if redis.call('PTTL', KEYS[3]) < ttl then redis.call('PEXPIRE', KEYS[3], ttl) end
end

local raw = redis.call('GET', KEYS[1])
if raw then
  local lock = cjson.decode(raw)
  if lock.held_by == owner.held_by then
    lock.expires_ms = now + ttl
    raw = cjson.encode(lock)
    redis.call('SET', KEYS[1], raw, 'PX', ttl)
    remember()
    return {2, raw}
  end
  if ARGV[4] == '' or tonumber(ARGV[4]) ~= lock.fencing_token then
    return {0, raw}
  end
end

local token = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
raw = cjson.encode({
  lock_name = ARGV[1],
  held_by = owner.held_by,
  host = owner.host,
  pid = owner.pid,
  pid_start = owner.pid_start,
  worktree = owner.worktree,
  acquired_ms = now,
  expires_ms = now + ttl,
  fencing_token = token,
})
redis.call('SET', KEYS[1], raw, 'PX', ttl)
remember()
return {1, raw}
