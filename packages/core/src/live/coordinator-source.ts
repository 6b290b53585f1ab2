import type { Coordinator } from "../coordinator.js";
import { normalizeLockName } from "../lock-names.js";
import { isHolderProcessGone } from "../platform/process-info.js";
import type { LiveSource } from "./live-source.js";

/**
 * The live view's reads, the one place it touches baton's API: history through the Coordinator,
 * and every record as its driver stores it (no pages, no tier filter: the view judges tiers
 * itself as time passes). Force-release goes to the driver, which records `by` as given (the
 * Coordinator's would name its own session).
 */
export function coordinatorSource(
  coordinator: Pick<Coordinator, "driver" | "config" | "history" | "followHistory">,
  me: string | null,
): LiveSource {
  const { driver, config } = coordinator;
  return {
    backend: driver.name,
    location: driver.location,
    me,
    thresholds: config,
    sessions: async () => (await driver.listSessions()).map((s) => ({ ...s, gone: isHolderProcessGone(s) })),
    locks: () => driver.listLocks("*"),
    lock: (name) => driver.getLock(name),
    claims: () => driver.listClaims(),
    events: (limit) => coordinator.history({ limit }),
    follow: (after, onEvent, signal) => coordinator.followHistory({ after }, onEvent, signal),
    forceRelease: (name, token, by, reason) =>
      driver.forceReleaseLock(normalizeLockName(name), { expectedToken: token, by, reason }),
  };
}
