import { describe, expect, it } from "vitest";
import { InvalidInputError } from "./errors.js";
import { parseSince } from "./since.js";

describe("parseSince", () => {
  it("reads spans back from now and ISO times, and refuses anything else", () => {
    const now = Date.parse("2030-01-02T12:00:00Z");
    expect(parseSince("1h", now)).toBe(now - 3_600_000);
    expect(parseSince("90s", now)).toBe(now - 90_000);
    expect(parseSince("2d", now)).toBe(now - 2 * 86_400_000);
    expect(parseSince("2030-01-02T11:00:00Z", now)).toBe(now - 3_600_000);
    for (const bad of ["1 hour", "h", "-1h", "yesterday", "1.5h", ""]) {
      expect(() => parseSince(bad, now), bad).toThrow(InvalidInputError);
    }
  });
});
