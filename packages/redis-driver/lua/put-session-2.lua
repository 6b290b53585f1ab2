-- version 7
--[[
  put-session: creates or replaces a session record (session.started when it did not exist).
  A session value is "<last_heartbeat>\n<paused 0|1>\n<JSON of the other fields>".

  KEYS[1] session record   KEYS[2] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' lock keys, "claude:locks:" or "" (see context.lua)
  ARGV[5] session value   ARGV[6] record ttl ms   ARGV[7] session id   ARGV[8] host

  Returns 1 when the session is new, 0 when it replaced a record.
]]
--- @include "context"
--- @include "history"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[2])
if redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[6], 'GET') then return 0 end
record(ctx, {type = 'session.started', name = ARGV[7], session = ARGV[7], host = ARGV[8]})
return 1
