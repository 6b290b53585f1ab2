--[[
  history: records an event in the stream, in the same script as the change it describes, and
  hands it to a session as a notice when it happened to that session.
  An event is a table of the fields below; absent ones are left out of the entry. Its time is the
  entry id's, or `at` for a change found later (a hold past its expiry, a place past its lease).
  Tokens travel as strings: Lua prints numbers with 14 digits, a token has 16.
]]
local EVENT_FIELDS = {'type', 'name', 'session', 'host', 'token', 'by', 'reason', 'waited_ms', 'position', 'at'}
-- A session that never reads its notices keeps only the newest ones.
local NOTICES_KEPT = 1000

local function record(ctx, event, notify)
  if ctx.maxEvents == 0 then return end
  local args = {'XADD', ctx.events, 'MAXLEN', '~', ctx.maxEvents, '*'}
  for _, field in ipairs(EVENT_FIELDS) do
    local value = event[field]
    if value ~= nil and value ~= cjson.null then
      args[#args + 1] = field
      args[#args + 1] = value
    end
  end
  local id = redis.call(unpack(args))
  if notify then
    event.id = id
    local key = ctx.base .. 'notices:' .. event.session
    redis.call('RPUSH', key, cjson.encode(event))
    redis.call('LTRIM', key, -NOTICES_KEPT, -1)
    redis.call('PEXPIRE', key, ctx.keep)
  end
end
