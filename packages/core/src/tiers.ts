import type { Thresholds } from "./schemas/config.js";

/** Every tier, from freshest to gone. */
export const TIERS = ["active", "idle", "stale", "abandoned", "dead"] as const;
export type Tier = (typeof TIERS)[number];

/**
 * The tier of a session whose last heartbeat is `ageMs` old: active < active threshold ≤ idle <
 * idle threshold ≤ stale < abandoned threshold ≤ abandoned. `dead` is decided by the caller.
 */
export function tierForAge(ageMs: number, t: Thresholds): Exclude<Tier, "dead"> {
  const age = ageMs / 1000;
  if (age < t.activeThreshold) return "active";
  if (age < t.idleThreshold) return "idle";
  if (age < t.abandonedThreshold) return "stale";
  return "abandoned";
}

/** Whether a holder's claims and locks may be taken over: stale past the stale threshold, abandoned or dead. */
export function isTakeable(tier: Tier, ageMs: number, t: Thresholds): boolean {
  if (tier === "dead" || tier === "abandoned") return true;
  return tier === "stale" && ageMs / 1000 >= t.staleThreshold;
}

/** Whether the holder is gone for good, so what it held is released without a warning. */
export function isGone(tier: Tier): boolean {
  return tier === "dead" || tier === "abandoned";
}
