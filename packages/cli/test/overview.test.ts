import { createServer } from "node:net";
import {
  HealthResultSchema,
  ListClaimsResultSchema,
  ListLocksResultSchema,
  StatusResultSchema,
} from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { backends, makeWorld } from "./helpers.js";

describe.each(backends())("baton status and doctor on the $name backend", ({ name, world }) => {
  it("status shows sessions, locks and claims at a glance", async () => {
    const w = world();
    const s1 = { env: { BATON_SESSION_ID: "s1" } };
    await w.run(["session", "start"], s1);
    await w.run(["lock", "acquire", "suite"], s1);
    await w.run(["claim", "3", "--repo", "acme/api"], s1);
    const r = await w.run(["status", "--json"], s1);
    const { sessions, locks, claims } = r.json();
    expect(StatusResultSchema.parse(sessions).sessions[0]?.locks).toEqual(["resource:suite"]);
    expect(ListLocksResultSchema.parse(locks).count).toBe(1);
    expect(ListClaimsResultSchema.parse(claims).claims[0]?.label).toBe("API #3: Issue 3");
    const human = await w.run(["status"], s1);
    expect(human.stdout).toMatch(
      /sessions[\s\S]*s1 \(me\)[\s\S]*locks[\s\S]*resource:suite[\s\S]*claims[\s\S]*API #3/,
    );
  });

  it("doctor reports config sources, a reachable backend, identity and its source, and hooks", async () => {
    const w = world();
    await w.run(["hooks", "install"]);
    const r = await w.run(["doctor", "--json"], { env: { BATON_SESSION_ID: "s1" } });
    expect(r.code).toBe(0);
    const report = r.json();
    expect(HealthResultSchema.parse(report.health)).toMatchObject({ reachable: true, backend: name });
    expect(report.identity).toMatchObject({ session_id: "s1", source: "BATON_SESSION_ID" });
    expect(report.config.environment).toHaveProperty("COORDINATION_BACKEND", name);
    expect(Object.values(report.hooks)[0]).toMatchObject({ current: true, stale: [], original: [] });
  });
});

describe("an unreachable backend", () => {
  const deadUrl = async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    return `redis://:secret@127.0.0.1:${port}`;
  };

  it("fails within 5 s with exit 4 and one line naming the URL without its password", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "redis", REDIS_URL: await deadUrl() });
    const started = Date.now();
    const r = await w.run(["lock", "acquire", "x"], { env: { BATON_SESSION_ID: "s1" } });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/127\.0\.0\.1/);
    expect(r.stderr).not.toMatch(/secret/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a hook prints one line and exits 0; --strict exits 4; doctor exits 4", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "redis", REDIS_URL: await deadUrl() });
    const hook = await w.run(["heartbeat", "--hook"], {
      input: '{"session_id":"c1","hook_event_name":"UserPromptSubmit"}',
    });
    expect(hook.code).toBe(0);
    expect(hook.stdout).toBe("");
    expect(hook.stderr.trim().split("\n")).toHaveLength(1);
    expect((await w.run(["heartbeat", "--hook", "--strict"], { input: '{"session_id":"c1"}' })).code).toBe(4);
    expect((await w.run(["doctor"], { env: { BATON_SESSION_ID: "s1" } })).code).toBe(4);
  });
});
