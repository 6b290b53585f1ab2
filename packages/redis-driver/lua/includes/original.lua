--[[
  original: the original scripts' Redis locks (claude-power-pack's coordination server), for a
  team moving to baton on the same Redis. Their lock on a name is the key `claude:locks:NAME`
  (baton's stored names are theirs: `resource:pytest`, `issue:42`) holding JSON {session_id,
  acquired_at, expires_at, worktree}, taken with SET NX EX: while the key exists the name is held.
  baton refuses a name such a key holds for another session, and keeps a copy of its own holds in
  that key (marked `baton` with the key base), so the original's SET NX fails while baton holds it.
]]

-- ISO 8601 (UTC) of ms on Redis's clock, as the original writes its times; Redis's Lua has no
-- date library, so the civil date is computed from the day count.
local function iso(ms)
  local s = math.floor(ms / 1000)
  local z = math.floor(s / 86400) + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local month = mp < 10 and mp + 3 or mp - 9
  local year = yoe + era * 400 + (month <= 2 and 1 or 0)
  local secs = s % 86400
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03d+00:00', year, month,
    doy - math.floor((153 * mp + 2) / 5) + 1, math.floor(secs / 3600), math.floor(secs % 3600 / 60),
    secs % 60, ms % 1000)
end

-- The original's key for the name, its value (false when absent, "" when not a string) and that
-- value decoded (nil when it is not a JSON object). Read once per script and name (acquire looks
-- before it grants, then mirrors): only mirror writes the key, and it forgets what was read.
local function original_value(ctx, name)
  local key = ctx.original .. name
  ctx.read = ctx.read or {}
  local seen = ctx.read[name]
  if not seen then
    local raw = redis.pcall('GET', key)
    if raw and type(raw) ~= 'string' then raw = '' end
    local ok, value = pcall(cjson.decode, raw or 'null')
    seen = {raw = raw, value = ok and type(value) == 'table' and value or nil}
    ctx.read[name] = seen
  end
  return key, seen.raw, seen.value
end

-- When the original holds the name for another session than `sid`: its value, and the ms it
-- expires at (-1: never). baton's copies, its own or another deployment's, hold nothing here.
local function original_hold(ctx, name, sid)
  if not ctx.original then return nil end
  local key, raw, value = original_value(ctx, name)
  if not raw or (value and (value.baton or value.session_id == sid)) then return nil end
  local ttl = redis.call('PTTL', key)
  return raw, ttl >= 0 and ctx.now + ttl or -1
end

-- Keeps the original's key in step with baton's holds of the name: a copy naming the first holder
-- while there are holds, expiring with the last of them; none once there are none. A value the
-- original wrote for a session not holding the name here is theirs and stays.
local function mirror(ctx, name, holds)
  if not ctx.original then return end
  local key, raw, value = original_value(ctx, name)
  local ours = value and value.baton == ctx.base
  ctx.read[name] = nil
  if #holds == 0 then
    if ours then redis.call('DEL', key) end
    return
  end
  if raw and not (value and value.baton) then
    local holding = false
    for _, hold in ipairs(holds) do
      if value and hold.held_by == value.session_id then holding = true end
    end
    if not holding then return end
  end
  local first, last = holds[1], 0
  for _, hold in ipairs(holds) do
    if hold.expires > last then last = hold.expires end
  end
  redis.call('SET', key, cjson.encode({session_id = first.held_by, acquired_at = iso(first.acquired),
    expires_at = iso(last), worktree = first.worktree, baton = ctx.base}), 'PXAT', string.format('%d', last))
end
