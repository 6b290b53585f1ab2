-- version 5
--[[
  watch: a waiter announces itself before it waits for a lock's release event, and looks whether
  the lock is still held. The waiting mark lives until the latest deadline of anyone waiting, so
  a release publishes for as long as somebody listens (release-3.lua skips PUBLISH otherwise).

  KEYS[1] lock key   KEYS[2] the lock's waiting mark
  ARGV[1] ms this waiter waits at most

  Returns 1 when the lock is held, 0 when it is free.
]]
local keep = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[2]) < keep then redis.call('SET', KEYS[2], '1', 'PX', keep) end
return redis.call('EXISTS', KEYS[1])
