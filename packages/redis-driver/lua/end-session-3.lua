-- version 5
--[[
  end-session: removes a session, the locks it holds and its claim in one step, and publishes each
  released lock name so that waiters wake. The session's index names its candidate locks (it may
  also hold names since released or expired): each is released only if this session still holds
  it, so no other lock is read. Lock and claim keys are derived from ARGV[1]; every key shares one
  hash tag.

  KEYS[1] session key   KEYS[2] claim-of key of the session   KEYS[3] the session's index
  ARGV[1] key base, e.g. "{baton}:"   ARGV[2] session id   ARGV[3] release channel
  ARGV[4] the session id as a JSON string, as lock values begin (see acquire-3.lua)

  Returns {session or "", claim JSON or "", released lock name...}.
]]
local sid = ARGV[2]
local session = redis.call('GET', KEYS[1]) or ''
if session ~= '' then redis.call('DEL', KEYS[1]) end

local result = {session, ''}
local head = ARGV[4] .. '\n'
for _, name in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local key = ARGV[1] .. 'lock:' .. name
  local value = redis.call('GET', key)
  if value and string.sub(value, 1, #head) == head then
    redis.call('DEL', key)
    redis.call('PUBLISH', ARGV[3], name)
    result[#result + 1] = name
  end
end
redis.call('DEL', KEYS[3])

local issue = redis.call('GET', KEYS[2])
if issue then
  redis.call('DEL', KEYS[2])
  local key = ARGV[1] .. 'claim:' .. issue
  local raw = redis.call('GET', key)
  if raw and cjson.decode(raw).session_id == sid then
    redis.call('DEL', key)
    result[2] = raw
  end
end
return result
