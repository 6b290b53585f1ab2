import type { Coordinator } from "../coordinator.js";
import { normalizeLockName } from "../lock-names.js";
import { isHolderProcessGone } from "../platform/process-info.js";
import type { LiveSource } from "./live-source.js";

/**
 * The live view's reads, from a Coordinator's driver and config: every record it stores (no
 * paging, no tier filter: the view judges tiers itself as time passes) and its history. The one
 * place the live view touches baton's API.
 */
export function coordinatorSource(
  coordinator: Pick<Coordinator, "driver" | "config">,
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
    events: (query) => driver.readEvents(query),
    follow: (query, onEvent, signal) => driver.followEvents(query, onEvent, signal),
    forceRelease: (name, token, by, reason) =>
      driver.forceReleaseLock(normalizeLockName(name), { expectedToken: token, by, reason }),
  };
}
