import {
  AcquireResultSchema,
  ClaimResultSchema,
  HeartbeatResultSchema,
  RegisterResultSchema,
} from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { backends } from "./helpers.js";

const a = { env: { BATON_SESSION_ID: "s1" } };
const b = { env: { BATON_SESSION_ID: "s2" } };

describe.each(backends())("drop-in bins of the original scripts on the $name backend", ({ world }) => {
  it("session-lock acquire NAME [TIMEOUT], check, list, release; a held lock times out with exit 3", async () => {
    const w = world();
    const lock = (args: string[], who = a) => w.run(args, { ...who, bin: "session-lock" });
    const got = await lock(["acquire", "pytest", "--json"]);
    expect(got.code).toBe(0);
    expect(AcquireResultSchema.parse(got.json()).acquired).toBe(true);
    expect((await lock(["check", "pytest"], b)).code).toBe(1);
    expect((await lock(["list"], b)).stdout).toMatch(/resource:pytest/);
    const timedOut = await lock(["acquire", "pytest", "1"], b);
    expect(timedOut.code).toBe(3);
    expect((await lock(["wait", "pytest", "1"], b)).code).toBe(3);
    expect((await lock(["release", "pytest"])).code).toBe(0);
    expect((await lock(["check", "pytest"], b)).code).toBe(0);
    expect((await lock(["acquire"])).code).toBe(2);
  });

  it("session-register start|pause|status|end|cleanup and claim", async () => {
    const w = world();
    const reg = (args: string[]) => w.run(args, { ...a, bin: "session-register" });
    expect(
      RegisterResultSchema.parse((await reg(["start", '{"task":"x"}', "--json"])).json()).session.metadata,
    ).toEqual({ task: "x" });
    expect((await reg(["pause"])).code).toBe(0);
    expect((await reg(["status"])).stdout).toMatch(/s1 \(me\)/);
    const claimed = await reg(["claim", "7", "Tidy", "--repo", "acme/api", "--json"]);
    expect(ClaimResultSchema.parse(claimed.json()).label).toBe("API #7: Tidy");
    expect((await reg(["end"])).stdout).toMatch(/ended s1/);
    expect((await reg(["cleanup"])).code).toBe(0);
    expect((await reg(["bogus"])).code).toBe(2);
  });

  it("session-heartbeat [touch]|check|age|list|cleanup|daemon|stop", async () => {
    const w = world();
    const hb = (args: string[]) => w.run(args, { ...a, bin: "session-heartbeat" });
    expect(HeartbeatResultSchema.parse((await hb(["--json"])).json()).registered).toBe(true);
    expect((await hb(["touch"])).code).toBe(0);
    expect((await hb(["check"])).code).toBe(0);
    expect((await hb(["age"])).stdout.trim()).toMatch(/^\d+$/);
    expect((await hb(["list"])).stdout).toMatch(/s1/);
    expect((await hb(["cleanup"])).code).toBe(0);
    expect((await hb(["daemon"])).stdout).toMatch(/started heartbeat daemon/);
    expect((await hb(["stop"])).stdout).toMatch(/stopped heartbeat daemon/);
  });

  it("claim-issue NUM [TITLE] | --check NUM | --list | --status | --release", async () => {
    const w = world();
    const ci = (args: string[], who = a) =>
      w.run([...args, "--repo", "acme/api"], { ...who, bin: "claim-issue" });
    expect((await ci(["12", "Add", "retries"])).stdout).toMatch(/claimed API #12: Add retries/);
    expect((await ci(["12"], b)).code).toBe(1);
    expect((await ci(["--check", "12"], b)).code).toBe(1);
    expect((await ci(["--list"], b)).stdout).toMatch(/API #12/);
    expect((await ci(["--status"])).stdout).toMatch(/API #12: Add retries/);
    expect((await ci(["--release"])).stdout).toMatch(/released API #12/);
    expect((await w.run([], { bin: "claim-issue" })).code).toBe(2);
  });
});
