import { describe, expect, it } from "vitest";
import {
  checkInput,
  IssueNumberSchema,
  PageLimitSchema,
  parseTtl,
  parseWait,
  SessionMetadataSchema,
  shown,
  TtlSecondsSchema,
  WaitSecondsSchema,
} from "./bounds.js";
import { InvalidInputError } from "./errors.js";

describe("TTL and wait bounds", () => {
  it("TTLs are whole seconds from 1 to 86 400, as numbers or numeric text", () => {
    expect(parseTtl(1)).toBe(1);
    expect(parseTtl(86_400)).toBe(86_400);
    expect(parseTtl("300")).toBe(300);
    expect(parseTtl(" 2.0 ")).toBe(2);
  });

  it.each([
    0,
    1.5,
    "1.5",
    86_401,
    -5,
    "abc",
    "",
    "1e3",
    "0x10",
    Number.NaN,
    Number.POSITIVE_INFINITY,
    null,
    undefined,
    {},
  ])("refuses TTL %s with a message naming the rule", (value) => {
    expect(() => parseTtl(value)).toThrow(InvalidInputError);
    expect(() => parseTtl(value)).toThrow(/must be whole seconds from 1 to 86400$/);
  });

  it("waits are seconds from 0 to 3 600, fractions allowed", () => {
    expect(parseWait(0)).toBe(0);
    expect(parseWait("3600")).toBe(3_600);
    expect(parseWait(1.5)).toBe(1.5);
    expect(parseWait("0.25")).toBe(0.25);
    expect(() => parseWait(3_601)).toThrow(/must be seconds from 0 to 3600/);
    expect(() => parseWait(-1)).toThrow(InvalidInputError);
    expect(() => parseWait("soon")).toThrow(/^invalid wait "soon": /);
  });

  it("names the field it checked", () => {
    try {
      parseTtl(0, "timeout_seconds");
    } catch (error) {
      expect((error as InvalidInputError).field).toBe("timeout_seconds");
      expect((error as Error).message).toBe(
        "invalid timeout seconds 0: must be whole seconds from 1 to 86400",
      );
    }
    expect.assertions(2);
  });

  it("the schemas accept exactly what the parsers accept", () => {
    for (const value of [0, 1, 1.5, 300, 86_400, 86_401, 3_600, 3_601, -1]) {
      expect(TtlSecondsSchema.safeParse(value).success, `ttl ${value}`).toBe(
        Number.isInteger(value) && value >= 1 && value <= 86_400,
      );
      expect(WaitSecondsSchema.safeParse(value).success, `wait ${value}`).toBe(value >= 0 && value <= 3_600);
    }
  });
});

describe("other input bounds", () => {
  it("issue numbers are positive whole numbers", () => {
    expect(checkInput(IssueNumberSchema, 42, "issue_number")).toBe(42);
    for (const bad of [0, -1, 1.5, "42", 2 ** 53]) {
      expect(() => checkInput(IssueNumberSchema, bad, "issue_number")).toThrow(/positive whole number/);
    }
  });

  it("metadata is a JSON object of at most 4 096 characters", () => {
    expect(checkInput(SessionMetadataSchema, { task: "x" }, "metadata")).toEqual({ task: "x" });
    expect(() => checkInput(SessionMetadataSchema, { big: "x".repeat(5_000) }, "metadata")).toThrow(
      /at most 4096 characters as JSON/,
    );
    expect(() => checkInput(SessionMetadataSchema, ["a"], "metadata")).toThrow(/must be a JSON object/);
  });

  it("a page holds 1 to 1 000 items", () => {
    expect(checkInput(PageLimitSchema, 1_000, "limit")).toBe(1_000);
    expect(() => checkInput(PageLimitSchema, 0, "limit")).toThrow(
      /^invalid limit 0: must be a whole number from 1 to 1000$/,
    );
  });

  it("long values are cut short in messages", () => {
    expect(shown("x".repeat(5_000)).length).toBeLessThan(50);
    expect(shown(1.5)).toBe("1.5");
  });
});
