import type { Driver } from "@agent-baton/core";
import type { DriverContext } from "./context.js";
import { escapeGlob } from "./keys.js";
import { decodeClaim, decodeSession, encodeSession, orNull } from "./records.js";
import { getMany, scanKeys } from "./scan.js";

type SessionSteps = Pick<
  Driver,
  "putSession" | "getSession" | "updateSession" | "listSessions" | "endSession" | "reapSession"
>;

/** Session steps: records with a renewed expiry; ending and reaping read only the session's own index. */
export function sessionSteps(ctx: DriverContext): SessionSteps {
  const { client, keys, scripts, common, run, sessionTtlMs } = ctx;
  return {
    putSession: (session) =>
      run(async () => {
        await scripts.putSession(
          keys.session(session.session_id),
          keys.events,
          ...common,
          encodeSession(session),
          sessionTtlMs,
          session.session_id,
          session.host,
        );
      }),

    getSession: (sessionId) =>
      run(async () => orNull(await client.get(keys.session(sessionId)), decodeSession)),

    updateSession: (sessionId, patch) =>
      run(async () => {
        const paused = patch.paused === undefined ? "" : patch.paused ? "1" : "0";
        const raw = await scripts.updateSession(
          keys.session(sessionId),
          keys.events,
          ...common,
          patch.last_heartbeat ?? "",
          paused,
          sessionTtlMs,
          sessionId,
        );
        return orNull(raw, decodeSession);
      }),

    listSessions: () =>
      run(async () => {
        const found = await scanKeys(client, `${escapeGlob(keys.session(""))}*`);
        return (await getMany(client, found)).flatMap((raw) => (raw ? [decodeSession(raw)] : []));
      }),

    endSession: (sessionId, { event, by, reason }) =>
      run(async () => {
        const [session, claim, ...locks] = await scripts.endSession(
          keys.session(sessionId),
          keys.claimOf(sessionId),
          keys.index(sessionId),
          keys.events,
          ...common,
          sessionId,
          event,
          by ?? "",
          reason ?? "",
        );
        ctx.openWatcher()?.leave(sessionId);
        return {
          session: orNull(session, decodeSession),
          locks: locks.sort(),
          claim: orNull(claim, decodeClaim),
        };
      }),

    reapSession: (sessionId) =>
      run(async () => {
        await scripts.reap(keys.index(sessionId), keys.events, ...common, sessionId);
      }),
  };
}
