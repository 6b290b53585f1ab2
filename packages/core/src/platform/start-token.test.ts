import { describe, expect, it } from "vitest";
import { procStartToken, psStartToken, sameProcessStart } from "./start-token.js";

describe("sameProcessStart", () => {
  it("between two /proc tokens, ticks decide: a wall-clock step between the reads changes nothing", () => {
    expect(
      sameProcessStart(procStartToken(1_800_000_000, 4_521_337), procStartToken(1_800_003_600, 4_521_337)),
    ).toBe(true);
    expect(
      sameProcessStart(procStartToken(1_800_000_000, 4_521_337), procStartToken(1_800_000_000, 4_521_338)),
    ).toBe(false);
  });

  it("otherwise compares epoch seconds within 2 s, whichever probe wrote which side", () => {
    const proc = procStartToken(1_800_000_000, 4_521_337);
    expect(sameProcessStart(proc, psStartToken(1_800_000_002))).toBe(true);
    expect(sameProcessStart(psStartToken(1_799_999_998), proc)).toBe(true);
    expect(sameProcessStart(proc, psStartToken(1_800_000_003))).toBe(false);
    expect(sameProcessStart(psStartToken(1_800_000_000), psStartToken(1_800_000_001))).toBe(true);
    expect(sameProcessStart(psStartToken(1_800_000_000), psStartToken(1_799_999_990))).toBe(false);
  });

  it("cannot judge an older baton's forms (bare ticks, ps lstart text), so counts them as the same", () => {
    expect(sameProcessStart("4521337", psStartToken(1_800_000_000))).toBe(true);
    expect(sameProcessStart("Tue Jan  6 10:00:00 2026", procStartToken(1_800_000_000, 1))).toBe(true);
  });
});
