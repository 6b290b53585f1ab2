import { describe, expect, it } from "vitest";
import { BatonError, InvalidInputError } from "./errors.js";
import { globToRegExp } from "./glob.js";
import { lockNameForBranch, normalizeLockName, normalizeLockPattern } from "./lock-names.js";

describe("normalizeLockName", () => {
  it("stores a name without ':' as a resource lock and keeps typed names as given", () => {
    expect(normalizeLockName("pytest-api")).toBe("resource:pytest-api");
    expect(normalizeLockName("issue:42")).toBe("issue:42");
    expect(normalizeLockName("wave:5c")).toBe("wave:5c");
    expect(normalizeLockName("wave:5c.1")).toBe("wave:5c.1");
    expect(normalizeLockName("branch:feat/x")).toBe("branch:feat/x");
    expect(normalizeLockName("resource:x")).toBe("resource:x");
  });

  it("accepts 200 printable characters, and '..' as a plain name (it never becomes a path)", () => {
    expect(normalizeLockName("a".repeat(200))).toBe(`resource:${"a".repeat(200)}`);
    expect(normalizeLockName("..")).toBe("resource:..");
    expect(normalizeLockName("../../etc/passwd")).toBe("resource:../../etc/passwd");
  });

  it.each([
    ["empty", ""],
    ["a space", "my lock"],
    ["a tab", "a\tb"],
    ["a newline", "a\nb"],
    ["a NUL", "a\u0000b"],
    ["DEL", "a\u007fb"],
    ["an escape", "a\u001b[31m"],
    ["201 characters", "a".repeat(201)],
    ["non-ASCII", "café"],
    ["an emoji", "lock-🔒"],
    ["a leading colon", ":x"],
    ["a trailing colon", "issue:"],
  ])("rejects a name with %s as INVALID_INPUT with a one-line reason", (_what, name) => {
    let caught: unknown;
    try {
      normalizeLockName(name);
    } catch (error) {
      caught = error;
    }
    expect(BatonError.isInstance(caught) && caught.code).toBe("INVALID_INPUT");
    expect((caught as Error).message).toMatch(/^invalid lock name/);
    expect((caught as Error).message).not.toContain("\n");
  });
});

describe("lockNameForBranch (the name 'work')", () => {
  it.each([
    ["issue-42-auth", "issue:42"],
    ["issue-42", "issue:42"],
    ["wave-5c.1-feat", "wave:5c.1"],
    ["wave-5c-1-feat", "wave:5c.1"],
    ["wave-5c-feat", "wave:5c"],
    ["wave-3-cleanup", "wave:3"],
    ["wave-3", "wave:3"],
    ["main", "branch:main"],
    ["feature/login", "branch:feature/login"],
    ["issue-abc", "branch:issue-abc"],
    ["my-issue-42", "branch:my-issue-42"],
  ])("%s → %s", (branch, name) => {
    expect(lockNameForBranch(branch)).toBe(name);
  });
});

describe("globToRegExp", () => {
  it("matches *, ? and [] and escapes everything else", () => {
    expect(globToRegExp("resource:pytest-*").test("resource:pytest-api")).toBe(true);
    expect(globToRegExp("resource:pytest-*").test("issue:1")).toBe(false);
    expect(globToRegExp("wave:5c.?").test("wave:5c.1")).toBe(true);
    expect(globToRegExp("wave:5c.?").test("wave:5cx12")).toBe(false);
    expect(globToRegExp("issue:[12]").test("issue:2")).toBe(true);
    expect(globToRegExp("issue:[!12]").test("issue:2")).toBe(false);
    expect(globToRegExp("a.b").test("axb")).toBe(false);
    expect(globToRegExp("(x)+").test("(x)+")).toBe(true);
  });

  it("maps a pattern without ':' onto resource locks", () => {
    expect(normalizeLockPattern("*")).toBe("*");
    expect(normalizeLockPattern("pytest-*")).toBe("resource:pytest-*");
    expect(normalizeLockPattern("issue:*")).toBe("issue:*");
  });
});

describe("normalizeLockPattern refuses what is not a pattern, as a pattern", () => {
  const refusal = (pattern: string) => {
    try {
      normalizeLockPattern(pattern);
    } catch (error) {
      if (InvalidInputError.isInstance(error)) return { field: error.field, message: error.message };
      throw error;
    }
    throw new Error(`accepted ${pattern}`);
  };

  it.each([
    ["a range written high to low", "[z-a]", /range z-a is out of order; write it low to high, a-z/],
    ["a range inside a set", "issue:[0-9x-b]", /range x-b is out of order/],
    ["an unclosed [", "pytest-[ab", /the "\[" at position 8 is never closed/],
    ["an empty set", "a[]b", /"\[\]" at position 2 matches nothing/],
    ["a negated empty set", "a[!]b", /matches nothing/],
    ["201 characters", "x".repeat(201), /201 characters is too long; use at most 200/],
    ["a space", "a *", /character " " is not allowed/],
    ["nothing", "", /it is empty/],
  ])("%s", (_what, pattern, reason) => {
    const { field, message } = refusal(pattern);
    expect(field).toBe("pattern");
    expect(message).toMatch(/^invalid pattern /);
    expect(message).toMatch(reason);
    expect(message).not.toContain("\n");
    expect(message.length).toBeLessThan(200);
  });

  it.each(["*", "issue:[1-9]*", "wave:5c.?", "[!a-c]x", "a\\[b", "[-]", "[a-]", "x".repeat(200)])(
    "accepts %s, and the drivers can match it",
    (pattern) => {
      expect(() => globToRegExp(normalizeLockPattern(pattern))).not.toThrow();
    },
  );
});
