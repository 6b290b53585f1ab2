-- version 5
--[[
  release: compare-and-delete. Deletes the lock only when ARGV[1] holds it; then, when someone
  waits for it (see watch-2.lua), publishes its name on the release channel so that they wake at
  once. Without waiters the PUBLISH is skipped: nobody listens.

  KEYS[1] lock key   KEYS[2] the lock's waiting mark   KEYS[3] the releasing session's index
  ARGV[1] holder: the session id as a JSON string   ARGV[2] release channel   ARGV[3] lock name

  Returns {"done", value}, {"not_owner", value of the holder's lock} or {"not_found"}.
  Lock values are described in acquire-3.lua.
]]
-- Whatever the outcome, the session does not hold the name afterwards.
redis.call('SREM', KEYS[3], ARGV[3])
local value = redis.call('GET', KEYS[1])
if not value then return {'not_found'} end
if string.sub(value, 1, #ARGV[1] + 1) ~= ARGV[1] .. '\n' then return {'not_owner', value} end
redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
return {'done', value}
