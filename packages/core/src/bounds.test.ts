import { describe, expect, it } from "vitest";
import { parseTtl, parseWait } from "./bounds.js";
import { InvalidInputError } from "./errors.js";

describe("TTL and wait bounds", () => {
  it("accepts TTLs from 1 to 86 400 seconds, as numbers or numeric strings", () => {
    expect(parseTtl(1)).toBe(1);
    expect(parseTtl(86_400)).toBe(86_400);
    expect(parseTtl("300")).toBe(300);
    expect(parseTtl(" 2.5 ")).toBe(2.5);
  });

  it.each([0, 86_401, -5, "abc", "", "1e3", Number.NaN, Number.POSITIVE_INFINITY, null, undefined, {}])(
    "rejects TTL %s with a message naming the range",
    (value) => {
      expect(() => parseTtl(value)).toThrow(InvalidInputError);
      expect(() => parseTtl(value)).toThrow(/from 1 to 86400/);
    },
  );

  it("accepts waits from 0 to 3 600 seconds and rejects the rest", () => {
    expect(parseWait(0)).toBe(0);
    expect(parseWait("3600")).toBe(3_600);
    expect(() => parseWait(3_601)).toThrow(/from 0 to 3600/);
    expect(() => parseWait(-1)).toThrow(InvalidInputError);
    expect(() => parseWait("soon")).toThrow(/invalid wait "soon"/);
  });

  it("names the field it checked", () => {
    try {
      parseTtl(0, "timeout_seconds");
    } catch (error) {
      expect((error as InvalidInputError).field).toBe("timeout_seconds");
      expect((error as Error).message).toMatch(/^invalid timeout_seconds 0/);
    }
    expect.assertions(2);
  });
});
