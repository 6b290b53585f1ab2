--[[
  release: compare-and-delete. Deletes the lock only when ARGV[1] holds it, then publishes its name
  on the release channel so that waiters wake at once.

  The session's held-locks set keeps the name: end-session checks every name it lists against the
  lock's holder, so a stale name costs a read there instead of a write on every release here.

  KEYS[1] lock key
  ARGV[1] holder: the session id as a JSON string   ARGV[2] release channel   ARGV[3] lock name

  Returns {"done", value} released, {"not_owner", value} held by another, {"not_found", ""} free.
  Lock values start with "<holder>\n" (see acquire-3.lua).
]]
local raw = redis.call('GET', KEYS[1])
if not raw then return {'not_found', ''} end
if string.sub(raw, 1, #ARGV[1] + 1) ~= ARGV[1] .. '\n' then return {'not_owner', raw} end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return {'done', raw}
