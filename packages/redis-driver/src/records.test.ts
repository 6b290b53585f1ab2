import { describe, expect, it } from "vitest";
import { isoOf } from "./records.js";

describe("isoOf", () => {
  it("formats exactly as toISOString, across days, years and the edges of the fast path", () => {
    const samples = [
      0,
      1,
      999,
      86_399_999,
      86_400_000,
      951_782_400_000,
      1_795_476_057_005,
      1_795_476_057_005 + 86_400_000,
      253_402_300_799_999,
      -1,
      -86_400_001,
      1.5,
    ];
    for (let i = 0; i < 20_000; i++) samples.push(Math.floor(Math.random() * 4_000_000_000_000));
    for (let i = 0; i < 2_000; i++) samples.push(1_795_476_057_005 + i * 37_003);
    for (const ms of samples) expect(isoOf(ms)).toBe(new Date(ms).toISOString());
  });

  it("throws on an invalid time as toISOString does", () => {
    expect(() => isoOf(Number.NaN)).toThrow(RangeError);
  });
});
