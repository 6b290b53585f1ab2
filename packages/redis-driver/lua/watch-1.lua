-- version 8
--[[
  watch: a waiter outside a name's line (a status view, a caller that waits without queueing)
  marks the name as watched before it waits, so that a change of the name goes out on the release
  channel (lock-state.lua's wake skips it otherwise: only waiters in line listen, each on its own
  channel). The mark lives until the latest deadline of anyone watching.

  KEYS[1] the name's watch mark
  ARGV[1] ms this waiter waits at most

  Returns 1 when it made the mark (until now a release may have gone unannounced), 0 when the
  name was watched already.
]]
local keep = tonumber(ARGV[1])
local left = redis.call('PTTL', KEYS[1])
if left < keep then redis.call('SET', KEYS[1], '1', 'PX', keep) end
if left < 0 then return 1 end
return 0
