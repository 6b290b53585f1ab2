import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { HistoryResultSchema, HoldSummarySchema } from "@agent-baton/core";
import { describe, expect, it, vi } from "vitest";
import { backends, collect, tempDir } from "./helpers.js";

vi.setConfig({ testTimeout: 120_000 });

const as = (id: string) => ({ env: { BATON_SESSION_ID: id } });

describe.each(backends())("baton history on the $name backend", ({ world }) => {
  it("shows an acquire, a release and a force-release with who and when; filters and sums them up", async () => {
    const w = world();
    const before = Date.now() - 1_000;
    await w.run(["lock", "acquire", "deploy"], as("alice"));
    await w.run(["lock", "release", "deploy"], as("alice"));
    await w.run(["lock", "acquire", "deploy"], as("alice"));
    expect((await w.run(["lock", "force-release", "deploy"], as("bob"))).code).toBe(0);
    await w.run(["lock", "acquire", "other"], as("carol"));

    const r = await w.run(["history", "--lock", "deploy", "--json"]);
    expect(r.code).toBe(0);
    const { events } = HistoryResultSchema.parse(r.json());
    expect(events.map((e) => [e.type, e.session, e.by])).toEqual([
      ["lock.acquired", "alice", null],
      ["lock.released", "alice", null],
      ["lock.acquired", "alice", null],
      ["lock.force_released", "alice", "bob"],
    ]);
    for (const e of events) {
      expect(e.name).toBe("resource:deploy");
      expect(Date.parse(e.time)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(e.time)).toBeLessThanOrEqual(Date.now());
    }
    // the token of each hold ties its start to its end
    expect(events[0]!.token).toBe(events[1]!.token);
    expect(events[2]!.token).toBe(events[3]!.token);

    const human = (await w.run(["history", "--since", "1h"])).stdout;
    expect(human).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}lock\.force_released +resource:deploy {2}alice@\S+ {2}token \d+ {2}by bob$/m,
    );
    expect(human).toMatch(/lock\.acquired +resource:other {2}carol@/);

    const byBob = HistoryResultSchema.parse((await w.run(["history", "--session", "bob", "--json"])).json());
    expect(byBob.events.map((e) => e.type)).toEqual(["lock.force_released"]);
    const future = await w.run(["history", "--since", new Date(Date.now() + 60_000).toISOString(), "--json"]);
    expect(HistoryResultSchema.parse(future.json()).events).toEqual([]);

    const report = (await w.run(["history", "--summary", "--json"])).json() as {
      summary: unknown[];
      events: number;
    };
    // resource:other is still held: only holds that began and ended in the events read count
    expect(report.summary.map((r) => HoldSummarySchema.parse(r))).toEqual([
      {
        lock_name: "resource:deploy",
        count: 2,
        p50_seconds: expect.any(Number),
        max_seconds: expect.any(Number),
      },
    ]);
    expect(report.events).toBeGreaterThan(0);
    expect((await w.run(["history", "--summary"])).stdout).toMatch(/^resource:deploy +2 +[\d.]+s +[\d.]+s$/m);
  });

  it("--follow prints a new event from another process as it happens, and exits 0 on Ctrl+C", async () => {
    const w = world();
    await w.run(["lock", "acquire", "first"], as("alice"));
    const follow = w.spawn(["history", "--follow", "--json"]);
    const done = collect(follow);
    let out = "";
    const saw = (what: string) =>
      new Promise<void>((resolve) => {
        const look = () => out.includes(what) && resolve();
        follow.stdout!.on("data", (d) => {
          out += d;
          look();
        });
        look();
      });
    await saw("resource:first");
    await w.run(["lock", "acquire", "second"], as("bob"));
    await saw("resource:second");
    follow.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => [e.type, e.name, e.session])).toEqual([
      ["lock.acquired", "resource:first", "alice"],
      ["lock.acquired", "resource:second", "bob"],
    ]);
  });

  it("lists reservations taken and released, whose and why, and filters by repo:glob", async () => {
    const w = world();
    const repo = join(realpathSync(tempDir("baton-history-repo-")), "repo");
    execFileSync("git", ["init", "-q", "-b", "main", repo]);
    const at = (id: string) => ({ env: { BATON_SESSION_ID: id }, cwd: repo });
    expect((await w.run(["reserve", "src/**", "--reason", "auth refactor"], at("alice"))).code).toBe(0);
    expect((await w.run(["reserve", "docs/**"], at("alice"))).code).toBe(0);
    expect((await w.run(["release-reservation", "docs/**"], at("alice"))).code).toBe(0);
    expect((await w.run(["session", "end"], at("alice"))).code).toBe(0);
    const key = (await w.run(["reserve", "src/**", "--json"], at("bob"))).json().repo as string;

    const { events } = HistoryResultSchema.parse((await w.run(["history", "--json"])).json());
    expect(
      events
        .filter((e) => e.type.startsWith("reservation."))
        .map((e) => [e.type, e.name, e.session, e.reason]),
    ).toEqual([
      ["reservation.taken", `${key}:src/**`, "alice", "auth refactor"],
      ["reservation.taken", `${key}:docs/**`, "alice", null],
      ["reservation.released", `${key}:docs/**`, "alice", null],
      ["reservation.released", `${key}:src/**`, "alice", null],
      ["reservation.taken", `${key}:src/**`, "bob", null],
    ]);
    const human = (await w.run(["history", "--lock", `${key}:src/**`])).stdout;
    expect(human.trim().split("\n")).toHaveLength(3);
    expect(human).toMatch(/ reservation\.taken +\S+:src\/\*\* {2}alice@\S+ {2}\(auth refactor\)$/m);
    expect(human).toMatch(/ reservation\.taken +\S+:src\/\*\* {2}bob@\S+$/m);
  });

  it("a bad --since, --limit or --follow with --summary exits 2 with one line", async () => {
    const w = world();
    for (const args of [
      ["--since", "yesterday"],
      ["--since", "1.5h"],
      ["--limit", "0"],
      ["--follow", "--summary"],
    ]) {
      const r = await w.run(["history", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stdout).toBe("");
    }
  });
});
