--[[
  force-release: deletes a lock whoever holds it (admin), or only while its fencing token is still
  ARGV[1], and publishes its name on the release channel.
  The holder's held-locks set is derived from ARGV[4]; every key shares one hash tag, so one slot.

  KEYS[1] lock key
  ARGV[1] expected fencing token, or "" for any   ARGV[2] release channel
  ARGV[3] lock name   ARGV[4] key base, e.g. "{baton}:"

  Returns the record that was deleted, or false when the lock was free or its token differed.
]]
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local lock = cjson.decode(raw)
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= lock.fencing_token then return false end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[4] .. 'held:' .. lock.held_by, ARGV[3])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return raw
