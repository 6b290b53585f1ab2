--[[
  end-session: removes a session, the locks it holds among ARGV[5..] and its claim in one step, and
  publishes each released lock name so that waiters wake. The caller finds the candidate names by
  SCAN; each is released only if this session still holds it. Lock and claim keys are derived from
  ARGV[1]; every key shares one hash tag.

  KEYS[1] session key   KEYS[2] claim-of key of the session
  ARGV[1] key base, e.g. "{baton}:"   ARGV[2] session id   ARGV[3] release channel
  ARGV[4] the session id as a JSON string, as lock values begin (see acquire-2.lua)
  ARGV[5..] names of locks the session held when the caller looked

  Returns {session or "", claim JSON or "", released lock name...}.
]]
local sid = ARGV[2]
local session = redis.call('GET', KEYS[1]) or ''
if session ~= '' then redis.call('DEL', KEYS[1]) end

local result = {session, ''}
local head = ARGV[4] .. '\n'
for i = 5, #ARGV do
  local name = ARGV[i]
  local key = ARGV[1] .. 'lock:' .. name
  local raw = redis.call('GET', key)
  if raw and string.sub(raw, 1, #head) == head then
    redis.call('DEL', key)
    redis.call('PUBLISH', ARGV[3], name)
    result[#result + 1] = name
  end
end

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
