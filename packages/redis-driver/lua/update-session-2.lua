-- version 8
--[[
  update-session: changes heartbeat and paused state of an existing session and renews its
  expiry (session.paused when it becomes paused). A session value is
  "<last_heartbeat>\n<paused 0|1>\n<JSON of the other fields>", so the head is patched as text
  and the record's JSON is only read to name the host of a pause.

  KEYS[1] session record   KEYS[2] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] last_heartbeat, or "" to keep   ARGV[6] "1" paused, "0" not, "" to keep
  ARGV[7] record ttl ms   ARGV[8] session id

  Returns the new value, or false when the session is not registered.
]]
--- @include "context"
--- @include "history"

local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local first = string.find(raw, '\n', 1, true)
local second = string.find(raw, '\n', first + 1, true)
local was = string.sub(raw, first + 1, second - 1)
local heartbeat = ARGV[5] ~= '' and ARGV[5] or string.sub(raw, 1, first - 1)
local paused = ARGV[6] ~= '' and ARGV[6] or was
local rest = string.sub(raw, second + 1)
local pauses = paused == '1' and was ~= '1'
-- Read before the write, so a damaged record fails the step whole.
local host = pauses and cjson.decode(rest).host
raw = heartbeat .. '\n' .. paused .. '\n' .. rest
redis.call('SET', KEYS[1], raw, 'PX', ARGV[7])
if pauses then
  record(context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[2]), {type = 'session.paused', name = ARGV[8], session = ARGV[8], host = host})
end
return raw
