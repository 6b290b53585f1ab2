import { InvalidInputError } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { escapeGlob, issueId, keyLayout, literalHead } from "./keys.js";

describe("keyLayout", () => {
  it("puts every key of one prefix inside the same cluster hash tag", () => {
    const keys = keyLayout("team-a");
    expect([
      keys.lock("resource:x"),
      keys.watched("resource:x"),
      keys.fences,
      keys.events,
      keys.session("s1"),
      keys.index("s1"),
      keys.notices("s1"),
      keys.claim(issueId("acme/api", 42)),
      keys.claimOf("s1"),
      keys.releaseChannel,
      keys.reservations("github.com/acme/api"),
      keys.reservationVersions,
      keys.reservationRepos,
    ]).toEqual([
      "{team-a}:lock:resource:x",
      "{team-a}:watched:resource:x",
      "{team-a}:fences",
      "{team-a}:events",
      "{team-a}:session:s1",
      "{team-a}:index:s1",
      "{team-a}:notices:s1",
      "{team-a}:claim:acme/api#42",
      "{team-a}:claim-of:s1",
      "{team-a}:released",
      "{team-a}:reservations:github.com/acme/api",
      "{team-a}:reservation-versions",
      "{team-a}:reservation-repos",
    ]);
  });

  it("refuses a prefix that would break the hash tag", () => {
    expect(() => keyLayout("a}b")).toThrow(InvalidInputError);
    expect(() => keyLayout("")).toThrow(/must be non-empty/);
  });
});

describe("SCAN patterns", () => {
  it("escapes Redis glob characters and keeps only a pattern's literal head", () => {
    expect(escapeGlob("{p}:lock:a*b?[c]\\")).toBe("{p}:lock:a\\*b\\?\\[c\\]\\\\");
    expect(literalHead("resource:pytest-*")).toBe("resource:pytest-");
    expect(literalHead("wave:5c.?")).toBe("wave:5c.");
    expect(literalHead("issue:42")).toBe("issue:42");
    expect(literalHead("*")).toBe("");
  });
});
