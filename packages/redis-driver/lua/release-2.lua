--[[
  release: compare-and-delete. Deletes the lock only when ARGV[1] holds it; then, when someone
  waits for it (see watch-2.lua), publishes its name on the release channel so that they wake at
  once. Without waiters the PUBLISH is skipped: it costs the server more than the rest of the script.

  KEYS[1] lock key   KEYS[2] the lock's waiting mark
  ARGV[1] holder: the session id as a JSON string   ARGV[2] release channel   ARGV[3] lock name

  Returns one string: "d<value>" released, "o<value>" held by another (not the owner), "n" free.
  Lock values start with "<holder>\n" and carry the key's expiry (see acquire-2.lua).

  The holder's release, the common case, is one GETDEL. Another session's lock is put back at once
  with the same value and the same expiry (PXAT <expires ms>): within the script nobody sees it gone.
]]
local raw = redis.call('GETDEL', KEYS[1])
if not raw then return 'n' end
if string.sub(raw, 1, #ARGV[1] + 1) ~= ARGV[1] .. '\n' then
  redis.call('SET', KEYS[1], raw, 'PXAT', string.match(raw, '^[^\n]*\n%d+\n%d+\n(%d+)\n'))
  return 'o' .. raw
end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
return 'd' .. raw
