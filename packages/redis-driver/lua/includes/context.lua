--[[
  context: what every script shares, read once at its start. Every script takes the same first
  four ARGV (key base, history length, keep ms, original lock keys) and has the history stream as
  its last KEY. Keys of other records (another session's index or notices, another lock) derive
  from the base; all of them share its hash tag, so they live in the script's cluster slot. The
  original scripts' lock keys (`claude:locks:NAME`, see original.lua) live outside it, so they are
  "" (not looked at) on a cluster.
]]
local function context(base, maxEvents, keepMs, original, events)
  local time = redis.call('TIME')
  return {
    base = base,
    events = events,
    original = original ~= '' and original or nil,
    channel = base .. 'released',
    -- 0 turns history (and so notices) off.
    maxEvents = tonumber(maxEvents),
    -- How long a session index or notice list outlives its last change.
    keep = tonumber(keepMs),
    now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000),
    micros = tonumber(time[1]) * 1000000 + tonumber(time[2]),
  }
end

-- "" stands for none in ARGV.
local function given(arg)
  if arg == '' then return nil end
  return arg
end
