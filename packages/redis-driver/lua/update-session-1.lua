-- version 5
--[[
  update-session: changes heartbeat and paused state of an existing session and renews its expiry.
  A session value is "<last_heartbeat>\n<paused 0|1>\n<JSON of the other fields>", so the head is
  patched as text and the metadata JSON is never re-encoded.

  KEYS[1] session key
  ARGV[1] last_heartbeat, or "" to keep   ARGV[2] "1" paused, "0" not, "" to keep
  ARGV[3] record ttl in ms

  Returns the new value, or false when the session is not registered.
]]
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local first = string.find(raw, '\n', 1, true)
local second = string.find(raw, '\n', first + 1, true)
local heartbeat = ARGV[1] ~= '' and ARGV[1] or string.sub(raw, 1, first - 1)
local paused = ARGV[2] ~= '' and ARGV[2] or string.sub(raw, first + 1, second - 1)
raw = heartbeat .. '\n' .. paused .. '\n' .. string.sub(raw, second + 1)
redis.call('SET', KEYS[1], raw, 'PX', ARGV[3])
return raw
