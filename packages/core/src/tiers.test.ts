import { describe, expect, it } from "vitest";
import { DEFAULTS } from "./config.js";
import { isGone, isTakeable, tierForAge } from "./tiers.js";

const S = 1000;
const t = DEFAULTS;

describe("tiers by heartbeat age", () => {
  it.each([
    [0, "active"],
    [300 * S - 1, "active"],
    [300 * S, "idle"],
    [3_600 * S - 1, "idle"],
    [3_600 * S, "stale"],
    [86_400 * S - 1, "stale"],
    [86_400 * S, "abandoned"],
    [400 * 86_400 * S, "abandoned"],
  ])("%i ms old → %s", (age, tier) => {
    expect(tierForAge(age, t)).toBe(tier);
  });

  it("follows configured thresholds", () => {
    const custom = {
      ...t,
      activeThreshold: 10,
      idleThreshold: 20,
      staleThreshold: 25,
      abandonedThreshold: 30,
    };
    expect(tierForAge(9_999, custom)).toBe("active");
    expect(tierForAge(10_000, custom)).toBe("idle");
    expect(tierForAge(20_000, custom)).toBe("stale");
    expect(tierForAge(30_000, custom)).toBe("abandoned");
  });

  it("lets stale holders be taken only past the stale threshold (4 h), abandoned and dead always", () => {
    expect(isTakeable("active", 0, t)).toBe(false);
    expect(isTakeable("idle", 3_000 * S, t)).toBe(false);
    expect(isTakeable("stale", 14_400 * S - 1, t)).toBe(false);
    expect(isTakeable("stale", 14_400 * S, t)).toBe(true);
    expect(isTakeable("abandoned", 86_400 * S, t)).toBe(true);
    expect(isTakeable("dead", 0, t)).toBe(true);
    expect(isGone("dead") && isGone("abandoned") && !isGone("stale")).toBe(true);
  });
});
