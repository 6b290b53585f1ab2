-- version 1
--[[
  record-events: records the given events in the stream, in order, each marked `notify` also as a
  notice for its session: what the Coordinator finds out by itself (an overlap of changed files)
  rather than through a change of stored state.

  KEYS[1] history stream
  ARGV[1] key base   ARGV[2] history length, 0 for none   ARGV[3] keep ms
  ARGV[4] the original scripts' key prefix (see context.lua; unused here)
  ARGV[5] events, a JSON array of event tables, each with `notify` true when it is a notice

  Returns how many events it recorded.
]]
--- @include "context"
--- @include "history"

local ctx = context(ARGV[1], ARGV[2], ARGV[3], ARGV[4], KEYS[1])
local events = cjson.decode(ARGV[5])
for _, event in ipairs(events) do
  local notify = event.notify == true
  event.notify = nil
  record(ctx, event, notify)
end
return #events
