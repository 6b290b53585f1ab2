import { type DriverAcquireOutcome, type DriverLockSteps, globToRegExp } from "@agent-baton/core";
import { type DriverContext, serverNow } from "./context.js";
import { escapeGlob, literalHead } from "./keys.js";
import { readOriginalKey, scriptOriginalHold, withOriginalHold } from "./original-keys.js";
import { decodeHold, decodeState, encodeOwner } from "./records.js";
import { getMany, scanKeys } from "./scan.js";
import type { LockChangeReply } from "./scripts.js";

/** Lock steps: one script each (lua/), reads by GET or SCAN + MGET beside Redis's clock. */
export function lockSteps(ctx: DriverContext): DriverLockSteps {
  const { client, keys, scripts, common, run } = ctx;

  const lockChange = ([outcome, raw]: LockChangeReply, name: string) => ({
    outcome,
    lock: raw === undefined ? null : decodeHold(raw, name),
  });

  return {
    acquireLock: (name, request) => {
      const sessionId = request.owner.held_by;
      const leaseMs = request.leaseMs === undefined ? "" : Math.ceil(request.leaseMs);
      // Watching starts before the attempt, so a change right after it still wakes the wait that
      // follows; and at the call, so a wait begun just before it (the Coordinator's) knows it waits
      // in line rather than marking the name watched for everyone.
      const watcher = leaseMs === "" ? undefined : ctx.watcher();
      watcher?.expect(name, sessionId);
      return run<DriverAcquireOutcome>(async () => {
        const [outcome, raw, position, slotsInForce, theirs, theirsUntil] = await scripts.acquire(
          keys.lock(name),
          keys.fences,
          keys.events,
          ...common,
          name,
          encodeOwner(request.owner),
          request.mode,
          request.slots,
          Math.ceil(request.ttlMs),
          leaseMs,
          request.evict?.join(",") ?? "",
          request.reason ?? "",
          request.notifyOnGrant ? "1" : "",
        );
        if (outcome !== "queued") watcher?.forget(name, sessionId);
        if (outcome === "acquired" || outcome === "extended") {
          const state = decodeState(raw, name)!;
          const lock = state.holders.find((hold) => hold.held_by === sessionId)!;
          return { acquired: true, lock, extended: outcome === "extended", state };
        }
        // the original scripts' key may refuse a name baton keeps no state for
        const original = scriptOriginalHold(name, theirs, theirsUntil, Date.now());
        const state = withOriginalHold(raw ? decodeState(raw, name) : null, original, name) ?? {
          lock_name: name,
          slots: request.slots,
          holders: [],
          waiters: [],
          requests: [],
        };
        return {
          acquired: false,
          state,
          position: position > 0 ? position : null,
          ...(outcome === "slots" ? { slotsInForce } : {}),
        };
      }).catch((error: unknown) => {
        watcher?.forget(name, sessionId);
        throw error;
      });
    },

    leaveLine: (name, sessionId, reason) =>
      run(async () => {
        await scripts.leave(keys.lock(name), keys.events, ...common, name, sessionId, reason);
      }).finally(() => ctx.openWatcher()?.forget(name, sessionId)),

    releaseLock: (name, sessionId) =>
      run(async () =>
        lockChange(
          await scripts.release(keys.lock(name), keys.watched(name), keys.events, ...common, name, sessionId),
          name,
        ),
      ),

    extendLock: (name, sessionId, ttlMs, patch) =>
      run(async () => {
        const facts = patch && Object.keys(patch).length > 0 ? JSON.stringify(patch) : "";
        const reply = await scripts.extend(
          keys.lock(name),
          keys.events,
          ...common,
          name,
          sessionId,
          Math.ceil(ttlMs),
          facts,
        );
        return lockChange(reply, name);
      }),

    forceReleaseLock: (name, { expectedToken, by, reason }) =>
      run(async () => {
        const broken = await scripts.forceRelease(
          keys.lock(name),
          keys.events,
          ...common,
          name,
          expectedToken ?? "",
          by,
          reason ?? "",
        );
        return broken.map((raw) => decodeHold(raw, name));
      }),

    requestRelease: (name, { by, reason, ttlMs }) =>
      run(async () => {
        const raw = await scripts.requestRelease(
          keys.lock(name),
          keys.events,
          ...common,
          name,
          by,
          reason ?? "",
          Math.ceil(ttlMs),
        );
        return raw ? decodeState(raw, name) : null;
      }),

    getLock: (name) =>
      run(async () => {
        const [now, raw, theirs] = await Promise.all([
          serverNow(client),
          client.get(keys.lock(name)),
          readOriginalKey(client, ctx.originalKeys, name),
        ]);
        const state = raw ? decodeState(raw, name, now) : null;
        if (!theirs) return state;
        const expires = theirs.ttlMs < 0 ? -1 : now + theirs.ttlMs;
        return withOriginalHold(state, scriptOriginalHold(name, theirs.raw, expires, now), name);
      }),

    listLocks: (pattern) =>
      run(async () => {
        const match = `${escapeGlob(keys.lock(literalHead(pattern)))}*`;
        const wanted = globToRegExp(pattern);
        const names = (await scanKeys(client, match))
          .map((key) => key.slice(keys.lock("").length))
          .filter((name) => wanted.test(name))
          .sort();
        const [now, values] = await Promise.all([serverNow(client), getMany(client, names.map(keys.lock))]);
        return names.flatMap((name, i) => {
          const state = values[i] ? decodeState(values[i], name, now) : null;
          return state ? [state] : [];
        });
      }),

    waitForChange: (name, timeoutMs, signal) =>
      ctx
        .watcher()
        .wait(name, timeoutMs, signal)
        .catch((error: unknown) => {
          throw ctx.batonError(error);
        }),
  };
}
