--[[
  lock-state: the whole state of one lock name, one JSON value at {base}lock:NAME that each script
  reads and writes whole:
    {"slots": N, "holds": [hold...], "line": [place...], "requests": [request...]}
    hold     {held_by, host, pid, pid_start, pgid, worktree, mode, token, acquired, expires}
    place    {session_id, host, mode, since, lease}
    request  {by, reason, at, expires}
  Times are ms on Redis's clock; tokens are strings. A script that leaves neither a hold nor a
  place deletes the key, so a name that does not exist forgets its slots. Otherwise the key
  outlives its last hold or place by the keep time (PXAT), so the next step on the name still
  finds a hold that lapsed and records lock.expired; readers leave lapsed entries out.
]]
local function load(key)
  local raw = redis.call('GET', key)
  if not raw then return nil, nil end
  local state = cjson.decode(raw)
  state.holds = state.holds or {}
  state.line = state.line or {}
  state.requests = state.requests or {}
  return state, raw
end

local function fresh(slots)
  return {slots = slots, holds = {}, line = {}, requests = {}}
end

-- cjson writes an empty table as {}, so empty lists are left out of the value.
local function listed(list)
  if #list == 0 then return nil end
  return list
end

-- Writes the state back (requests go with the last hold) and returns its value, or deletes the
-- key and returns nil when neither a hold nor a place is left. The original's key for the name
-- follows the holds (original.lua).
local function save(ctx, key, state)
  mirror(ctx, string.sub(key, #ctx.base + 6), state.holds)
  if #state.holds == 0 then state.requests = {} end
  if #state.holds == 0 and #state.line == 0 then
    redis.call('DEL', key)
    return nil
  end
  local last = 0
  for _, hold in ipairs(state.holds) do
    if hold.expires > last then last = hold.expires end
  end
  for _, place in ipairs(state.line) do
    if place.lease > last then last = place.lease end
  end
  local raw = cjson.encode({
    slots = state.slots,
    holds = listed(state.holds),
    line = listed(state.line),
    requests = listed(state.requests),
  })
  redis.call('SET', key, raw, 'PXAT', string.format('%d', last + ctx.keep))
  return raw
end

local function find_hold(state, sid)
  for i, hold in ipairs(state.holds) do
    if hold.held_by == sid then return i, hold end
  end
end

local function find_place(state, sid)
  for i, place in ipairs(state.line) do
    if place.session_id == sid then return i, place end
  end
end

-- Whether a hold of `mode` fits beside the holds: shared beside shared only, exclusive within the slots.
local function fits(state, mode)
  local exclusive = 0
  for _, hold in ipairs(state.holds) do
    if (hold.mode == 'shared') ~= (mode == 'shared') then return false end
    exclusive = exclusive + 1
  end
  return mode == 'shared' or exclusive < state.slots
end

-- Holds past their expiry (lock.expired, a notice to the holder) and places past their lease
-- (lock.gave_up) leave, and lapsed requests go. Returns whether a hold or place left, and
-- whether anything did.
local function prune(ctx, name, state)
  local holds, line, requests = {}, {}, {}
  for _, hold in ipairs(state.holds) do
    if hold.expires > ctx.now then
      holds[#holds + 1] = hold
    else
      index_drop(ctx, hold.held_by, name)
      record(ctx, {type = 'lock.expired', name = name, session = hold.held_by, host = hold.host,
        token = hold.token, at = hold.expires}, true)
    end
  end
  for _, place in ipairs(state.line) do
    if place.lease > ctx.now then
      line[#line + 1] = place
    else
      index_drop(ctx, place.session_id, name)
      record(ctx, {type = 'lock.gave_up', name = name, session = place.session_id, host = place.host,
        reason = 'lease expired', at = place.lease})
    end
  end
  for _, request in ipairs(state.requests) do
    if request.expires > ctx.now then requests[#requests + 1] = request end
  end
  local moved = #holds < #state.holds or #line < #state.line
  local changed = moved or #requests < #state.requests
  state.holds, state.line, state.requests = holds, line, requests
  return moved, changed
end

-- Tells whoever waits on the name that it changed. When the head of the line fits beside the
-- holds now, its session alone is told, on its own channel {base}wake:SESSION: its driver tries
-- again at once (src/change-watcher.ts), and no other waiter's process wakes for it. While a
-- waiter outside the line watches the name (watch-1.lua), the name also goes out on {base}released.
local function wake(ctx, name, state)
  local message = cjson.encode({name})
  local head = state.line[1]
  if head and fits(state, head.mode) then
    redis.call('PUBLISH', ctx.base .. 'wake:' .. head.session_id, message)
  end
  if redis.call('EXISTS', ctx.base .. 'watched:' .. name) == 1 then
    redis.call('PUBLISH', ctx.channel, message)
  end
end
