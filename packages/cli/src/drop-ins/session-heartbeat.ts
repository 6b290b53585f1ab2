import { formatAge, sessionTier, validateSessionId } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { atMost, type DropInArgs, jsonOnly, type Route, usageError } from "./route.js";

const BIN = "session-heartbeat";

/** `session-heartbeat [COMMAND] [ID]` as the original's usage text has it; no command means `touch`. */
export function sessionHeartbeatRoute({ words, flags, opts }: DropInArgs): Route {
  const [command = "touch", id] = words;
  const own = (run: (ctx: Context) => Promise<number>): Route => ({ own: run, opts });
  switch (command) {
    case "touch":
      atMost(BIN, words, 0, "touch");
      return own(touch);
    case "check":
      atMost(BIN, words, 1, "check [ID]");
      return own((ctx) => check(ctx, id));
    case "age":
      atMost(BIN, words, 1, "age [ID]");
      return own((ctx) => age(ctx, id));
    case "daemon":
    case "stop":
    case "list":
    case "cleanup":
      atMost(BIN, words, 0, command);
      return { baton: ["heartbeat", command, ...flags] };
    default:
      throw usageError(BIN, `unknown command ${JSON.stringify(command)}`);
  }
}

/** Beats silently, as the original: a UserPromptSubmit hook's stdout would reach the model. */
async function touch(ctx: Context): Promise<number> {
  const result = await ctx.coordinator.sessions.heartbeat();
  jsonOnly(ctx.out, result);
  return EXIT.ok;
}

/** A session's tier and heartbeat age (this session's unless an id is given); null when it is not registered. */
async function beat(ctx: Context, id: string | undefined) {
  const { coordinator } = ctx;
  const sessionId = id === undefined ? coordinator.sessionId : validateSessionId(id);
  const session = await coordinator.driver.getSession(sessionId);
  if (!session) return { session_id: sessionId, registered: false as const };
  const { tier, ageMs } = sessionTier(session, coordinator.clock.now(), coordinator.config);
  return {
    session_id: sessionId,
    registered: true as const,
    tier,
    heartbeat_age_seconds: Math.round(ageMs / 1000),
  };
}

/** `active (last heartbeat: 5s)`: exit 0 while active or idle, 1 when stale, abandoned, dead or unknown. */
async function check(ctx: Context, id: string | undefined): Promise<number> {
  const b = await beat(ctx, id);
  const alive = b.registered && (b.tier === "active" || b.tier === "idle");
  ctx.out.result(b, () =>
    b.registered
      ? `${b.tier} (last heartbeat: ${formatAge(b.heartbeat_age_seconds * 1000)})`
      : "dead (no heartbeat)",
  );
  return alive ? EXIT.ok : EXIT.refused;
}

/** Seconds since the session's last heartbeat; `-1` and exit 1 when it has none. */
async function age(ctx: Context, id: string | undefined): Promise<number> {
  const b = await beat(ctx, id);
  ctx.out.result(b, () => String(b.registered ? b.heartbeat_age_seconds : -1));
  return b.registered ? EXIT.ok : EXIT.refused;
}
