--[[
  release: compare-and-delete. Deletes the lock only when ARGV[1] holds it, then publishes its name
  on the release channel so that waiters wake at once.

  KEYS[1] lock key   KEYS[2] held-locks set of the session
  ARGV[1] session id   ARGV[2] release channel   ARGV[3] lock name

  Returns {"done", record} released, {"not_owner", record} held by another, {"not_found", ""} free.
]]
local raw = redis.call('GET', KEYS[1])
if not raw then return {'not_found', ''} end
if cjson.decode(raw).held_by ~= ARGV[1] then return {'not_owner', raw} end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[3])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return {'done', raw}
