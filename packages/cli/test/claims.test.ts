import {
  ClaimRecordSchema,
  ClaimResultSchema,
  FindClaimResultSchema,
  ListClaimsResultSchema,
  ReleaseClaimResultSchema,
} from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { backends } from "./helpers.js";

const repo = ["--repo", "acme/nhl-api"];

describe.each(backends())("baton claim on the $name backend", ({ world }) => {
  it("claims, refuses a second session (exit 1), checks, lists, shows status and releases", async () => {
    const w = world();
    const s1 = { env: { BATON_SESSION_ID: "s1" } };
    const s2 = { env: { BATON_SESSION_ID: "s2" } };
    const claimed = await w.run(["claim", "42", "Fix auth", ...repo, "--json"], s1);
    expect(claimed.code).toBe(0);
    expect(ClaimResultSchema.parse(claimed.json())).toMatchObject({
      claimed: true,
      label: "NHL #42: Fix auth",
    });

    const refused = await w.run(["claim", "42", ...repo, "--json"], s2);
    expect(refused.code).toBe(1);
    expect(ClaimResultSchema.parse(refused.json())).toMatchObject({
      claimed: false,
      held_by: "s1",
      holder_tier: "active",
    });

    const check = await w.run(["claim", "--check", "42", ...repo, "--json"], s2);
    expect(check.code).toBe(1);
    expect(FindClaimResultSchema.parse(check.json()).claim?.session_id).toBe("s1");
    expect((await w.run(["claim", "--check", "7", ...repo], s2)).code).toBe(0);

    const list = await w.run(["claim", "--list", ...repo, "--json"], s2);
    expect(ListClaimsResultSchema.parse(list.json()).claims.map((c) => c.number)).toEqual([42]);

    const status = await w.run(["claim", "--status", "--json"], s1);
    expect(ClaimRecordSchema.parse(status.json()).number).toBe(42);

    const released = await w.run(["claim", "--release", "--json"], s1);
    expect(ReleaseClaimResultSchema.parse(released.json()).released).toBe(true);
    expect((await w.run(["claim", "42", ...repo], s2)).code).toBe(0);
  });

  it("rejects a bad issue number or two modes at once with exit 2", async () => {
    const w = world();
    expect((await w.run(["claim", "abc", ...repo])).code).toBe(2);
    expect((await w.run(["claim", "42", "--release", ...repo])).code).toBe(2);
  });
});
