import {
  AcquireResultSchema,
  CheckResultSchema,
  ExtendResultSchema,
  ForceReleaseResultSchema,
  ListLocksResultSchema,
  LockInfoSchema,
  ReleaseResultSchema,
} from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { backends } from "./helpers.js";

describe.each(backends())("baton lock on the $name backend", ({ world }) => {
  it("acquire, check, list, info, extend, release: JSON shapes and exit codes", async () => {
    const w = world();
    const a = { env: { BATON_SESSION_ID: "alice" } };
    const b = { env: { BATON_SESSION_ID: "bob" } };

    const got = await w.run(["lock", "acquire", "suite", "--ttl", "60", "--json"], a);
    expect(got.code).toBe(0);
    const acquired = AcquireResultSchema.parse(got.json());
    expect(acquired).toMatchObject({ acquired: true, lock_name: "resource:suite", held_by: "alice" });

    const refused = await w.run(["lock", "acquire", "suite", "--json"], b);
    expect(refused.code).toBe(1);
    expect(AcquireResultSchema.parse(refused.json())).toMatchObject({
      acquired: false,
      reason: "held",
      held_by: "alice",
    });

    const checked = await w.run(["lock", "check", "suite", "--json"], b);
    expect(checked.code).toBe(1);
    expect(CheckResultSchema.parse(checked.json())).toMatchObject({
      locked: true,
      mine: false,
      held_by: "alice",
    });
    expect((await w.run(["lock", "check", "suite"], a)).code).toBe(0);

    const listed = await w.run(["lock", "list", "--json"], b);
    expect(ListLocksResultSchema.parse(listed.json()).locks.map((l) => l.lock_name)).toEqual([
      "resource:suite",
    ]);

    const info = await w.run(["lock", "info", "suite", "--json"], b);
    expect(LockInfoSchema.parse(info.json())).toMatchObject({
      held_by: "alice",
      fencing_token: acquired.fencing_token,
    });

    const notMine = await w.run(["lock", "extend", "suite", "--ttl", "120", "--json"], b);
    expect(notMine.code).toBe(1);
    expect(ExtendResultSchema.parse(notMine.json())).toMatchObject({ extended: false, reason: "not_owner" });
    const extended = await w.run(["lock", "extend", "suite", "--ttl", "120", "--json"], a);
    expect(ExtendResultSchema.parse(extended.json()).extended).toBe(true);

    const wrongRelease = await w.run(["lock", "release", "suite", "--json"], b);
    expect(wrongRelease.code).toBe(1);
    expect(ReleaseResultSchema.parse(wrongRelease.json()).reason).toBe("not_owner");
    const released = await w.run(["lock", "release", "suite", "--json"], a);
    expect(released.code).toBe(0);
    expect(ReleaseResultSchema.parse(released.json()).released).toBe(true);

    const free = await w.run(["lock", "check", "suite", "--json"], b);
    expect(free.code).toBe(0);
    expect(CheckResultSchema.parse(free.json()).available).toBe(true);
    const gone = await w.run(["lock", "info", "suite"], b);
    expect(gone.code).toBe(1);
  });

  it("acquire --wait times out with exit 3, and wakes when the holder releases", async () => {
    const w = world();
    await w.run(["lock", "acquire", "suite"], { env: { BATON_SESSION_ID: "alice" } });
    const timedOut = await w.run(["lock", "acquire", "suite", "--wait", "1", "--json"], {
      env: { BATON_SESSION_ID: "bob" },
    });
    expect(timedOut.code).toBe(3);
    expect(AcquireResultSchema.parse(timedOut.json()).reason).toBe("timeout");

    const waiting = w.run(["lock", "acquire", "suite", "--wait", "60", "--json"], {
      env: { BATON_SESSION_ID: "bob" },
    });
    const waitingFree = w.run(["lock", "wait", "suite", "--wait", "60"], {
      env: { BATON_SESSION_ID: "carol" },
    });
    await new Promise((r) => setTimeout(r, 500));
    await w.run(["lock", "release", "suite"], { env: { BATON_SESSION_ID: "alice" } });
    const got = await waiting;
    expect(got.code).toBe(0);
    expect(AcquireResultSchema.parse(got.json())).toMatchObject({ acquired: true, held_by: "bob" });
    // carol may have seen the lock free for a moment or only once bob lets go: release bob's too.
    await w.run(["lock", "release", "suite"], { env: { BATON_SESSION_ID: "bob" } });
    expect((await waitingFree).code).toBe(0);
  });

  it("lock wait exits 3 when the lock stays held", async () => {
    const w = world();
    await w.run(["lock", "acquire", "suite"], { env: { BATON_SESSION_ID: "alice" } });
    const r = await w.run(["lock", "wait", "suite", "--wait", "1", "--json"], {
      env: { BATON_SESSION_ID: "bob" },
    });
    expect(r.code).toBe(3);
    expect(CheckResultSchema.parse(r.json()).held_by).toBe("alice");
  });

  it("force-release says whose lock it broke", async () => {
    const w = world();
    await w.run(["lock", "acquire", "issue:42"], { env: { BATON_SESSION_ID: "alice" } });
    const r = await w.run(["lock", "force-release", "issue:42", "--json"], {
      env: { BATON_SESSION_ID: "admin" },
    });
    expect(r.code).toBe(0);
    expect(ForceReleaseResultSchema.parse(r.json()).broke?.held_by).toBe("alice");
    const again = await w.run(["lock", "force-release", "issue:42"], { env: { BATON_SESSION_ID: "admin" } });
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/not held/);
  });

  it("bad names, TTLs and session ids exit 2 and change nothing", async () => {
    const w = world();
    const alice = { env: { BATON_SESSION_ID: "alice" } };
    for (const args of [
      ["lock", "acquire", "has space"],
      ["lock", "acquire", "x", "--ttl", "0"],
      ["lock", "acquire", "x", "--ttl", "86401"],
      ["lock", "acquire", "x", "--wait", "-1"],
      ["lock", "acquire", "x", "--session", "bad id!"],
      ["lock", "acquire", "x", "--backend", "mongo"],
    ]) {
      const r = await w.run(args, alice);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    const listed = await w.run(["lock", "list", "--json"], alice);
    expect(ListLocksResultSchema.parse(listed.json()).count).toBe(0);
  });

  it("human output is plain text when piped", async () => {
    const w = world();
    const r = await w.run(["lock", "acquire", "suite"], { env: { BATON_SESSION_ID: "alice", NO_COLOR: "" } });
    expect(r.stdout).toMatch(/^acquired resource:suite \(token \d+/);
    expect(r.stdout).not.toContain("\u001b[");
  });
});
